using System.Text.Json.Nodes;

namespace Oracle.Sources.Tests;

public sealed class SourceTemplateTests
{
    private static readonly SourceCatalog Catalog = SourceCatalog.CreateDefault();
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const string Hdr = "\"headers\":{\"Accept\":\"application/json\",\"User-Agent\":\"AttestedOracle/1\"}";

    public static TheoryData<string, string[], string> Built => new()
    {
        { "coinbase", ["base=BTC", "quote=USD"], "{\"url\":\"https://api.coinbase.com/v2/prices/BTC-USD/spot\"," + Hdr + ",\"pointer\":\"/data/amount\"}" },
        { "kraken", ["pair=XBTUSD"], "{\"url\":\"https://api.kraken.com/0/public/Ticker?pair=XBTUSD\"," + Hdr + ",\"pointer\":\"/result/XXBTZUSD/c/0\"}" },
        { "kraken", ["pair=ETHUSD"], "{\"url\":\"https://api.kraken.com/0/public/Ticker?pair=ETHUSD\"," + Hdr + ",\"pointer\":\"/result/XETHZUSD/c/0\"}" },
        { "kraken", ["pair=DOTUSD", "result_key=DOTUSD"], "{\"url\":\"https://api.kraken.com/0/public/Ticker?pair=DOTUSD\"," + Hdr + ",\"pointer\":\"/result/DOTUSD/c/0\"}" },
        { "kraken", ["pair=XBTUSD", "result_key=XBTUSD"], "{\"url\":\"https://api.kraken.com/0/public/Ticker?pair=XBTUSD\"," + Hdr + ",\"pointer\":\"/result/XBTUSD/c/0\"}" },
        { "binance", ["symbol=BTCUSDT"], "{\"url\":\"https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT\"," + Hdr + ",\"pointer\":\"/price\"}" },
        { "bitstamp", ["pair=btcusd"], "{\"url\":\"https://www.bitstamp.net/api/v2/ticker/btcusd/\"," + Hdr + ",\"pointer\":\"/last\"}" },
        { "coingecko", ["id=bitcoin", "vs=usd"], "{\"url\":\"https://api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies=usd\"," + Hdr + ",\"pointer\":\"/bitcoin/usd\"}" },
        { "coingecko", ["id=usd-coin", "vs=eur", "api_key=CG-abcdef123456"],
            "{\"url\":\"https://api.coingecko.com/api/v3/simple/price?ids=usd-coin&vs_currencies=eur\",\"headers\":{\"Accept\":\"application/json\",\"User-Agent\":\"AttestedOracle/1\",\"x-cg-demo-api-key\":\"CG-abcdef123456\"},\"pointer\":\"/usd-coin/eur\"}" },
    };

    [Theory]
    [MemberData(nameof(Built))]
    public void BuildSource_WritesTheEnclaveSourceObject_ForEachTemplate(string adapter, string[] parameters, string expected)
    {
        var source = Catalog.BuildSource(Request(adapter, parameters));
        Assert.Equal(expected, source.ToJsonString(Relaxed));
    }

    [Theory]
    [InlineData("localhost", 8443, "https://localhost:8443/v2/prices/BTC-USD/spot")]
    [InlineData(null, 8443, "https://api.coinbase.com:8443/v2/prices/BTC-USD/spot")]
    [InlineData("exchange.devnet", null, "https://exchange.devnet/v2/prices/BTC-USD/spot")]
    [InlineData("API.Example.COM", 443, "https://api.example.com/v2/prices/BTC-USD/spot")]
    public void BuildSource_ReplacesOnlyHostAndPort_WhenOverridden(string? host, int? port, string expectedUrl)
    {
        var source = Catalog.BuildSource(Request("coinbase", ["base=BTC", "quote=USD"]), new SourceEndpointOverride(host, port));
        Assert.Equal(expectedUrl, (string?)source["url"]);
        Assert.Equal("/data/amount", (string?)source["pointer"]);
    }

