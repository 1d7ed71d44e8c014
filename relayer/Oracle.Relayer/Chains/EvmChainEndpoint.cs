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
        rpc = new EthJsonRpcClient(http, new Uri(options.RpcUrl), new RevertDecoder(FeedContractAbi.Errors));
        key = EthKey.FromPrivateKey(options.PrivateKey ?? File.ReadAllText(options.PrivateKeyFile!).Trim());
        sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
    }

    /// <inheritdoc />
    public string Name => options.Name;

    /// <inheritdoc />
    public BigInteger ChainId => options.ChainId;

    /// <summary>The account that pays for submissions.</summary>
    public EthAddress Account => key.Address;

    /// <inheritdoc />
    public async Task VerifyAsync(CancellationToken ct)
    {
        BigInteger id = await Rpc(() => rpc.ChainIdAsync(ct), "eth_chainId");
        if (id != ChainId)
            throw new RelayerException(RelayerErrorKind.Chain, $"{options.RpcUrl} reports chain id {id}, but Relayer:Chains ({Name}) says {ChainId}");
    }

    /// <inheritdoc />
    public async Task<ChainHead> GetHeadAsync(CancellationToken ct)
    {
        var b = await Rpc(() => rpc.GetBlockAsync(BlockTag.Latest, ct), "eth_getBlockByNumber")
            ?? throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: {options.RpcUrl} returned no latest block");
        return new ChainHead(b.Number, b.Timestamp);
    }

    /// <inheritdoc />
    public async Task<FeedState> GetFeedStateAsync(string contract, byte[] feedId, CancellationToken ct)
    {
        var to = EthAddress.Parse(contract);
        byte[] observed = await Rpc(() => rpc.CallAsync(new CallRequest { To = to, Data = Abi.EncodeCall(FeedContractAbi.LatestObservedAt, feedId) }, BlockTag.Latest, ct),
            $"{contract}.latestObservedAt");
        ulong observedAt = (ulong)(BigInteger)Abi.Decode("uint64", observed)[0]!;
        if (observedAt == 0) return new FeedState(0, 0, 0);
        byte[] ret = await Rpc(() => rpc.CallAsync(new CallRequest { To = to, Data = Abi.EncodeCall(FeedContractAbi.LatestRoundDataOf, feedId) }, BlockTag.Latest, ct),
            $"{contract}.latestRoundDataOf");
        var v = Abi.Decode(FeedContractAbi.RoundDataReturns, ret);
        return new FeedState((ulong)(BigInteger)v[0]!, (BigInteger)v[1]!, observedAt);
    }

    /// <inheritdoc />
    public async Task<Submission> SubmitAsync(string contract, byte[] proof, CancellationToken ct)
    {
        var to = EthAddress.Parse(contract);
        var txOptions = new TransactionOptions
        {
            Confirmations = options.Confirmations,
            StuckAfter = options.StuckAfter,
            MaxReplacements = options.MaxReplacements,
            PollInterval = options.PollInterval,
            ReceiptTimeout = options.ReceiptTimeout,
        };
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
        var log = receipt.Logs.FirstOrDefault(l => l.Address == to && l.Topics.Count > 0 && l.Topics[0].AsSpan().SequenceEqual(answerTopic))
            ?? throw new RelayerException(RelayerErrorKind.Chain, $"{Name}: transaction {outcome.Hash} was included but emitted no {FeedContractAbi.AnswerEvent}");
        var ev = FeedEvent.Decode(log);
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

    private async Task<T> Rpc<T>(Func<Task<T>> call, string what)
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
