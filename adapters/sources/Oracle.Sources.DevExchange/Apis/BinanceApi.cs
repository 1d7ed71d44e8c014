using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>Binance <c>GET /api/v3/ticker/price?symbol=BTCUSDT</c>: <c>{"symbol","price"}</c>, price a string
/// with 8 decimals (tick 0.01 against fiat and stablecoins, 0.00001 against crypto).</summary>
internal sealed class BinanceApi : ExchangeApi
{
    private static readonly string[] Quotes = ["USDT", "USDC", "FDUSD", "EUR", "BTC", "ETH"];

    public override string Name => "binance";

    public override string Host => "api.binance.com";

    public override ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now)
    {
        if (path != "/api/v3/ticker/price")
            return Json(404, new JsonObject { ["code"] = -1, ["msg"] = "Not found" }, null);
        var symbol = query["symbol"].ToString();
        var split = Split(symbol, Quotes);
        decimal? p = split is (var a, var q) ? price(a, q == "FDUSD" ? "USD" : q) : null;
        if (p is not { } v)
            return Json(400, new JsonObject { ["code"] = -1121, ["msg"] = "Invalid symbol." }, null);
        var tick = split!.Value.Quote is "BTC" or "ETH" ? 5 : 2;
        var text = Fmt(Math.Round(v, tick, MidpointRounding.AwayFromZero), 8);
        return Json(200, new JsonObject { ["symbol"] = symbol, ["price"] = text }, text);
    }
}