    [Theory]
    [InlineData("127.0.0.1", null, "host")]
    [InlineData("::1", null, "host")]
    [InlineData("bad host", null, "host")]
    [InlineData("evil.com/x?", null, "host")]
    [InlineData(null, 0, "port")]
    [InlineData(null, 65536, "port")]
    public void BuildSource_Throws_WhenOverrideIsUnusable(string? host, int? port, string param)
    {
        var e = Assert.Throws<SourceException>(() =>
            Catalog.BuildSource(Request("coinbase", ["base=BTC", "quote=USD"]), new SourceEndpointOverride(host, port)));
        Assert.Equal(SourceErrorCode.InvalidOverride, e.Code);
        Assert.Equal(param, e.Param);
        Assert.Contains("coinbase", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_ThrowsNamingTheAdapterAndListingKnownOnes_WhenUnknown()
    {
        var e = Assert.Throws<SourceException>(() => Catalog.Get("coinbose"));
        Assert.Equal(SourceErrorCode.UnknownAdapter, e.Code);
        Assert.Equal("coinbose", e.Adapter);
        Assert.Equal("unknown adapter \"coinbose\" (known: binance, bitstamp, coinbase, coingecko, kraken)", e.Message);
        Assert.False(e.IsRetryable);
    }

    public static TheoryData<string, string[], string, SourceErrorCode> Bad => new()
    {
        // name: missing
        { "coinbase", ["quote=USD"], "base", SourceErrorCode.MissingParam },
        { "coinbase", ["base=BTC"], "quote", SourceErrorCode.MissingParam },
        { "coinbase", ["base=", "quote=USD"], "base", SourceErrorCode.MissingParam },
        { "kraken", [], "pair", SourceErrorCode.MissingParam },
        { "kraken", ["pair=DOTUSD"], "result_key", SourceErrorCode.MissingParam },
        { "binance", [], "symbol", SourceErrorCode.MissingParam },
        { "bitstamp", [], "pair", SourceErrorCode.MissingParam },
        { "coingecko", ["vs=usd"], "id", SourceErrorCode.MissingParam },
        { "coingecko", ["id=bitcoin"], "vs", SourceErrorCode.MissingParam },
        // injection attempts and charset
        { "coinbase", ["base=BTC/../../x", "quote=USD"], "base", SourceErrorCode.InvalidParam },
        { "coinbase", ["base=btc", "quote=USD"], "base", SourceErrorCode.InvalidParam },
        { "coinbase", ["base=BTC", "quote=USD?x=1"], "quote", SourceErrorCode.InvalidParam },
        { "coinbase", ["base=BTC", "quote=US%44"], "quote", SourceErrorCode.InvalidParam },
        { "kraken", ["pair=XBTUSD&pair=ETHUSD"], "pair", SourceErrorCode.InvalidParam },
        { "kraken", ["pair=XBTUSD", "result_key=a/b"], "result_key", SourceErrorCode.InvalidParam },
        { "kraken", ["pair=XBTUSD", "result_key="], "result_key", SourceErrorCode.InvalidParam },
        { "binance", ["symbol=BTCUSDT#"], "symbol", SourceErrorCode.InvalidParam },
        { "binance", ["symbol=BTC USDT"], "symbol", SourceErrorCode.InvalidParam },
        { "bitstamp", ["pair=BTCUSD"], "pair", SourceErrorCode.InvalidParam },
        { "bitstamp", ["pair=btcusd/../../x"], "pair", SourceErrorCode.InvalidParam },
        { "coingecko", ["id=bit~coin", "vs=usd"], "id", SourceErrorCode.InvalidParam },
        { "coingecko", ["id=bitcoin", "vs=usd&x=1"], "vs", SourceErrorCode.InvalidParam },
        { "coingecko", ["id=bitcoin", "vs=usd", "api_key=abc\r\nHost: x"], "api_key", SourceErrorCode.InvalidParam },
        { "coingecko", ["id=bitcoin", "vs=usd", "api_key=short"], "api_key", SourceErrorCode.InvalidParam },
        // unknown
        { "coinbase", ["base=BTC", "quote=USD", "qoute=EUR"], "qoute", SourceErrorCode.UnknownParam },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void BuildSource_ThrowsNamingAdapterAndParam_WhenParamMissingOrInvalid(string adapter, string[] parameters, string param, SourceErrorCode code)
    {
        var e = Assert.Throws<SourceException>(() => Catalog.BuildSource(Request(adapter, parameters)));
        Assert.Equal(code, e.Code);
        Assert.Equal(adapter, e.Adapter);
        Assert.Equal(param, e.Param);
        Assert.Contains(adapter, e.Message, StringComparison.Ordinal);
        Assert.Contains(param, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_DescribeTheirParams()
    {
        foreach (var t in Catalog.Templates)
        {
            Assert.NotEmpty(t.Description);
            Assert.NotEmpty(t.Params);
            Assert.Contains(t.Params, p => p.Required);
            Assert.All(t.Params, p => Assert.NotEmpty(p.Description));
        }
    }

    internal static SourceRequest Request(string adapter, IEnumerable<string> parameters) =>
        new(adapter, parameters.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));
}
