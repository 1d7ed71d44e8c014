using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Oracle.Sources.Templates;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>Kraken <c>GET /0/public/Ticker?pair=XBTUSD</c>: <c>{"error":[],"result":{"XXBTZUSD":{"a","b","c","v","p","t","l","h","o"}}}</c>,
/// prices as strings with 5 decimals (tick 0.1 for XBT, 0.01 otherwise), trade counts as numbers.</summary>
internal sealed class KrakenApi : ExchangeApi
{
    private static readonly string[] Quotes = ["USDT", "USDC", "USD", "EUR", "GBP", "XBT", "ETH"];

    public override string Name => "kraken";

    public override string Host => "api.kraken.com";

    public override ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now)
    {
        if (path != "/0/public/Ticker")
            return Json(404, new JsonObject { ["error"] = new JsonArray("EGeneral:Unknown method") }, null);
        var pair = query["pair"].ToString().ToUpperInvariant();
        var split = Split(pair, Quotes);
        decimal? p = split is (var a, var q) ? price(Asset(a), Asset(q)) : null;
        if (p is not { } v)
            return Json(200, new JsonObject { ["error"] = new JsonArray("EQuery:Unknown asset pair") }, null);
        var key = KrakenTemplate.ResultKeys.TryGetValue(pair, out var k) ? k : pair;
        var tick = split!.Value.Asset == "XBT" && Fiat.Contains(split.Value.Quote) ? 1 : 2;
        string P(decimal x) => Fmt(Math.Round(x, tick, MidpointRounding.AwayFromZero), 5);
        var last = P(v);
        var ticker = new JsonObject
        {
            ["a"] = new JsonArray(P(v * 1.0001m), "1", "1.000"),
            ["b"] = new JsonArray(P(v * 0.9999m), "2", "2.000"),
            ["c"] = new JsonArray(last, "0.00150000"),
            ["v"] = new JsonArray("1234.56789012", "2345.67890123"),
            ["p"] = new JsonArray(P(v * 0.998m), P(v * 0.997m)),
            ["t"] = new JsonArray(12345, 23456),
            ["l"] = new JsonArray(P(v * 0.98m), P(v * 0.97m)),
            ["h"] = new JsonArray(P(v * 1.02m), P(v * 1.03m)),
            ["o"] = P(v * 0.995m),
        };
        return Json(200, new JsonObject { ["error"] = new JsonArray(), ["result"] = new JsonObject { [key] = ticker } }, last);
    }

    private static string Asset(string kraken) => kraken switch
    {
        "XBT" or "XXBT" => "BTC",
        "XETH" => "ETH",
        "ZUSD" => "USD",
        "ZEUR" => "EUR",
        _ => kraken,
    };
}
