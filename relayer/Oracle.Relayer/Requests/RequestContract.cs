using System.Numerics;
using Oracle.Evm;
using Oracle.Relayer.Chains;

namespace Oracle.Relayer.Requests;

/// <summary>A validator in registry order: the election's input.</summary>
public sealed record RegistryValidator(int Index, EthAddress Validator, ulong Power, EthAddress Signer);

/// <summary>A request as the contract stores it.</summary>
public sealed record OnChainRequest(OnChainStatus Status, int Quorum, ulong BlockNumber, byte[] SpecHash, BigInteger Randomness);

/// <summary>Reads and writes one OracleRequests contract and the registry it elects from.</summary>
public sealed class RequestContract
{
    private readonly EvmChainEndpoint chain;
    private readonly byte[] requestedTopic = Abi.EventTopic(RequestsAbi.RequestedEvent);

    private RequestContract(EvmChainEndpoint chain, EthAddress address, EthAddress registry, ulong windowBlocks)
    {
        this.chain = chain;
        Address = address;
        Registry = registry;
        WindowBlocks = windowBlocks;
    }

    /// <summary>The OracleRequests contract.</summary>
    public EthAddress Address { get; }

    /// <summary>The registry it elects from.</summary>
    public EthAddress Registry { get; }

    /// <summary>Blocks per attempt window.</summary>
    public ulong WindowBlocks { get; }

    /// <summary>The chain it lives on.</summary>
    public EvmChainEndpoint Chain => chain;

    /// <summary>Reads the contract's registry and window; fails with a clear message if it is not an OracleRequests.</summary>
    public static async Task<RequestContract> OpenAsync(EvmChainEndpoint chain, EthAddress address, CancellationToken ct)
    {
        var code = await chain.Call(() => chain.Rpc.GetCodeAsync(address, BlockTag.Latest, ct), "eth_getCode");
        if (code.Length == 0) throw new RelayerException(RelayerErrorKind.Chain, $"{chain.Name}: no contract at {address} (Relayer:Requests:Contract)");
        try
        {
            var registry = (EthAddress)Abi.Decode("address", await Call(chain, address, Abi.EncodeCall(RequestsAbi.Registry), ct))[0]!;
            var window = (ulong)(BigInteger)Abi.Decode("uint256", await Call(chain, address, Abi.EncodeCall(RequestsAbi.WindowBlocks), ct))[0]!;
            return new RequestContract(chain, address, registry, window);
        }
        catch (RelayerException e)
        {
            throw new RelayerException(RelayerErrorKind.Chain, $"{chain.Name}: {address} does not answer registry()/windowBlocks(); is it an OracleRequests contract? ({e.Message})", e);
        }
    }

    /// <summary>The registry's validators, in order.</summary>
    public async Task<IReadOnlyList<RegistryValidator>> ValidatorsAsync(CancellationToken ct)
    {
        var n = (int)(BigInteger)Abi.Decode("uint256", await Call(chain, Registry, Abi.EncodeCall(RequestsAbi.ValidatorCount), ct))[0]!;
        var list = new List<RegistryValidator>(n);
        for (int i = 0; i < n; i++)
        {
            var v = Abi.Decode(RequestsAbi.ValidatorTuple, await Call(chain, Registry, Abi.EncodeCall(RequestsAbi.ValidatorAt, (BigInteger)i), ct));
            list.Add(new RegistryValidator(i, (EthAddress)v[0]!, (ulong)(BigInteger)v[1]!, (EthAddress)v[2]!));
        }
        return list;
    }

    /// <summary>The request as stored now (status None: unknown, e.g. dropped by a reorg).</summary>
    public async Task<OnChainRequest> GetAsync(byte[] requestId, CancellationToken ct)
    {
        var v = Abi.Decode(RequestsAbi.RequestTuple, await Call(chain, Address, Abi.EncodeCall(RequestsAbi.Requests, requestId), ct));
        var t = v;
        return new OnChainRequest((OnChainStatus)(int)(BigInteger)t[3]!, (int)(BigInteger)t[2]!, (ulong)(BigInteger)t[4]!, (byte[])t[5]!, (BigInteger)t[6]!);
    }

    /// <summary>OracleRequested events of blocks <paramref name="from"/>..<paramref name="to"/>.</summary>
    public Task<IReadOnlyList<LogEntry>> RequestedLogsAsync(ulong from, ulong to, CancellationToken ct) =>
        chain.Call(() => chain.Rpc.GetLogsAsync(new LogFilter
        {
            FromBlock = BlockTag.Number(from),
            ToBlock = BlockTag.Number(to),
            Addresses = [Address],
            Topics = [[requestedTopic]],
        }, ct), "eth_getLogs");

    /// <summary>Decodes one OracleRequested log.</summary>
    public static SeenRequest Decode(LogEntry log, ulong blockNumber, string blockHash)
    {
        var e = log.Decode(RequestsAbi.RequestedEvent);
        return new SeenRequest(
            Hex.Encode((byte[])e["requestId"]!),
            blockNumber,
            blockHash,
            Hex.Encode((byte[])e["specHash"]!),
            (byte[])e["spec"]!,
            ((BigInteger)e["randomness"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (int)(BigInteger)e["quorum"]!,
            ((EthAddress)e["requester"]!).ToString());
    }

    /// <summary>Sends fulfill(requestId, proof) and waits for its confirmations.</summary>
    public Task<TxOutcome> FulfillAsync(byte[] requestId, byte[] proof, CancellationToken ct) =>
        chain.SendCallAsync(Address, Abi.EncodeCall(RequestsAbi.Fulfill, requestId, proof), $"{Address}.fulfill({Hex.Encode(requestId)})", ct);

    private static Task<byte[]> Call(EvmChainEndpoint chain, EthAddress to, byte[] data, CancellationToken ct) =>
        chain.Call(() => chain.Rpc.CallAsync(new CallRequest { To = to, Data = data }, BlockTag.Latest, ct), $"eth_call {to}");
}
