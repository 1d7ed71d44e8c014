namespace Oracle.Sources.Tests;

public sealed class JobSpecBuilderTests
{
    private static readonly JobSpecBuilder Builder = new(SourceCatalog.CreateDefault());

    internal static FeedSpec BtcUsd(JobLimits? limits = null) => new("BTC/USD", 8,
    [
        SourceRequest.Of("coinbase", ("base", "BTC"), ("quote", "USD")),
        SourceRequest.Of("kraken", ("pair", "XBTUSD")),
        SourceRequest.Of("binance", ("symbol", "BTCUSDT")),
        SourceRequest.Of("bitstamp", ("pair", "btcusd")),
        SourceRequest.Of("coingecko", ("id", "bitcoin"), ("vs", "usd")),
    ], Aggregation.Median(3, 100), limits);

    [Fact]
    public void Build_WritesTheEnclaveJob_InReadmeOrder()
    {
        var job = Builder.Build(BtcUsd());
        Assert.Equal(["sources", "result", "aggregation"], job.Select(p => p.Key));
        Assert.Equal("{\"type\":\"int256\",\"decimals\":8}", job["result"]!.ToJsonString());
        Assert.Equal("{\"method\":\"median\",\"min_sources\":3,\"max_deviation_bps\":100}", job["aggregation"]!.ToJsonString());
        Assert.Equal(5, job["sources"]!.AsArray().Count);
        Assert.Equal("https://api.kraken.com/0/public/Ticker?pair=XBTUSD", (string?)job["sources"]![1]!["url"]);
    }

    [Fact]
    public void Build_WritesOnlyTheLimitsSet_WhenLimitsGiven()
    {
        var job = Builder.Build(BtcUsd(new JobLimits(ConnectTimeout: TimeSpan.FromSeconds(2), MaxDateSkew: TimeSpan.FromMinutes(2))));
        Assert.Equal(["sources", "result", "aggregation", "limits"], job.Select(p => p.Key));
        Assert.Equal("{\"connect_timeout_ms\":2000,\"max_date_skew_s\":120}", job["limits"]!.ToJsonString());
        var all = Builder.Build(BtcUsd(new JobLimits(65536, TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60))));
        Assert.Equal("{\"max_response_bytes\":65536,\"connect_timeout_ms\":1500,\"io_timeout_ms\":3000,\"job_timeout_ms\":20000,\"max_date_skew_s\":60}",
            all["limits"]!.ToJsonString());
    }

    [Fact]
    public void Build_AppliesOverridesPerSource()
    {
        var job = Builder.Build(BtcUsd(), s => s.Adapter == "binance" ? new SourceEndpointOverride(null, 9443) : null);
        Assert.Equal("https://api.binance.com:9443/api/v3/ticker/price?symbol=BTCUSDT", (string?)job["sources"]![2]!["url"]);
        Assert.Equal("https://api.coinbase.com/v2/prices/BTC-USD/spot", (string?)job["sources"]![0]!["url"]);
    }

    public static TheoryData<string, Func<FeedSpec, FeedSpec>> BadFeeds => new()
    {
        { "job.sources", f => f with { Sources = [] } },
        { "job.sources", f => f with { Sources = Enumerable.Repeat(f.Sources[0], 17).ToList() } },
        { "job.result.decimals", f => f with { Decimals = -1 } },
        { "job.result.decimals", f => f with { Decimals = 78 } },
        { "job.aggregation.method", f => f with { Aggregation = new Aggregation("mean", 3, 100) } },
        { "job.aggregation.min_sources", f => f with { Aggregation = Aggregation.Median(0, 100) } },
        { "job.aggregation.min_sources", f => f with { Aggregation = Aggregation.Median(6, 100) } },
        { "job.aggregation.max_deviation_bps", f => f with { Aggregation = Aggregation.Median(3, -1) } },
        { "job.aggregation.max_deviation_bps", f => f with { Aggregation = Aggregation.Median(3, 10001) } },
        { "job.limits.max_response_bytes", f => f with { Limits = new JobLimits(MaxResponseBytes: 4 * 1024 * 1024 + 1) } },
        { "job.limits.max_response_bytes", f => f with { Limits = new JobLimits(MaxResponseBytes: 0) } },
        { "job.limits.connect_timeout_ms", f => f with { Limits = new JobLimits(ConnectTimeout: TimeSpan.FromMilliseconds(120001)) } },
        { "job.limits.io_timeout_ms", f => f with { Limits = new JobLimits(IoTimeout: TimeSpan.Zero) } },
        { "job.limits.job_timeout_ms", f => f with { Limits = new JobLimits(JobTimeout: TimeSpan.FromTicks(15)) } },
        { "job.limits.max_date_skew_s", f => f with { Limits = new JobLimits(MaxDateSkew: TimeSpan.FromSeconds(3601)) } },
        { "job.limits.max_date_skew_s", f => f with { Limits = new JobLimits(MaxDateSkew: TimeSpan.FromMilliseconds(1500)) } },
    };

    [Theory]
    [MemberData(nameof(BadFeeds))]
    public void Build_ThrowsInvalidFeedNamingTheField_WhenABoundIsBroken(string field, Func<FeedSpec, FeedSpec> malleate)
    {
        var e = Assert.Throws<SourceException>(() => Builder.Build(malleate(BtcUsd())));
        Assert.Equal(SourceErrorCode.InvalidFeed, e.Code);
        Assert.Equal(field, e.Param);
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PassesSourceErrorsThrough_NamingAdapterAndParam()
    {
        var feed = BtcUsd() with { Sources = [SourceRequest.Of("kraken", ("pair", "DOTUSD"))], Aggregation = Aggregation.Median(1, 100) };
        var e = Assert.Throws<SourceException>(() => Builder.Build(feed));
        Assert.Equal(("kraken", "result_key"), (e.Adapter, e.Param));
    }
}
