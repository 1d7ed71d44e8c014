namespace Oracle.Sources;

/// <summary>A numeric feed: its sources and how the enclave combines them.</summary>
/// <param name="Name">The feed's label, e.g. <c>BTC/USD</c> (not part of the job, hence not of the feed id).</param>
/// <param name="Decimals">The int256 result is the price times 10^Decimals (0 to 77).</param>
/// <param name="Sources">1 to 16 sources, in the order the enclave fetches them.</param>
/// <param name="Aggregation">How the sources' values are combined.</param>
/// <param name="Limits">Optional limits; only the fields set are written to the job.</param>
public sealed record FeedSpec(
    string Name,
    int Decimals,
    IReadOnlyList<SourceRequest> Sources,
    Aggregation Aggregation,
    JobLimits? Limits = null);

/// <summary>The job's aggregation: the median of at least <paramref name="MinSources"/> successes, each within
/// <paramref name="MaxDeviationBps"/> of the median.</summary>
/// <param name="Method">Only <c>median</c> (the int256 aggregation).</param>
/// <param name="MinSources">1 to the number of sources.</param>
/// <param name="MaxDeviationBps">0 to 10000 basis points.</param>
public sealed record Aggregation(string Method, int MinSources, int MaxDeviationBps)
{
    /// <summary>The median aggregation.</summary>
    public static Aggregation Median(int minSources, int maxDeviationBps) => new("median", minSources, maxDeviationBps);
}

/// <summary>The job's optional limits (enclave defaults: 1 MiB, 5 s, 5 s, 15 s, 300 s).</summary>
/// <param name="MaxResponseBytes">1 to 4 MiB.</param>
/// <param name="ConnectTimeout">Whole milliseconds, 1 ms to 120 s.</param>
/// <param name="IoTimeout">Whole milliseconds, 1 ms to 120 s.</param>
/// <param name="JobTimeout">Whole milliseconds, 1 ms to 120 s.</param>
/// <param name="MaxDateSkew">Whole seconds, 1 s to 1 h.</param>
public sealed record JobLimits(
    int? MaxResponseBytes = null,
    TimeSpan? ConnectTimeout = null,
    TimeSpan? IoTimeout = null,
    TimeSpan? JobTimeout = null,
    TimeSpan? MaxDateSkew = null);
