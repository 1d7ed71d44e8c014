namespace Oracle.Sources.DevExchange;

/// <summary>A deterministic price for (asset, quote, exchange, unix time): the USD reference ratio times
/// <c>1 + 0.02·sin(2πt/600 + φ_asset) + offset_exchange + 0.0005·sin(2πt/97 + φ_exchange)</c>, where the
/// per-exchange offset lies within ±0.15%. Any two exchanges therefore differ by less than 0.45% at one instant,
/// so five of them pass a median aggregation with <c>max_deviation_bps</c> 100.</summary>
public sealed class PriceModel
{
    /// <summary>USD value of one unit of each asset the model knows (stablecoins at 1).</summary>
    public static readonly IReadOnlyDictionary<string, decimal> DefaultUsdPrices = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["BTC"] = 60000m,
        ["ETH"] = 3000m,
        ["SOL"] = 150m,
        ["USD"] = 1m,
        ["USDT"] = 1m,
        ["USDC"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
    };

    private readonly IReadOnlyDictionary<string, decimal> _usd;

    /// <summary>Creates the model over the given USD reference prices (default <see cref="DefaultUsdPrices"/>).</summary>
    public PriceModel(IReadOnlyDictionary<string, decimal>? usdPrices = null) => _usd = usdPrices ?? DefaultUsdPrices;

    /// <summary>Whether the model prices <paramref name="asset"/> (upper-case code such as BTC).</summary>
    public bool Knows(string asset) => _usd.ContainsKey(asset);

    /// <summary>The price of one <paramref name="asset"/> in <paramref name="quote"/> on <paramref name="exchange"/>
    /// at <paramref name="unixSeconds"/>, unrounded.</summary>
    /// <exception cref="ArgumentException">An asset the model does not know.</exception>
    public decimal Price(string asset, string quote, string exchange, long unixSeconds)
    {
        if (!_usd.TryGetValue(asset, out var a)) throw new ArgumentException($"unknown asset {asset}", nameof(asset));
        if (!_usd.TryGetValue(quote, out var q)) throw new ArgumentException($"unknown asset {quote}", nameof(quote));
        var h = Fnv(exchange);
        var offset = ((h % 301) - 150) / 100000.0;                 // ±0.15%
        var exchangePhase = (h >> 16) % 6283 / 1000.0;
        var assetPhase = Fnv(asset) % 6283 / 1000.0;
        var t = (double)unixSeconds;
        var factor = 1 + 0.02 * Math.Sin(2 * Math.PI * t / 600 + assetPhase) + offset + 0.0005 * Math.Sin(2 * Math.PI * t / 97 + exchangePhase);
        return a / q * (decimal)factor;
    }

    private static long Fnv(string s)
    {
        uint h = 2166136261;
        foreach (var c in s)
        {
            h ^= c;
            h *= 16777619;
        }
        return h;
    }
}
