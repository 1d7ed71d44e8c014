using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Sources.DevExchange;
using Oracle.Sources.Tests.Support;

namespace Oracle.Sources.Tests;

/// <summary>The real (sim) enclave fetching from five dev exchanges whose leaves the build's dev CA issued: the
/// enclave verifies each chain and host name itself, so this is the devnet's path end to end.</summary>
public sealed class EnclaveDevExchangeTests : IAsyncLifetime
{
    private const int Decimals = 8;
    private static readonly SourceCatalog Catalog = SourceCatalog.CreateDefault();
    private static readonly JobSpecBuilder Builder = new(Catalog);
    private readonly List<DevExchangeServer> _servers = [];

    public async Task InitializeAsync()
    {
        using var ca = DevCertificates.LoadCa(Path.Combine(EnclaveRunner.DevCaDirectory, "dev-ca.pem"), Path.Combine(EnclaveRunner.DevCaDirectory, "dev-ca.key"));
        foreach (var t in Catalog.Templates)
        {
            var server = new DevExchangeServer(t.Name, DevCertificates.IssueLeaf(ca, t.Host));
            await server.StartAsync();
            _servers.Add(server);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _servers) await s.DisposeAsync();
    }

    [Fact]
    public async Task Execute_SignsTheMedianOfWhatTheExchangesServed_WithOurFeedId()
    {
        var (job, result) = await RunAsync(Aggregation.Median(3, 100));

        Assert.True((bool?)result["ok"] == true, result.ToJsonString());
        Assert.Equal(FeedId.ComputeHex(job), (string?)result["feed_id"]);
        var served = _servers.Select(s => Assert.Single(s.Served)).ToList();
        Assert.All(served, q => Assert.Equal(200, q.Status));
        Assert.Equal(Median(served.Select(q => Scale(q.Value!))).ToString(CultureInfo.InvariantCulture), (string?)result["value"]);
        Assert.Equal(5, (int?)result["sources_used"]);
        Assert.Single(result["reports"]!.AsArray());
    }

    [Fact]
    public async Task Execute_UsesTheOthers_WhenOneExchangeAnswers503()
    {
        _servers.Single(s => s.Exchange == "kraken").SetDown(true);
        var (job, result) = await RunAsync(Aggregation.Median(3, 100));

        Assert.True((bool?)result["ok"] == true, result.ToJsonString());
        Assert.Equal(FeedId.ComputeHex(job), (string?)result["feed_id"]);
        var good = _servers.Where(s => s.Exchange != "kraken").Select(s => Scale(Assert.Single(s.Served).Value!));
        Assert.Equal(Median(good).ToString(CultureInfo.InvariantCulture), (string?)result["value"]);
        Assert.Equal(4, (int?)result["sources_used"]);
        var kraken = result["sources"]!.AsArray().Single(s => ((string?)s!["url"])!.Contains("kraken", StringComparison.Ordinal))!;
        Assert.Equal("http_status", (string?)kraken["error"]!["code"]);
    }

    [Fact]
    public async Task Execute_FailsWithDeviation_WhenOneExchangeIsFarOff()
    {
        _servers.Single(s => s.Exchange == "bitstamp").SetFixedPrice(1000m);
        var (job, result) = await RunAsync(Aggregation.Median(3, 100));

        Assert.False((bool?)result["ok"], result.ToJsonString());
        Assert.Equal("deviation", (string?)result["error"]!["code"]);
        Assert.Equal(FeedId.ComputeHex(job), (string?)result["feed_id"]);
    }

    private async Task<(JsonObject Job, JsonObject Result)> RunAsync(Aggregation aggregation)
    {
        var feed = new FeedSpec("BTC/USD", Decimals,
        [
            SourceRequest.Of("coinbase", ("base", "BTC"), ("quote", "USD")),
            SourceRequest.Of("kraken", ("pair", "XBTUSD")),
            SourceRequest.Of("binance", ("symbol", "BTCUSDT")),
            SourceRequest.Of("bitstamp", ("pair", "btcusd")),
            SourceRequest.Of("coingecko", ("id", "bitcoin"), ("vs", "usd")),
        ], aggregation, new JobLimits(JobTimeout: TimeSpan.FromSeconds(30)));
        var ports = _servers.ToDictionary(s => s.Exchange, s => s.Port);
        var job = Builder.Build(feed, s => new SourceEndpointOverride(null, ports[s.Adapter]));
        var args = _servers.SelectMany(s => new[] { "--resolve", $"{s.Host}:{s.Port}:127.0.0.1" });
        var result = await EnclaveRunner.RunAsync(job, args);
        return (job, result);
    }

    private static BigInteger Scale(string value)
    {
        var d = decimal.Parse(value, CultureInfo.InvariantCulture);
        var scaled = d * 100_000_000m;
        Assert.Equal(decimal.Truncate(scaled), scaled);
        return new BigInteger(scaled);
    }

    // The enclave's median: the middle value, or the mean of the middle two rounded toward zero.
    private static BigInteger Median(IEnumerable<BigInteger> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
