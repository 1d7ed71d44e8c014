using System.Numerics;
using Microsoft.Extensions.Logging;
using Oracle.Evm;
using Oracle.Relayer.Options;

namespace Oracle.Relayer.Chains;

/// <summary>
/// An EVM chain over JSON-RPC: reads the feed contract, and submits proofs as EIP-1559 transactions
/// from the configured account (nonces managed, fees from eth_feeHistory, stuck transactions replaced,
/// N confirmations awaited). A reverting submission is simulated first and never sent.
/// </summary>
public sealed class EvmChainEndpoint : IChainEndpoint
{
    private readonly ChainOptions options;
    private readonly EthJsonRpcClient rpc;
    private readonly EthKey key;
    private readonly TransactionSender sender;
    private readonly ILogger<EvmChainEndpoint> log;
    private readonly byte[] answerTopic = Abi.EventTopic(FeedContractAbi.AnswerEvent);

    /// <summary>Creates the endpoint from validated options.</summary>
    public EvmChainEndpoint(ChainOptions options, HttpClient http, ILogger<EvmChainEndpoint> log)
    {
        this.options = options;
        this.log = log;
        http.Timeout = options.RpcTimeout;
        rpc = new EthJsonRpcClient(http, new Uri(options.RpcUrl), new RevertDecoder(FeedContractAbi.Errors.Concat(Requests.RequestsAbi.Errors)));
        key = EthKey.FromPrivateKey(options.PrivateKey ?? File.ReadAllText(options.PrivateKeyFile!).Trim());
        sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
    }

    /// <inheritdoc />
    public string Name => options.Name;

    /// <inheritdoc />
    public BigInteger ChainId => options.ChainId;

    /// <summary>The account that pays for submissions.</summary>
    public EthAddress Account => key.Address;

    /// <summary>The chain's JSON-RPC client (reads; reverts decoded with the feed and request contracts' errors).</summary>
    public EthJsonRpcClient Rpc => rpc;

