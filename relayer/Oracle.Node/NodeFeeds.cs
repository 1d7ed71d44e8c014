using System.Text.Json.Nodes;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Options;
using Oracle.Sources;

namespace Oracle.Node;

/// <summary>A feed the node serves proofs of: its enclave job as the relayer builds it, and its id.</summary>
public sealed record NodeFeed(string Name, JsonObject Job, byte[] FeedId, int Decimals)
{
    /// <summary>The feed id as 0x hex.</summary>
    public string FeedIdHex => Hex.Encode(FeedId);
}

/// <summary>The feeds of <c>Relayer:Feeds</c>, by feed id (keccak256 of the job; the relayer's schedule is not used).</summary>
public sealed class NodeFeeds
{
    private readonly Dictionary<string, NodeFeed> byId = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds each feed's job from the source catalog, as the relayer does.</summary>
    public NodeFeeds(RelayerOptions options, SourceCatalog sources)
    {
        foreach (var f in options.Feeds)
        {
            var job = FeedCatalog.BuildJob(f, sources);
            var feed = new NodeFeed(f.Name, job, Oracle.Sources.FeedId.Compute(job), f.Decimals);
            byId.TryAdd(feed.FeedIdHex, feed);
        }
    }

    /// <summary>Every feed served.</summary>
    public IReadOnlyCollection<NodeFeed> All => byId.Values;

    /// <summary>The feed with this id (0x hex), or null.</summary>
    public NodeFeed? Find(byte[] feedId) => byId.GetValueOrDefault(Hex.Encode(feedId));
}
