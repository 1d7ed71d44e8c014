using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Oracle.Sources.DevExchange;
using Oracle.Sources.Tests.Support;

namespace Oracle.Sources.Tests;

public sealed class DevExchangeServerTests : IDisposable
{
    private static readonly SourceCatalog Catalog = SourceCatalog.CreateDefault();
    private readonly X509Certificate2 _ca = DevCertificates.CreateCa("Oracle.Sources test CA");

    public static TheoryData<string, string[], string, string> BtcUsd => new()
    {
        { "coinbase", ["base=BTC", "quote=USD"], "BTC", "USD" },
        { "kraken", ["pair=XBTUSD"], "BTC", "USD" },
        { "binance", ["symbol=BTCUSDT"], "BTC", "USDT" },
        { "bitstamp", ["pair=btcusd"], "BTC", "USD" },
        { "coingecko", ["id=bitcoin", "vs=usd"], "BTC", "USD" },
        { "kraken", ["pair=ETHUSD"], "ETH", "USD" },
        { "coinbase", ["base=ETH", "quote=BTC"], "ETH", "BTC" },
    };

    [Theory]
    [MemberData(nameof(BtcUsd))]
    public async Task Get_ServesTheTemplatesShape_WithTheRecordedMovingPrice(string adapter, string[] parameters, string asset, string quote)
    {
        var time = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(1_732_456_789));
        await using var server = await StartAsync(adapter, time);
        var source = Catalog.BuildSource(SourceTemplateTests.Request(adapter, parameters), new SourceEndpointOverride(null, server.Port));
        Assert.Equal(Catalog.Get(adapter).Host, server.Host);
        using var http = DevHttp.Create(_ca, server.Port);

