using System.Numerics;
using Oracle.Evm;
using Oracle.Relayer.Options;
using Oracle.Relayer.Proofs;

namespace Oracle.Node;

/// <summary>One configured chain, read-only: its JSON-RPC client, the proof verifier for it, and its default registry.</summary>
public sealed class NodeChain
{
    private readonly SemaphoreSlim checkLock = new(1, 1);
    private volatile bool checkedId;

    /// <summary>Creates the chain's reader.</summary>
    public NodeChain(ChainOptions options, EthAddress? registry, HttpClient http)
    {
        http.Timeout = options.RpcTimeout;
        Name = options.Name;
        ChainId = options.ChainId;
        Registry = registry;
        Rpc = new EthJsonRpcClient(http, new Uri(options.RpcUrl), new RevertDecoder(OracleProofAbi.Errors));
        Verifier = new ProofVerifier(Rpc, options.ChainId);
    }

    /// <summary>The chain's name in <c>Relayer:Chains</c>.</summary>
    public string Name { get; }

    /// <summary>The chain id.</summary>
    public ulong ChainId { get; }

    /// <summary>The registry of <c>Node:Registries</c> for this chain, if one is configured.</summary>
    public EthAddress? Registry { get; }

    /// <summary>The JSON-RPC client.</summary>
    public EthJsonRpcClient Rpc { get; }

    /// <summary>Verifies proofs consumed on this chain.</summary>
    public ProofVerifier Verifier { get; }

    /// <summary>The newest block (its timestamp is a proof's chain_time), after checking once that the endpoint serves <see cref="ChainId"/>.</summary>
    /// <exception cref="NodeRequestException">503 when the endpoint fails, 502 when it serves another chain.</exception>
    public async Task<BlockHeader> HeadAsync(CancellationToken ct)
    {
        try
        {
            if (!checkedId)
            {
                await checkLock.WaitAsync(ct);
                try
                {
                    if (checkedId) return await LatestAsync(ct);
                    BigInteger id = await Rpc.ChainIdAsync(ct);
                    if (id != ChainId)
                        throw new NodeRequestException(502, "chain_unavailable", $"chain '{Name}': {Rpc.Endpoint} serves chain id {id}, not {ChainId} (Relayer:Chains)");
                    checkedId = true;
                }
                finally
                {
                    checkLock.Release();
                }
            }
            return await LatestAsync(ct);
        }
        catch (EvmException e)
        {
            throw new NodeRequestException(e.IsRetryable ? 503 : 502, "chain_unavailable", $"chain '{Name}': {e.Message}", inner: e);
        }
    }

    private async Task<BlockHeader> LatestAsync(CancellationToken ct) => await Rpc.GetBlockAsync(BlockTag.Latest, ct)
        ?? throw new NodeRequestException(503, "chain_unavailable", $"chain '{Name}': {Rpc.Endpoint} returned no latest block");
}

/// <summary>The chains of <c>Relayer:Chains</c>, by chain id. The node signs only for chains it can read the time of.</summary>
public sealed class NodeChains
{
    private readonly Dictionary<ulong, NodeChain> byId = [];

    /// <summary>Creates a reader per chain.</summary>
    public NodeChains(RelayerOptions relayer, NodeOptions node, IHttpClientFactory http)
    {
        foreach (var c in relayer.Chains)
        {
            var registry = node.Registries.FirstOrDefault(r => r.Chain == c.Name) is { } r ? EthAddress.Parse(r.Address) : (EthAddress?)null;
            byId.TryAdd(c.ChainId, new NodeChain(c, registry, http.CreateClient($"node-chain:{c.Name}")));
        }
    }

    /// <summary>Every chain.</summary>
    public IReadOnlyCollection<NodeChain> All => byId.Values;

    /// <summary>The chain of this id.</summary>
    /// <exception cref="NodeRequestException">400 naming chainId when no chain of <c>Relayer:Chains</c> has it.</exception>
    public NodeChain Get(ulong chainId) => byId.TryGetValue(chainId, out var c) ? c
        : throw NodeRequestException.BadParameter("chainId",
            $"{chainId} is not a chain this node serves (configured: {string.Join(", ", byId.Values.Select(x => $"{x.ChainId} ({x.Name})"))}); " +
            "it signs only for chains whose time it can read");
}
