using System.Diagnostics;
using System.Numerics;

namespace Oracle.Evm;

/// <summary>Sends EIP-1559 transactions and sees them through: simulation, nonce, fees, signing, broadcast,
/// replacement when stuck, confirmations, and the revert reason when one fails.</summary>
/// <remarks>Thread-safe: concurrent sends from one key get consecutive nonces from the shared <see cref="NonceManager"/>.</remarks>
public sealed class TransactionSender
{
    private const int NonceRetries = 3;
    private readonly EthJsonRpcClient _rpc;
    private readonly NonceManager _nonces;
    private readonly FeeEstimator _fees;
    private BigInteger? _chainId;

    /// <summary>Creates a sender.</summary>
    public TransactionSender(EthJsonRpcClient rpc, NonceManager nonces, FeeEstimator fees)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(nonces);
        ArgumentNullException.ThrowIfNull(fees);
        _rpc = rpc;
        _nonces = nonces;
        _fees = fees;
    }

    /// <summary>Raised after each successful broadcast (original and replacements).</summary>
    public event EventHandler<TransactionBroadcast>? Broadcast;

    /// <summary>Sends a call (no value) and waits until it is mined and confirmed.</summary>
    /// <inheritdoc cref="SendAsync(EthKey, EthAddress?, BigInteger, byte[], ulong?, TransactionOptions?, CancellationToken)"/>
    public Task<TxOutcome> SendAsync(EthKey from, EthAddress? to, byte[] data, ulong? gasLimit = null,
        TransactionOptions? options = null, CancellationToken cancellationToken = default) =>
        SendAsync(from, to, BigInteger.Zero, data, gasLimit, options, cancellationToken);

    /// <summary>Sends a transaction and waits until it is mined and confirmed.</summary>
    /// <param name="from">The signing key.</param>
    /// <param name="to">The recipient; null deploys <paramref name="data"/> as init code.</param>
    /// <param name="value">Wei to transfer.</param>
    /// <param name="data">Call data.</param>
    /// <param name="gasLimit">Gas limit; when null, <c>eth_estimateGas</c> plus <see cref="TransactionOptions.GasLimitMarginPercent"/>.</param>
    /// <param name="options">Waiting and replacement policy; defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting (a broadcast transaction may still be mined).</param>
    /// <returns>The mined transaction's hash and receipt, and how many replacements it took.</returns>
    /// <exception cref="EvmException"><see cref="EvmErrorKind.Reverted"/> when simulation reverts (nothing is sent) or the
    /// mined transaction reverted (with the reason replayed at its block); <see cref="EvmErrorKind.Timeout"/> or
    /// <see cref="EvmErrorKind.ReplacementsExhausted"/> when no receipt came within <see cref="TransactionOptions.ReceiptTimeout"/>;
    /// any RPC failure.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public async Task<TxOutcome> SendAsync(EthKey from, EthAddress? to, BigInteger value, byte[] data, ulong? gasLimit,
        TransactionOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new TransactionOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("TransactionOptions: " + string.Join("; ", problems), nameof(options));
        }
        var sender = from.Address;
        var call = new CallRequest { From = sender, To = to, Data = data, Value = value };
        var what = $"transaction from {sender} to {to?.ToString() ?? "(contract creation)"}";

        // Cached only once read: a transient failure must not stick.
        var chainId = _chainId ??= await _rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (options.Simulate)
        {
            await SimulateAsync(() => _rpc.CallAsync(call, BlockTag.Pending, cancellationToken), what).ConfigureAwait(false);
        }
        var gas = gasLimit ?? await SimulateAsync(async () =>
        {
            var estimate = await _rpc.EstimateGasAsync(call, BlockTag.Pending, cancellationToken).ConfigureAwait(false);
            return estimate + estimate * (ulong)options.GasLimitMarginPercent / 100;
        }, what).ConfigureAwait(false);
        var fees = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);

        Eip1559Transaction Build(ulong nonce, Eip1559Fees f) => new()
        {
            ChainId = chainId,
            Nonce = nonce,
            MaxPriorityFeePerGas = f.MaxPriorityFeePerGas,
            MaxFeePerGas = f.MaxFeePerGas,
            GasLimit = gas,
            To = to,
            Value = value,
            Data = data,
        };

        // First broadcast: a "nonce too low" means someone else used our nonce; resync and take the next.
        // In the sender's turn, so that broadcasts reach the node in nonce order (a crash leaves no gap).
        var sent = new List<string>();
        ulong nonceUsed = await _nonces.InTurnAsync(sender, async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                var nonce = await _nonces.NextAsync(sender, cancellationToken).ConfigureAwait(false);
                var signed = Build(nonce, fees).Sign(from);
                try
                {
                    await BroadcastAsync(signed, cancellationToken).ConfigureAwait(false);
                    sent.Add(signed.Hash);
                    OnBroadcast(new TransactionBroadcast(signed.Hash, sender, nonce, fees, 0));
                    return nonce;
                }
                catch (EvmException e) when (e.Kind == EvmErrorKind.NonceTooLow && attempt < NonceRetries)
                {
                    await _nonces.ResyncAsync(sender, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _nonces.Release(sender, nonce);
                    throw;
                }
            }
        }, cancellationToken).ConfigureAwait(false);

        var outcome = await AwaitMinedAsync(from, nonceUsed, fees, Build, sent, options, what, cancellationToken).ConfigureAwait(false);
        if (!outcome.Receipt.Succeeded)
        {
            throw await RevertedAsync(call with { Gas = gas }, outcome, what, cancellationToken).ConfigureAwait(false);
        }
        return outcome;
    }

    private async Task<TxOutcome> AwaitMinedAsync(EthKey from, ulong nonce, Eip1559Fees fees, Func<ulong, Eip1559Fees, Eip1559Transaction> build,
        List<string> sent, TransactionOptions options, string what, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var sinceBroadcast = Stopwatch.StartNew();
        var replacements = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (hash, receipt) = await FindReceiptAsync(sent, cancellationToken).ConfigureAwait(false);
            if (receipt is not null)
            {
                if (await IsFinalAsync(receipt, options.Confirmations, cancellationToken).ConfigureAwait(false))
                {
                    return new TxOutcome(hash!, receipt, replacements, nonce, sent);
                }
                // Mined but not yet confirmed: never replace a mined transaction.
                sinceBroadcast.Restart();
            }
            else if (sinceBroadcast.Elapsed >= options.StuckAfter && replacements < options.MaxReplacements)
            {
                var current = await _fees.EstimateAsync(cancellationToken).ConfigureAwait(false);
                var bumped = fees.Bump(options.FeeBumpPercent, current);
                var signed = build(nonce, bumped).Sign(from);
                try
                {
                    await BroadcastAsync(signed, cancellationToken).ConfigureAwait(false);
                    replacements++;
                    sent.Add(signed.Hash);
                    OnBroadcast(new TransactionBroadcast(signed.Hash, from.Address, nonce, bumped, replacements));
                }
                catch (EvmException e) when (e.Kind is EvmErrorKind.NonceTooLow or EvmErrorKind.Underpriced)
                {
                    // NonceTooLow: an earlier broadcast was mined, its receipt shows up on the next poll.
                    // Underpriced: the node wants more; the next round bumps again from the higher fees.
                }
                fees = bumped;
                sinceBroadcast.Restart();
            }
            if (total.Elapsed >= options.ReceiptTimeout)
            {
                var kind = replacements >= options.MaxReplacements && options.MaxReplacements > 0 ? EvmErrorKind.ReplacementsExhausted : EvmErrorKind.Timeout;
                throw new EvmException(kind,
                    $"{what} with nonce {nonce} not confirmed within {options.ReceiptTimeout} after {replacements} replacements " +
                    $"({options.Confirmations} confirmations required); sent {string.Join(", ", sent)} to {_rpc.Endpoint}")
                {
                    Endpoint = _rpc.Endpoint,
                    TransactionHash = sent[^1],
                };
            }
            await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(string? Hash, TransactionReceipt? Receipt)> FindReceiptAsync(List<string> sent, CancellationToken cancellationToken)
    {
        for (var i = sent.Count - 1; i >= 0; i--)
        {
            var receipt = await _rpc.GetTransactionReceiptAsync(sent[i], cancellationToken).ConfigureAwait(false);
            if (receipt is not null)
            {
                return (sent[i], receipt);
            }
        }
        return (null, null);
    }

    private async Task<bool> IsFinalAsync(TransactionReceipt receipt, int confirmations, CancellationToken cancellationToken)
    {
        var head = await _rpc.BlockNumberAsync(cancellationToken).ConfigureAwait(false);
        if (head < receipt.BlockNumber + (ulong)confirmations)
        {
            return false;
        }
        // The receipt's block must still be the canonical block at its height (a reorg may have moved the transaction).
        var block = await _rpc.GetBlockAsync(receipt.BlockNumber, cancellationToken).ConfigureAwait(false);
        return block is not null && block.Hash == receipt.BlockHash;
    }

    private async Task<EvmException> RevertedAsync(CallRequest call, TxOutcome outcome, string what, CancellationToken cancellationToken)
    {
        var receipt = outcome.Receipt;
        RevertReason? revert = null;
        string reason;
        try
        {
            await _rpc.CallAsync(call, BlockTag.Number(receipt.BlockNumber), cancellationToken).ConfigureAwait(false);
            reason = $"replaying it at block {receipt.BlockNumber} did not revert (gas used {receipt.GasUsed} of limit {call.Gas}: out of gas?)";
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            revert = e.Revert;
            reason = revert?.ToString() ?? e.Message;
        }
        return new EvmException(EvmErrorKind.Reverted,
            $"{what} {outcome.Hash} reverted in block {receipt.BlockNumber} on {_rpc.Endpoint}: {reason}")
        {
            Endpoint = _rpc.Endpoint,
            Revert = revert,
            TransactionHash = outcome.Hash,
            Receipt = receipt,
        };
    }

    private async Task BroadcastAsync(SignedTransaction signed, CancellationToken cancellationToken)
    {
        try
        {
            await _rpc.SendRawTransactionAsync(signed.RawBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.AlreadyKnown)
        {
            // The node has exactly this transaction already: as good as sent.
        }
    }

    private async Task<T> SimulateAsync<T>(Func<Task<T>> simulate, string what)
    {
        try
        {
            return await simulate().ConfigureAwait(false);
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            throw new EvmException(EvmErrorKind.Reverted,
                $"{what} would revert ({e.Method} on {_rpc.Endpoint}): {e.Revert?.ToString() ?? e.Message}; not sent", e)
            {
                Method = e.Method,
                Endpoint = _rpc.Endpoint,
                Revert = e.Revert,
                RpcCode = e.RpcCode,
            };
        }
    }

    private void OnBroadcast(TransactionBroadcast broadcast) => Broadcast?.Invoke(this, broadcast);
}