        var values = new List<decimal>();
        foreach (var dt in new[] { 0, 150 })
        {
            time.Now = DateTimeOffset.FromUnixTimeSeconds(1_732_456_789 + dt);
            using var response = await http.GetAsync((string)source["url"]!);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.Date);
            var value = JsonPointer.EvaluateDecimal(await response.Content.ReadAsStringAsync(), (string)source["pointer"]!);
            var served = server.Served[^1];
            Assert.Equal(200, served.Status);
            Assert.Equal(time.Now, served.Time);
            Assert.Equal(new Uri((string)source["url"]!).PathAndQuery, served.Path);
            Assert.Equal(decimal.Parse(served.Value!, CultureInfo.InvariantCulture), value);
            var model = server.ModelPrice(asset, quote, time.Now.ToUnixTimeSeconds());
            Assert.True(Math.Abs(value - model) <= model * 0.0001m + 0.5m, $"{value} vs model {model}");
            values.Add(value);
        }
        Assert.NotEqual(values[0], values[1]);
        Assert.Equal(2, server.Served.Count);
    }

    [Fact]
    public async Task Get_Answers503AndRecordsIt_WhenModeIsHttp503()
    {
        await using var server = await StartAsync("binance");
        using var http = DevHttp.Create(_ca, server.Port);
        server.SetDown(true);
        using (var r = await http.GetAsync($"https://api.binance.com:{server.Port}/api/v3/ticker/price?symbol=BTCUSDT"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        server.SetDown(false);
        using (var r = await http.GetAsync($"https://api.binance.com:{server.Port}/api/v3/ticker/price?symbol=BTCUSDT"))
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal([503, 200], server.Served.Select(s => s.Status));
        Assert.Null(server.Served[0].Value);
    }

    [Fact]
    public async Task Get_NeverAnswers_WhenModeIsStall()
    {
        await using var server = await StartAsync("coinbase");
        server.Mode = DevExchangeMode.Stall;
        using var http = DevHttp.Create(_ca, server.Port, TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => http.GetAsync($"https://api.coinbase.com:{server.Port}/v2/prices/BTC-USD/spot"));
        Assert.Equal(0, Assert.Single(server.Served).Status);
    }

    [Theory]
    [InlineData("coinbase", "/v2/prices/BTC-USD/spot", "/data/amount", "43210.50")]
    [InlineData("kraken", "/0/public/Ticker?pair=XBTUSD", "/result/XXBTZUSD/c/0", "43210.50000")]
    [InlineData("binance", "/api/v3/ticker/price?symbol=BTCUSDT", "/price", "43210.50000000")]
    [InlineData("bitstamp", "/api/v2/ticker/btcusd/", "/last", "43211")]
    [InlineData("coingecko", "/api/v3/simple/price?ids=bitcoin&vs_currencies=usd", "/bitcoin/usd", "43210.5")]
    public async Task Get_ServesTheFixedPriceInTheApisFormat_WhenFixed(string adapter, string path, string pointer, string expected)
    {
        await using var server = await StartAsync(adapter);
        server.SetFixedPrice(43210.5m);
        using var http = DevHttp.Create(_ca, server.Port);
        var body = await http.GetStringAsync($"https://{server.Host}:{server.Port}{path}");
        Assert.Equal(expected, server.Served[^1].Value);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), JsonPointer.EvaluateDecimal(body, pointer));
    }

    [Theory]
    [InlineData("coinbase", "/v2/prices/XYZ-USD/spot", 404)]
    [InlineData("kraken", "/0/public/Ticker?pair=XYZUSD", 200)]
    [InlineData("binance", "/api/v3/ticker/price?symbol=XYZUSDT", 400)]
    [InlineData("bitstamp", "/api/v2/ticker/xyzusd/", 404)]
    [InlineData("coingecko", "/api/v3/simple/price?ids=xyz&vs_currencies=usd", 200)]
    public async Task Get_AnswersLikeTheApi_WhenThePairIsUnknown(string adapter, string path, int status)
    {
        await using var server = await StartAsync(adapter);
        using var http = DevHttp.Create(_ca, server.Port);
        using var r = await http.GetAsync($"https://{server.Host}:{server.Port}{path}");
        Assert.Equal(status, (int)r.StatusCode);
        Assert.Null(server.Served[^1].Value);
    }

    [Fact]
    public void PriceModel_KeepsFiveExchangesWithinOnePercent_AndMovesWithTime()
    {
        var model = new PriceModel();
        string[] exchanges = ["coinbase", "kraken", "binance", "bitstamp", "coingecko"];
        for (long t = 1_732_000_000; t < 1_732_000_000 + 7200; t += 37)
        {
            var prices = exchanges.Select(e => model.Price("BTC", "USD", e, t)).ToList();
            Assert.True(prices.Max() / prices.Min() < 1.006m, $"spread at {t}");
        }
        Assert.NotEqual(model.Price("BTC", "USD", "kraken", 1_732_000_000), model.Price("BTC", "USD", "kraken", 1_732_000_150));
        Assert.Equal(model.Price("ETH", "USD", "kraken", 1_732_000_000), new PriceModel().Price("ETH", "USD", "kraken", 1_732_000_000));
    }

    [Fact]
    public void Constructor_Throws_ForAnUnknownTemplateOrACertificateWithoutKey()
    {
        using var leaf = DevCertificates.IssueLeaf(_ca, "api.coinbase.com");
        Assert.Throws<ArgumentException>(() => new DevExchangeServer("ftx", leaf));
        using var publicOnly = X509CertificateLoader.LoadCertificate(leaf.RawData);
        Assert.Throws<ArgumentException>(() => new DevExchangeServer("coinbase", publicOnly));
    }

    private async Task<DevExchangeServer> StartAsync(string adapter, TimeProvider? time = null)
    {
        var host = Catalog.Get(adapter).Host;
        var server = new DevExchangeServer(adapter, DevCertificates.IssueLeaf(_ca, host), 0, time: time);
        await server.StartAsync();
        Assert.NotEqual(0, server.Port);
        return server;
    }

    public void Dispose() => _ca.Dispose();
}
