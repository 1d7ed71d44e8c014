using System.Collections.Concurrent;

namespace Oracle.Evm;

/// <summary>Hands out consecutive nonces per sender to concurrent callers.</summary>
/// <remarks>
/// Thread-safe. The first nonce of a sender comes from <c>eth_getTransactionCount(pending)</c>; later ones count up
/// locally. A nonce that was handed out but never reached the node is given back with <see cref="Release"/> and is
/// handed out again before any new one; after a "nonce too low" answer <see cref="ResyncAsync"/> re-reads the chain.
/// <para>Senders that take a nonce and broadcast inside <see cref="InTurnAsync{T}"/> reach the node in nonce order, each
/// broadcast answered before the next nonce is handed out. A process killed at any moment then leaves the node a
/// gap-free run of its transactions, all of which get mined; without the turn, a higher nonce can reach the node
/// before a lower one that never does, and sits queued until some later transaction fills the gap, to be mined long
/// after its sender (or its successor, which sent the same thing again) has moved on.</para>
/// </remarks>
public sealed class NonceManager
{
    private readonly EthJsonRpcClient _rpc;
    private readonly ConcurrentDictionary<EthAddress, SenderState> _senders = new();

    /// <summary>Creates a manager that reads nonces through this client.</summary>
    public NonceManager(EthJsonRpcClient rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        _rpc = rpc;
    }

    /// <summary>The next nonce for the sender.</summary>
    /// <exception cref="EvmException">The first read of the sender's transaction count failed.</exception>
    public async Task<ulong> NextAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var state = _senders.GetOrAdd(sender, _ => new SenderState());
        await state.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Next is null)
            {
                state.Next = await _rpc.GetTransactionCountAsync(sender, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
                state.Released.Clear();
            }
            if (state.Released.Count > 0)
            {
                var reused = state.Released.Min;
                state.Released.Remove(reused);
                return reused;
            }
            var nonce = state.Next.Value;
            state.Next = nonce + 1;
            return nonce;
        }
        finally
        {
            state.Lock.Release();
        }
    }

    /// <summary>Runs <paramref name="broadcast"/> (take a nonce, sign, send) as the sender's only broadcast in flight:
    /// concurrent callers for one sender take turns, so transactions reach the node in nonce order.</summary>
    public async Task<T> InTurnAsync<T>(EthAddress sender, Func<Task<T>> broadcast, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var state = _senders.GetOrAdd(sender, _ => new SenderState());
        await state.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await broadcast().ConfigureAwait(false);
        }
        finally
        {
            state.Turn.Release();
        }
    }

    /// <summary>Gives back a nonce that was handed out but not used (the transaction never reached the node).</summary>
    public void Release(EthAddress sender, ulong nonce)
    {
        if (!_senders.TryGetValue(sender, out var state))
        {
            return;
        }
        state.Lock.Wait();
        try
        {
            if (state.Next is null || nonce >= state.Next)
            {
                return;
            }
            if (nonce == state.Next - 1)
            {
                state.Next = nonce;
                // Fold released nonces that now sit at the top back into the counter.
                while (state.Released.Count > 0 && state.Released.Max == state.Next - 1)
                {
                    state.Next = state.Released.Max;
                    state.Released.Remove(state.Released.Max);
                }
            }
            else
            {
                state.Released.Add(nonce);
            }
        }
        finally
        {
            state.Lock.Release();
        }
    }

    /// <summary>Re-reads the sender's pending transaction count (after "nonce too low", or at start).
    /// The counter never moves below nonces still in flight unless the chain says they are used.</summary>
    /// <exception cref="EvmException">The read failed.</exception>
    public async Task ResyncAsync(EthAddress sender, CancellationToken cancellationToken = default)
    {
        var state = _senders.GetOrAdd(sender, _ => new SenderState());
        await state.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var chain = await _rpc.GetTransactionCountAsync(sender, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
            state.Next = chain;
            state.Released.Clear();
        }
        finally
        {
            state.Lock.Release();
        }
    }

    /// <summary>Forgets the sender: the next call reads the chain again.</summary>
    public void Reset(EthAddress sender) => _senders.TryRemove(sender, out _);

    private sealed class SenderState
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        /// <summary>Held from taking a nonce to the node's answer to its broadcast.</summary>
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public ulong? Next { get; set; }

        public SortedSet<ulong> Released { get; } = [];
    }
}
