using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>A response body and the price it carries.</summary>
internal sealed record ApiResponse(int Status, string Body, string? Value);

/// <summary>Prices a pair at the current instant, or null for a pair the model does not know.</summary>
internal delegate decimal? PriceQuote(string asset, string quote);

/// <summary>One impersonated API: its paths, and bodies shaped like the real API's documentation.</summary>
internal abstract class ExchangeApi
{
    public abstract string Name { get; }

    public abstract string Host { get; }

    public abstract ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now);

    public static ExchangeApi For(string template) => template switch
    {
        "coinbase" => new CoinbaseApi(),
        "kraken" => new KrakenApi(),
        "binance" => new BinanceApi(),
        "bitstamp" => new BitstampApi(),
        "coingecko" => new CoinGeckoApi(),
        _ => throw new ArgumentException($"no dev exchange for template \"{template}\" (known: coinbase, kraken, binance, bitstamp, coingecko)", nameof(template)),
    };

    protected static readonly string[] Fiat = ["USD", "EUR", "GBP"];

    /// <summary>Rounds half away from zero to <paramref name="dp"/> places and prints exactly that many.</summary>
    protected static string Fmt(decimal v, int dp) =>
        Math.Round(v, dp, MidpointRounding.AwayFromZero).ToString("F" + dp.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Splits <paramref name="symbol"/> into (asset, quote) by the first matching quote suffix.</summary>
    protected static (string Asset, string Quote)? Split(string symbol, IEnumerable<string> quotes)
    {
        foreach (var q in quotes)
        {
            if (symbol.Length > q.Length && symbol.EndsWith(q, StringComparison.Ordinal)) return (symbol[..^q.Length], q);
        }
        return null;
    }

    protected static ApiResponse Json(int status, JsonNode body, string? value) => new(status, body.ToJsonString(), value);
}
