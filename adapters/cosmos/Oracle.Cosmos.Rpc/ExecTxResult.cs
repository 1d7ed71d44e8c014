using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>The result of executing one transaction (<c>abci.ExecTxResult</c>; every field is omitempty, so absent means zero).</summary>
/// <param name="Code">0 for success, else the application's error code within <paramref name="Codespace"/>.</param>
/// <param name="Data">The application's result bytes.</param>
/// <param name="Log">The log (the error text when <paramref name="Code"/> is not 0).</param>
/// <param name="Info">Additional information.</param>
/// <param name="GasWanted">Gas asked for.</param>
/// <param name="GasUsed">Gas used.</param>
/// <param name="Events">Events the transaction emitted.</param>
/// <param name="Codespace">The namespace of <paramref name="Code"/> (e.g. "sdk").</param>
public sealed record ExecTxResult(uint Code, byte[] Data, string Log, string Info, long GasWanted, long GasUsed,
    IReadOnlyList<AbciEvent> Events, string Codespace)
{
    /// <summary>Whether the transaction succeeded.</summary>
    public bool IsOk => Code == 0;

    internal static ExecTxResult Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new ExecTxResult(
            UInt32(e, "code", path, optional: true),
            Base64(e, "data", path, optional: true),
            OptString(e, "log", path),
            OptString(e, "info", path),
            OptInt64(e, "gas_wanted", path),
            OptInt64(e, "gas_used", path),
            Array(e, "events", path, AbciEvent.Parse, optional: true),
            OptString(e, "codespace", path));
    }
}
