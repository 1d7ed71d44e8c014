namespace Oracle.Sources.Templates;

/// <summary>Kraken public Ticker: <c>GET /0/public/Ticker?pair={pair}</c> answers
/// <c>{"error":[],"result":{"XXBTZUSD":{..., "c":["43000.10000","0.001"], ...}}}</c>; the value is the last trade
/// price <c>/result/{result_key}/c/0</c>. Kraken keys the result by its own pair name, which differs from the
/// requested one for the legacy X/Z-prefixed assets.</summary>
public sealed class KrakenTemplate : SourceTemplate
{
    /// <summary>Requested pair to result key, for the pairs whose keys are known; others need <c>result_key</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> ResultKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["XBTUSD"] = "XXBTZUSD",
        ["XBTEUR"] = "XXBTZEUR",
        ["ETHUSD"] = "XETHZUSD",
        ["ETHEUR"] = "XETHZEUR",
        ["ETHXBT"] = "XETHXXBT",
        ["XBTUSDT"] = "XBTUSDT",
        ["ETHUSDT"] = "ETHUSDT",
        ["USDTUSD"] = "USDTZUSD",
        ["SOLUSD"] = "SOLUSD",
    };

    /// <inheritdoc />
    public override string Name => "kraken";
    /// <inheritdoc />
    public override string Description => "Kraken Ticker last trade price (string), /result/{key}/c/0";
    /// <inheritdoc />
    public override string Host => "api.kraken.com";
    /// <inheritdoc />
    public override IReadOnlyList<ParamSpec> Params { get; } =
    [
        new("pair", "Kraken pair, e.g. XBTUSD", true, "[A-Z0-9]{4,16}"),
        new("result_key", "key of the pair in Kraken's result, e.g. XXBTZUSD (default: known for "
            + "XBTUSD, XBTEUR, ETHUSD, ETHEUR, ETHXBT, XBTUSDT, ETHUSDT, USDTUSD, SOLUSD)", false, "[A-Z0-9.]{4,24}"),
    ];

    /// <inheritdoc />
    protected override Endpoint Build(IReadOnlyDictionary<string, string> p)
    {
        var pair = p["pair"];
        if (!p.TryGetValue("result_key", out var key))
        {
            if (!ResultKeys.TryGetValue(pair, out key))
                throw new SourceException(SourceErrorCode.MissingParam,
                    $"kraken: missing param \"result_key\" (pair {pair} has no known result key)", Name, "result_key");
        }
        return new($"/0/public/Ticker?pair={Enc(pair)}", $"/result/{Tok(key)}/c/0");
    }
}