    /// <summary>
    /// Sends a call from the paying account (simulated first: a call that would revert is never sent) and
    /// waits for its confirmations. Shares nonces with proof submissions.
    /// </summary>
    /// <exception cref="RelayerException">Kind Reverted (with the decoded reason in <see cref="RelayerException.Revert"/>) or Chain.</exception>
    public async Task<TxOutcome> SendCallAsync(EthAddress to, byte[] data, string what, CancellationToken ct)
    {
        try
        {
            return await sender.SendAsync(key, to, data, null, TxOptions(), ct);
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            string reason = e.Revert is { } r ? Describe(r) : e.Message;
            throw new RelayerException(RelayerErrorKind.Reverted, $"{what} reverted: {reason}", e) { Revert = e.Revert };
        }
        catch (EvmException e)
        {
            throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: {what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Waits until no transaction of the paying account is pending (pending nonce = latest nonce), so that a
    /// restarted relayer judges the chain only after what its previous life sent has been mined or dropped.
    /// </summary>
    /// <returns>True when none is pending; false when <paramref name="timeout"/> passed first.</returns>
    public async Task<bool> WaitForNoPendingAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            ulong pending = await Call(() => rpc.GetTransactionCountAsync(key.Address, BlockTag.Pending, ct), "eth_getTransactionCount");
            ulong latest = await Call(() => rpc.GetTransactionCountAsync(key.Address, BlockTag.Latest, ct), "eth_getTransactionCount");
            if (pending <= latest) return true;
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(options.PollInterval, ct);
        }
    }

    private TransactionOptions TxOptions() => new()
    {
        Confirmations = options.Confirmations,
        StuckAfter = options.StuckAfter,
        MaxReplacements = options.MaxReplacements,
        PollInterval = options.PollInterval,
        ReceiptTimeout = options.ReceiptTimeout,
    };

    /// <inheritdoc />
    public async Task VerifyAsync(CancellationToken ct)
    {
        BigInteger id = await Call(() => rpc.ChainIdAsync(ct), "eth_chainId");
        if (id != ChainId)
            throw new RelayerException(RelayerErrorKind.Chain, $"{options.RpcUrl} reports chain id {id}, but Relayer:Chains ({Name}) says {ChainId}");
    }

    /// <inheritdoc />
    public async Task<ChainHead> GetHeadAsync(CancellationToken ct)
    {
        var b = await Call(() => rpc.GetBlockAsync(BlockTag.Latest, ct), "eth_getBlockByNumber")
            ?? throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: {options.RpcUrl} returned no latest block");
        return new ChainHead(b.Number, b.Timestamp);
    }

    /// <inheritdoc />
    public async Task<FeedState> GetFeedStateAsync(string contract, byte[] feedId, CancellationToken ct)
    {
        var to = EthAddress.Parse(contract);
        byte[] observed = await Call(() => rpc.CallAsync(new CallRequest { To = to, Data = Abi.EncodeCall(FeedContractAbi.LatestObservedAt, feedId) }, BlockTag.Latest, ct),
            $"{contract}.latestObservedAt");
        ulong observedAt = (ulong)(BigInteger)Abi.Decode("uint64", observed)[0]!;
        if (observedAt == 0) return new FeedState(0, 0, 0);
        byte[] ret = await Call(() => rpc.CallAsync(new CallRequest { To = to, Data = Abi.EncodeCall(FeedContractAbi.LatestRoundDataOf, feedId) }, BlockTag.Latest, ct),
            $"{contract}.latestRoundDataOf");
        var v = Abi.Decode(FeedContractAbi.RoundDataReturns, ret);
        return new FeedState((ulong)(BigInteger)v[0]!, (BigInteger)v[1]!, observedAt);
    }

    /// <inheritdoc />
    public async Task<Submission> SubmitAsync(string contract, byte[] proof, CancellationToken ct)
    {
        var to = EthAddress.Parse(contract);
        var txOptions = TxOptions();
        TxOutcome outcome;
        try
        {
            // The raw proof is the whole calldata: the contract reads it from there (no selector starts with
            // the proof's version byte), about 600 gas cheaper than submit(bytes).
            outcome = await sender.SendAsync(key, to, proof, null, txOptions, ct);
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            string reason = e.Revert is { } r ? Describe(r) : e.Message;
            throw new RelayerException(RelayerErrorKind.Reverted, $"{contract}.submit reverted: {reason}", e);
        }
        catch (EvmException e)
        {
            throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: submitting to {contract}: {e.Message}", e);
        }
        var receipt = outcome.Receipt;
        var log = receipt.Logs.FirstOrDefault(l => l.Address == to && l.Topics.Count > 0 && (l.Topics[0].AsSpan().SequenceEqual(answerTopic) || FeedEvent.IsSingleFeedEvent(l)))
            ?? throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: transaction {outcome.Hash} was included but emitted no {FeedContractAbi.AnswerEvent}");
        var ev = FeedEvent.Decode(log, proof.AsSpan(1, 32).ToArray());
        if (outcome.Replacements > 0)
            this.log.LogWarning("{Chain}: submission replaced {Count} time(s) before {Tx} was mined", Name, outcome.Replacements, outcome.Hash);
        return new Submission(outcome.Hash, receipt.BlockNumber, receipt.GasUsed, ev.RoundId, ev.Answer, ev.ObservedAt, ev.Signer, outcome.Replacements);
    }

    private static string Describe(RevertReason r) => r.Args.Count == 0 ? r.Name : $"{r.Name}({string.Join(", ", r.Args.Select(FormatArg))})";

    private static string FormatArg(object? a) => a switch
    {
        byte[] b => Hex.Encode(b),
        null => "null",
        _ => a.ToString() ?? "",
    };

    internal async Task<T> Call<T>(Func<Task<T>> call, string what)
    {
        try
        {
            return await call();
        }
        catch (EvmException e)
        {
            throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: {what}: {e.Message}", e);
        }
    }
}
