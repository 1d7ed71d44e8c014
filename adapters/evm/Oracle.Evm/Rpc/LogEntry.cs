using System.Text.Json;

namespace Oracle.Evm;

/// <summary>An event log from a receipt or <c>eth_getLogs</c>.</summary>
/// <param name="Address">The contract that emitted it.</param>
/// <param name="Topics">Topic 0 (the event's signature hash, unless anonymous) and the indexed arguments.</param>
/// <param name="Data">The non-indexed arguments, ABI-encoded.</param>
/// <param name="LogIndex">Position in the block.</param>
/// <param name="BlockNumber">The block that holds it (null while pending).</param>
/// <param name="BlockHash">The block hash, lowercase hex (null while pending).</param>
/// <param name="TransactionHash">The transaction that emitted it.</param>
/// <param name="Removed">True when a reorg removed it (sent by filters).</param>
public sealed record LogEntry(EthAddress Address, IReadOnlyList<byte[]> Topics, byte[] Data, ulong LogIndex,
    ulong? BlockNumber, string? BlockHash, string? TransactionHash, bool Removed)
{
    /// <summary>Decodes the log against an event signature (see <see cref="Abi.DecodeLog"/>).</summary>
    public DecodedEvent Decode(string eventSignature) => Abi.DecodeLog(eventSignature, Topics, Data);

    internal static LogEntry FromJson(JsonElement json) => new(
        RpcJson.Address(json, "address"),
        json.GetProperty("topics").EnumerateArray().Select(t => RpcJson.BytesOf(t, "topics")).ToList(),
        RpcJson.Bytes(json, "data"),
        RpcJson.OptionalU64(json, "logIndex") ?? 0,
        RpcJson.OptionalU64(json, "blockNumber"),
        RpcJson.OptionalHash(json, "blockHash"),
        RpcJson.OptionalHash(json, "transactionHash"),
        json.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
}
