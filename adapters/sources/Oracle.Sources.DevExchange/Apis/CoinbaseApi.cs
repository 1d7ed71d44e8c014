using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>Coinbase v2 <c>GET /v2/prices/{BASE}-{QUOTE}/spot</c>: <c>{"data":{"amount","base","currency"}}</c>;
/// fiat amounts with 2 decimals, crypto with 8.</summary>
internal sealed class CoinbaseApi : ExchangeApi
{
    public override string Name => "coinbase";

    public override string Host => "api.coinbase.com";

    public override ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now)
    {
        var parts = path.Split('/');
        // "", "v2", "prices", "BTC-USD", "spot"
        if (parts.Length == 5 && parts[1] == "v2" && parts[2] == "prices" && parts[4] == "spot")
        {
            var pair = parts[3].ToUpperInvariant().Split('-');
            if (pair.Length == 2 && price(pair[0], pair[1]) is { } p)
            {
                var amount = Fmt(p, Fiat.Contains(pair[1]) ? 2 : 8);
                return Json(200, new JsonObject
                {
                    ["data"] = new JsonObject { ["amount"] = amount, ["base"] = pair[0], ["currency"] = pair[1] },
                }, amount);
            }
            return Json(404, new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject { ["id"] = "not_found", ["message"] = "Invalid currency" }),
            }, null);
        }
        return Json(404, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["id"] = "not_found", ["message"] = "Not found" }),
        }, null);
    }
}
