using System.Text.Json.Nodes;
using Oracle.Sources.Tests.Support;

namespace Oracle.Sources.Tests;

/// <summary>Our feed id against the enclave's: the enclave returns <c>feed_id</c> even when every source fails, so
/// each job is run with its hosts resolved to a closed loopback port (connection refused at once).</summary>
public sealed class FeedIdEnclaveTests
{
    private static readonly SourceCatalog Catalog = SourceCatalog.CreateDefault();
    private static readonly JobSpecBuilder Builder = new(Catalog);

    private static readonly SourceRequest[] Pool =
    [
        SourceRequest.Of("coinbase", ("base", "BTC"), ("quote", "USD")),
        SourceRequest.Of("coinbase", ("base", "ETH"), ("quote", "EUR")),
        SourceRequest.Of("kraken", ("pair", "XBTUSD")),
        SourceRequest.Of("kraken", ("pair", "ETHUSD")),
        SourceRequest.Of("kraken", ("pair", "DOTUSD"), ("result_key", "DOTUSD")),
        SourceRequest.Of("binance", ("symbol", "BTCUSDT")),
        SourceRequest.Of("binance", ("symbol", "ETHBTC")),
        SourceRequest.Of("bitstamp", ("pair", "btcusd")),
        SourceRequest.Of("bitstamp", ("pair", "ethusd")),
        SourceRequest.Of("coingecko", ("id", "bitcoin"), ("vs", "usd")),
        SourceRequest.Of("coingecko", ("id", "usd-coin"), ("vs", "eur"), ("api_key", "CG-testkey1234")),
    ];

    public static TheoryData<string> Templates => new(Catalog.Templates.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Compute_EqualsTheEnclavesFeedId_ForEachTemplate(string adapter)
    {
        var feed = new FeedSpec("X", 8, Pool.Where(s => s.Adapter == adapter).ToList(), Aggregation.Median(1, 100));
        var job = Builder.Build(feed);
        await AssertSameFeedId(job);
    }

    [Fact]
    public async Task Compute_EqualsTheEnclavesFeedId_ForRandomFeeds()
    {
        var rng = new Random(8785);
        var jobs = new List<JsonObject>();
        for (var i = 0; i < 60; i++)
        {
            var count = rng.Next(1, 7);
            var sources = Enumerable.Range(0, count).Select(_ => Pool[rng.Next(Pool.Length)]).ToList();
            JobLimits? limits = rng.Next(3) switch
            {
                0 => null,
                1 => new JobLimits(ConnectTimeout: TimeSpan.FromMilliseconds(rng.Next(1, 120001))),
                _ => new JobLimits(
                    rng.Next(2) == 0 ? rng.Next(1, 4 * 1024 * 1024 + 1) : null,
                    TimeSpan.FromMilliseconds(rng.Next(1, 120001)),
                    rng.Next(2) == 0 ? TimeSpan.FromMilliseconds(rng.Next(1, 120001)) : null,
                    TimeSpan.FromMilliseconds(rng.Next(1, 120001)),
                    rng.Next(2) == 0 ? TimeSpan.FromSeconds(rng.Next(1, 3601)) : null),
            };
            var feed = new FeedSpec("R" + i, rng.Next(0, 78), sources, Aggregation.Median(rng.Next(1, count + 1), rng.Next(0, 10001)), limits);
            var ports = sources.Select(_ => rng.Next(3) == 0 ? (int?)ClosedPort(rng) : null).ToArray();
            var k = 0;
            jobs.Add(Builder.Build(feed, _ => ports[k++] is { } p ? new SourceEndpointOverride(null, p) : null));
        }
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (job, _) => await AssertSameFeedId(job));
    }

    private static int ClosedPort(Random rng)
    {
        while (true)
        {
            var port = rng.Next(1, 65536);
            if (IsClosed(port)) return port;
        }
    }

    private static bool IsClosed(int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            socket.Connect(System.Net.IPAddress.Loopback, port);
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    private static async Task AssertSameFeedId(JsonObject job)
    {
        Assert.True(IsClosed(443), "these tests need 127.0.0.1:443 closed (the enclave must fail to connect at once)");
        // Every host to 127.0.0.1, where port 1 (and whatever port a URL names) is expected to be closed; the
        // enclave's connect fails at once and the result still carries the feed id. Short timeouts cap the rest.
        var args = Catalog.Templates.SelectMany(t => new[] { "--resolve", $"{t.Host}:0:127.0.0.1" }).ToList();
        var result = await EnclaveRunner.RunAsync(job.DeepClone().AsObject(), args);
        Assert.True(result["feed_id"] is not null, $"no feed_id: {result.ToJsonString()}\njob: {job.ToJsonString()}");
        Assert.Equal((string?)result["feed_id"], FeedId.ComputeHex(job));
    }
}
