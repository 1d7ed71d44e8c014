using System.Text.Json;
using static Oracle.Cosmos.Rpc.CometJson;

namespace Oracle.Cosmos.Rpc;

/// <summary>One step of a state proof (<c>crypto.ProofOp</c>), e.g. type "ics23:iavl" whose data is an ICS-23
/// CommitmentProof, then "ics23:simple" for the multistore.</summary>
/// <param name="Type">The proof op type.</param>
/// <param name="Key">The key this step proves (decoded from base64).</param>
/// <param name="Data">The encoded proof (decoded from base64).</param>
public sealed record ProofOp(string Type, byte[] Key, byte[] Data)
{
    internal static ProofOp Parse(JsonElement e, string path)
    {
        RequireObject(e, path);
        return new ProofOp(OptString(e, "type", path), Base64(e, "key", path, optional: true), Base64(e, "data", path, optional: true));
    }
}

/// <summary>The answer of <c>abci_query</c> (<c>{"response":{...}}</c>, an <c>abci.ResponseQuery</c>: every field omitempty).</summary>
/// <param name="Code">0 for success.</param>
/// <param name="Log">The log (the error text when <paramref name="Code"/> is not 0).</param>
/// <param name="Info">Additional information.</param>
/// <param name="Index">The key's index in the tree, when the application sets it.</param>
/// <param name="Key">The key queried.</param>
/// <param name="Value">The value (empty when the key is absent).</param>
/// <param name="ProofOps">The proof, when asked for: empty otherwise.</param>
/// <param name="Height">The height the answer is for (the proof is against the app hash of the next header).</param>
/// <param name="Codespace">The namespace of <paramref name="Code"/>.</param>
public sealed record AbciQueryResult(uint Code, string Log, string Info, long Index, byte[] Key, byte[] Value,
    IReadOnlyList<ProofOp> ProofOps, long Height, string Codespace)
{
    /// <summary>Whether the query succeeded.</summary>
    public bool IsOk => Code == 0;

    internal static AbciQueryResult Parse(JsonElement e, string path)
    {
        var response = Object(RequireObject(e, path), "response", path);
        path = Path(path, "response");
        var proofOps = OptObject(response, "proof_ops", path);
        return new AbciQueryResult(
            UInt32(response, "code", path, optional: true),
            OptString(response, "log", path),
            OptString(response, "info", path),
            OptInt64(response, "index", path),
            Base64(response, "key", path, optional: true),
            Base64(response, "value", path, optional: true),
            proofOps is null ? [] : Array(proofOps.Value, "ops", Path(path, "proof_ops"), ProofOp.Parse),
            OptInt64(response, "height", path, min: 0),
            OptString(response, "codespace", path));
    }
}
