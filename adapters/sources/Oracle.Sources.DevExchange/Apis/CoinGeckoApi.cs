using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Oracle.Sources.DevExchange.Apis;

/// <summary>CoinGecko <c>GET /api/v3/simple/price?ids=bitcoin,ethereum&amp;vs_currencies=usd</c>:
/// <c>{"bitcoin":{"usd":43000.12}}</c>, prices as JSON numbers (2 decimals against fiat, 8 against crypto,
/// trailing zeros dropped); unknown ids and currencies are left out, as CoinGecko does.</summary>
internal sealed class CoinGeckoApi : ExchangeApi
{
    private static readonly Dictionary<string, string> Ids = new(StringComparer.Ordinal)
    {
        ["bitcoin"] = "BTC",
        ["ethereum"] = "ETH",
        ["solana"] = "SOL",
        ["tether"] = "USDT",
        ["usd-coin"] = "USDC",
    };

    public override string Name => "coingecko";

    public override string Host => "api.coingecko.com";

    public override ApiResponse Respond(string path, IQueryCollection query, PriceQuote price, DateTimeOffset now)
    {
        if (path != "/api/v3/simple/price")
            return Json(404, new JsonObject { ["error"] = "Incorrect path. Please check https://www.coingecko.com/api/documentation" }, null);
        var ids = query["ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var vss = query["vs_currencies"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var body = new JsonObject();
        string? first = null;
        foreach (var id in ids)
        {
            if (!Ids.TryGetValue(id, out var asset) || body.ContainsKey(id)) continue;
            var prices = new JsonObject();
            foreach (var vs in vss)
            {
                if (prices.ContainsKey(vs) || price(asset, vs.ToUpperInvariant()) is not { } v) continue;
                var dp = Fiat.Contains(vs.ToUpperInvariant()) ? 2 : 8;
                var n = decimal.Parse(Fmt(v, dp).TrimEnd('0').TrimEnd('.'), CultureInfo.InvariantCulture);
                var node = JsonValue.Create(n);
                first ??= node.ToJsonString();
                prices[vs] = node;
            }
            if (prices.Count > 0) body[id] = prices;
        }
        return Json(200, body, first);
    }
}
