using System.Collections.Concurrent;
using System.Text;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Options;

namespace Oracle.Relayer.Requests;

/// <summary>
/// Everything one request watch needs (Relayer:Requests:N): its options, chain, contract (opened on
/// first use), store, known jobs by spec hash, and the peers' enclave clients (quorum mode).
/// </summary>
public sealed class RequestWatch : IDisposable
{
    private readonly SemaphoreSlim openLock = new(1, 1);
    private RequestContract? contract;

    /// <summary>Creates the watch; opens its SQLite store and reads its job files.</summary>
    public RequestWatch(RequestWatchOptions options, EvmChainEndpoint chain, Func<PeerOptions, IEnclaveClient> peerClient)
    {
        Options = options;
        Chain = chain;
        Key = $"{options.Chain}:{options.Contract.ToLowerInvariant()}";
        Validator = EthAddress.Parse(options.Validator);
        Store = new RequestStore(options.Database, Key);
        var jobs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in options.JobFiles)
        {
            // The spec is hashed byte for byte, as the contract hashes an inline spec.
            string text = File.ReadAllText(file, new UTF8Encoding(false)).TrimEnd('\n', '\r');
            jobs[Hex.Encode(Keccak256.Hash(Encoding.UTF8.GetBytes(text)))] = text;
        }
        Jobs = jobs;
        Peers = options.Peers.ToDictionary(p => EthAddress.Parse(p.Validator), peerClient);
    }

    /// <summary>Chain name and contract: the key of this watch in logs, jobs and the store.</summary>
    public string Key { get; }

    /// <summary>Its settings.</summary>
    public RequestWatchOptions Options { get; }

    /// <summary>The chain it watches.</summary>
    public EvmChainEndpoint Chain { get; }

    /// <summary>The validator this relayer acts for.</summary>
    public EthAddress Validator { get; }

    /// <summary>Its durable state.</summary>
    public RequestStore Store { get; }

    /// <summary>Job specs by spec hash (0x hex), for requests that name theirs by hash.</summary>
    public IReadOnlyDictionary<string, string> Jobs { get; }

    /// <summary>Other validators' enclaves, by validator address.</summary>
    public IReadOnlyDictionary<EthAddress, IEnclaveClient> Peers { get; }

    /// <summary>(request id, attempt) pairs enqueued in this process, with when.</summary>
    internal ConcurrentDictionary<(string Id, int Attempt), DateTime> Enqueued { get; } = new();

    /// <summary>The contract, read once.</summary>
    public async Task<RequestContract> ContractAsync(CancellationToken ct)
    {
        if (contract is not null) return contract;
        await openLock.WaitAsync(ct);
        try
        {
            return contract ??= await RequestContract.OpenAsync(Chain, EthAddress.Parse(Options.Contract), ct);
        }
        finally
        {
            openLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        foreach (var p in Peers.Values) (p as IDisposable)?.Dispose();
    }
}

/// <summary>Every request watch of the relayer, by key.</summary>
public sealed class RequestWatches : IDisposable
{
    /// <summary>Creates the set.</summary>
    public RequestWatches(IEnumerable<RequestWatch> watches) => All = watches.ToDictionary(w => w.Key, StringComparer.Ordinal);

    /// <summary>The watches by key.</summary>
    public IReadOnlyDictionary<string, RequestWatch> All { get; }

    /// <summary>One watch.</summary>
    /// <exception cref="KeyNotFoundException">No watch has that key (a job from another configuration).</exception>
    public RequestWatch Get(string key) => All.TryGetValue(key, out var w) ? w : throw new KeyNotFoundException($"no request watch '{key}' in Relayer:Requests");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var w in All.Values) w.Dispose();
    }
}
