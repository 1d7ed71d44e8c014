using System.Text.Json.Nodes;

namespace Oracle.Sources;

/// <summary>Turns a <see cref="FeedSpec"/> into the enclave's <c>job</c> object (enclave-tls/README.md,
/// "The execute request"), checking the enclave's bounds first so a bad feed fails here, by name.</summary>
public sealed class JobSpecBuilder
{
    /// <summary>Bounds the enclave enforces (trusted/job.c).</summary>
    public const int MaxSources = 16, MaxDecimals = 77, MaxDeviationBps = 10000, MaxResponseBytes = 4 * 1024 * 1024;

    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(120000), MaxSkew = TimeSpan.FromSeconds(3600);

    private readonly SourceCatalog _catalog;

    /// <summary>Creates a builder over a catalog of templates.</summary>
    public JobSpecBuilder(SourceCatalog catalog) => _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    /// <summary>Builds the job: <c>sources</c>, <c>result {type: int256, decimals}</c>, <c>aggregation</c>, and
    /// <c>limits</c> only when <see cref="FeedSpec.Limits"/> is set (with only the fields set).</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="overrides">Optional per-source endpoint override (devnet); null keeps the real endpoint.</param>
    /// <exception cref="SourceException">A source is invalid (names the adapter and param) or the feed breaks a bound
    /// (<see cref="SourceErrorCode.InvalidFeed"/>, names the field).</exception>
    public JsonObject Build(FeedSpec feed, Func<SourceRequest, SourceEndpointOverride?>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var n = feed.Sources?.Count ?? 0;
        if (n is < 1 or > MaxSources) throw Bad(feed, "sources", $"needs 1 to {MaxSources} sources, has {n}");
        if (feed.Decimals is < 0 or > MaxDecimals) throw Bad(feed, "result.decimals", $"must be 0 to {MaxDecimals}");
        var agg = feed.Aggregation ?? throw Bad(feed, "aggregation", "is required");
        if (agg.Method != "median") throw Bad(feed, "aggregation.method", $"\"{agg.Method}\" is not \"median\"");
        if (agg.MinSources < 1 || agg.MinSources > n) throw Bad(feed, "aggregation.min_sources", $"must be 1 to {n}");
        if (agg.MaxDeviationBps is < 0 or > MaxDeviationBps) throw Bad(feed, "aggregation.max_deviation_bps", $"must be 0 to {MaxDeviationBps}");

        var sources = new JsonArray();
        foreach (var s in feed.Sources!) sources.Add(_catalog.BuildSource(s, overrides?.Invoke(s)));
        var job = new JsonObject
        {
            ["sources"] = sources,
            ["result"] = new JsonObject { ["type"] = "int256", ["decimals"] = feed.Decimals },
            ["aggregation"] = new JsonObject
            {
                ["method"] = agg.Method,
                ["min_sources"] = agg.MinSources,
                ["max_deviation_bps"] = agg.MaxDeviationBps,
            },
        };
        if (feed.Limits is { } l) job["limits"] = BuildLimits(feed, l);
        return job;
    }

    private static JsonObject BuildLimits(FeedSpec feed, JobLimits l)
    {
        var o = new JsonObject();
        if (l.MaxResponseBytes is { } b)
        {
            if (b is < 1 or > MaxResponseBytes) throw Bad(feed, "limits.max_response_bytes", $"must be 1 to {MaxResponseBytes}");
            o["max_response_bytes"] = b;
        }
        if (l.ConnectTimeout is { } c) o["connect_timeout_ms"] = Millis(feed, "limits.connect_timeout_ms", c);
        if (l.IoTimeout is { } io) o["io_timeout_ms"] = Millis(feed, "limits.io_timeout_ms", io);
        if (l.JobTimeout is { } j) o["job_timeout_ms"] = Millis(feed, "limits.job_timeout_ms", j);
        if (l.MaxDateSkew is { } s)
        {
            if (s.Ticks % TimeSpan.TicksPerSecond != 0 || s < TimeSpan.FromSeconds(1) || s > MaxSkew)
                throw Bad(feed, "limits.max_date_skew_s", "must be whole seconds, 1 s to 3600 s");
            o["max_date_skew_s"] = (long)s.TotalSeconds;
        }
        return o;
    }

    private static long Millis(FeedSpec feed, string field, TimeSpan t)
    {
        if (t.Ticks % TimeSpan.TicksPerMillisecond != 0 || t < TimeSpan.FromMilliseconds(1) || t > MaxTimeout)
            throw Bad(feed, field, "must be whole milliseconds, 1 ms to 120000 ms");
        return (long)t.TotalMilliseconds;
    }

    private static SourceException Bad(FeedSpec feed, string field, string what) =>
        new(SourceErrorCode.InvalidFeed, $"feed {feed.Name}: job.{field} {what}", param: "job." + field);
}
