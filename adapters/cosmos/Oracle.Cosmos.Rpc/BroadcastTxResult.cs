using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The answer of <c>broadcast_tx_sync</c>: the CheckTx verdict (<c>ResultBroadcastTx</c>, no omitempty).</summary>
/// <param name="Code">0 when the mempool took the transaction; else the application's error code.</param>
/// <param name="Data">CheckTx's data (hex on the wire).</param>
/// <param name="Log">The log (the error text when refused).</param>
/// <param name="Codespace">The namespace of <paramref name="Code"/> (e.g. "sdk": 32 is an account sequence mismatch).</param>
/// <param name="Hash">The transaction hash (SHA-256 of the bytes sent).</param>
public sealed record BroadcastTxResult(uint Code, byte[] Data, string Log, string Codespace, byte[] Hash)
{
    /// <summary>Whether CheckTx accepted the transaction.</summary>
    public bool IsOk => Code == 0;

    internal static BroadcastTxResult Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        var hash = Hex(e, "hash", path);
        if (hash.Length != 32)
        {
            throw new CometFormatException(Path(path, "hash"), $"a transaction hash has 32 bytes, got {hash.Length}");
        }
        return new BroadcastTxResult(UInt32(e, "code", path), Hex(e, "data", path), String(e, "log", path), String(e, "codespace", path), hash);
    }
}
