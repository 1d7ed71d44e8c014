using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Enclave.Client;
using Oracle.Evm;

namespace Oracle.Relayer.Feeds;

/// <summary>
/// Quorum mode (DESIGN.md section 6), shared by feed rounds and requests: a follower's enclave re-executes
/// the leader's job (<c>Endorse</c>) and signs the leader's report only if its own value is within the job's
/// tolerance. These helpers build the endorse request, check what came back, and put the signatures together.
/// </summary>
public static class Endorsements
{
    /// <summary>A copy of the leader's execute request with the leader's report fields to endorse.</summary>
    public static JsonObject Request(JsonObject execute, CompactProof leader)
    {
        var ask = (JsonObject)execute.DeepClone();
        ask["endorse"] = new JsonObject
        {
            ["value"] = leader.Value.ToString(CultureInfo.InvariantCulture),
            ["data"] = Hex.Encode(leader.Data),
            ["observed_at"] = leader.ObservedAt,
            ["sources_hash"] = Hex.Encode(leader.SourcesHash),
        };
        return ask;
    }

    /// <summary>
    /// Checks a follower's answer for one target: it endorsed, its report is the leader's report field for
    /// field, and its signature recovers to its enclave's key.
    /// </summary>
    /// <returns>The follower's enclave address and its 65-byte signature.</returns>
    /// <exception cref="FormatException">It refused, or signed something else; the message says what.</exception>
    public static (EthAddress Signer, byte[] Signature) Check(ExecuteResult endorsed, CompactProof leader, BigInteger chainId, EthAddress contract)
    {
        if (!endorsed.Ok) throw new FormatException($"refused: {endorsed.Error?.Name}: {endorsed.Error?.Detail}");
        var report = endorsed.Reports.FirstOrDefault(r => r.ChainId == chainId && string.Equals(r.VerifyingContract, contract.ToString(), StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"no endorsement for chain {chainId} contract {contract}");
        var proof = CompactProof.Decode(report.Proof);
        if (proof.Signatures.Count != 1 || !proof.WithSignatures(leader.Signatures).Encode().AsSpan().SequenceEqual(leader.Encode()))
            throw new FormatException("endorsed a different report than the leader's");
        var signer = proof.Signer(0, proof.Digest(chainId, contract));
        if (!string.Equals(signer.ToString(), endorsed.Signer, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"its signature recovers to {signer}, not to its enclave's key {endorsed.Signer}");
        return (signer, proof.Signatures[0]);
    }

    /// <summary>The leader's report with every signature, ordered by signer address (strictly ascending, as the contracts require).</summary>
    /// <exception cref="FormatException">Two signatures are by the same enclave.</exception>
    public static CompactProof Combine(CompactProof leader, IEnumerable<(EthAddress Signer, byte[] Signature)> signatures)
    {
        var ordered = signatures.OrderBy(s => s.Signer.ToString(), StringComparer.OrdinalIgnoreCase).ToList();
        for (int i = 1; i < ordered.Count; i++)
            if (ordered[i].Signer == ordered[i - 1].Signer) throw new FormatException($"enclave {ordered[i].Signer} signed twice");
        return leader.WithSignatures([.. ordered.Select(s => s.Signature)]);
    }
}
