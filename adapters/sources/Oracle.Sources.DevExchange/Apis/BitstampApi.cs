using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>Bitstamp v2 <c>GET /api/v2/ticker/{pair}/</c>: <c>{"timestamp","open","high","low","last","volume",
/// "vwap","bid","ask","side","open_24","percent_change_24","market_type"}</c>, all strings; BTC against fiat
/// in whole units, other fiat pairs with 2 decimals, crypto quotes with 8.</summary>
internal sealed class BitstampApi : ExchangeApi
{
    private static readonly string[] Quotes = ["usdt", "usdc", "usd", "eur", "gbp", "btc", "eth"];

    public override string Name => "bitstamp";

    public override string Host => "www.bitstamp.net";

    public override ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now)
    {
        var parts = path.Split('/');
        // "", "api", "v2", "ticker", "btcusd", ""
        if (parts.Length != 6 || parts[1] != "api" || parts[2] != "v2" || parts[3] != "ticker" || parts[5] != "")
            return Json(404, new JsonObject { ["status"] = "error", ["reason"] = "Not found" }, null);
        var split = Split(parts[4], Quotes);
        decimal? p = split is (var a, var q) ? price(a.ToUpperInvariant(), q.ToUpperInvariant()) : null;
        if (p is not { } v)
            return Json(404, new JsonObject { ["status"] = "error", ["reason"] = "Currency pair not found" }, null);
        var fiatQuote = Fiat.Contains(split!.Value.Quote.ToUpperInvariant()) || split.Value.Quote.StartsWith("usd", StringComparison.Ordinal);
        var dp = !fiatQuote ? 8 : split.Value.Asset == "btc" ? 0 : 2;
        string P(decimal x) => Fmt(x, dp);
        var last = P(v);
        var open24 = v * 0.99m;
        var body = new JsonObject
        {
            ["timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["open"] = P(v * 0.995m),
            ["high"] = P(v * 1.02m),
            ["low"] = P(v * 0.98m),
            ["last"] = last,
            ["volume"] = "1234.56789012",
            ["vwap"] = P(v * 0.998m),
            ["bid"] = P(v * 0.9999m),
            ["ask"] = P(v * 1.0001m),
            ["side"] = "0",
            ["open_24"] = P(open24),
            ["percent_change_24"] = Fmt((v - open24) / open24 * 100, 2),
            ["market_type"] = "SPOT",
        };
        return Json(200, body, last);
    }
}
