using System.Text.Json.Nodes;
using Oracle.Enclave.Client;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Options;
using Oracle.Sources;

namespace Oracle.Relayer.Feeds;

/// <summary>A feed ready to run: its enclave job (as the feed id is computed over it) and its targets.</summary>
public sealed record FeedDefinition(
    string Name,
    string Schedule,
    JsonObject Job,
    byte[] FeedId,
    int Decimals,
    IReadOnlyList<FeedTarget> Targets,
    int MaxAttempts,
    TimeSpan RetryDelay)
{
    /// <summary>Distinct enclaves that sign each answer (1: this relayer's alone).</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>Other validators' enclaves asked, in order, to endorse each round's report (quorum mode).</summary>
    public IReadOnlyList<IEnclaveClient> Peers { get; init; } = [];
}

/// <summary>A feed contract on one chain.</summary>
public sealed record FeedTarget(IChainEndpoint Chain, string Contract);

/// <summary>Every configured feed, built once at start from validated options.</summary>
public sealed class FeedCatalog
{
    private readonly Dictionary<string, FeedDefinition> feeds;

    /// <summary>Builds each feed's job spec from the source catalog.</summary>
    public FeedCatalog(RelayerOptions options, SourceCatalog sources, ChainRegistry chains)
    {
        feeds = new(StringComparer.Ordinal);
        foreach (var f in options.Feeds)
        {
            JsonObject job = BuildJob(f, sources);
            var targets = f.Targets.Select(t => new FeedTarget(chains.Get(t.Chain), t.Contract)).ToList();
            feeds[f.Name] = new FeedDefinition(f.Name, f.Schedule, job, FeedId.Compute(job), f.Decimals, targets, f.MaxAttempts, f.RetryDelay)
            {
                Quorum = f.Quorum,
                Peers = [.. f.Peers.Select(p => (IEnclaveClient)new EnclaveClient(new EnclaveClientOptions
                {
                    Endpoint = p.Endpoint, CaCertificatePath = p.CaCertificatePath, PinnedSha256 = p.PinnedSha256,
                }))],
            };
        }
    }

    /// <summary>The enclave job of one feed, built from the source catalog (its feed id is <c>FeedId.Compute(job)</c>).</summary>
    /// <exception cref="SourceException">A source names an unknown adapter or bad parameters (validated options do not).</exception>
    public static JsonObject BuildJob(FeedOptions f, SourceCatalog sources)
    {
        // Each request keeps its options, by reference: two sources may be equal in value.
        var requests = new Dictionary<SourceRequest, FeedSourceOptions>(ReferenceEqualityComparer.Instance);
        foreach (var s in f.Sources) requests.Add(new SourceRequest(s.Adapter, s.Params), s);
        var spec = new FeedSpec(f.Name, f.Decimals, requests.Keys.ToList(), Aggregation.Median(f.MinSources, f.MaxDeviationBps), null);
        return new JobSpecBuilder(sources).Build(spec, req =>
        {
            var o = requests[req];
            return o.HostOverride is null && o.PortOverride is null ? null : new SourceEndpointOverride(o.HostOverride, o.PortOverride);
        });
    }

    /// <summary>All feeds.</summary>
    public IReadOnlyCollection<FeedDefinition> All => feeds.Values;

    /// <summary>The feed of this name.</summary>
    /// <exception cref="KeyNotFoundException">No feed has this name.</exception>
    public FeedDefinition Get(string name) =>
        feeds.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"no feed named '{name}'");
}
