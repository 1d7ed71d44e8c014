using System.Globalization;
using System.Text.Json.Nodes;
using Oracle.Evm;
using Oracle.Relayer.Proofs;

namespace Oracle.Node;

/// <summary>The node's JSON documents (relayer/README.md, "Pull proofs", has examples).</summary>
public static class ProofJson
{
    /// <summary>
    /// A served proof: the compact proof as 0x hex, every report field (value as a decimal string: it is an int256),
    /// the signer, the target, whether the enclave is simulated, and the per-source transcript summary in the
    /// enclave's own field names (host, port, spki_sha256, status, value or error).
    /// </summary>
    public static JsonObject Served(ServedProof s)
    {
        var p = s.Proof;
        return new JsonObject
        {
            ["proof"] = Hex.Encode(s.Report.Proof),
            ["feed"] = s.Feed.Name,
            ["feedId"] = Hex.Encode(p.FeedId),
            ["requestId"] = Hex.Encode(p.RequestId),
            ["round"] = p.Round,
            ["value"] = p.Value.ToString(CultureInfo.InvariantCulture),
            ["decimals"] = s.Result.Decimals ?? s.Feed.Decimals,
            ["observedAt"] = p.ObservedAt,
            ["chainTime"] = s.Head.Timestamp,
            ["sourcesHash"] = Hex.Encode(p.SourcesHash),
            ["data"] = Hex.Encode(p.Data),
            ["signer"] = s.Signer.ToString(),
            ["signers"] = new JsonArray(s.Signer.ToString()),
            ["chainId"] = s.Chain.ChainId,
            ["contract"] = s.Contract.ToString(),
            ["digest"] = s.Report.Digest,
            ["simulated"] = s.Result.Simulated,
            ["backend"] = s.Result.Backend,
            ["sources"] = new JsonArray(s.Result.Sources.Select(x =>
            {
                var o = new JsonObject { ["host"] = x.Host, ["port"] = x.Port, ["spki_sha256"] = x.SpkiSha256, ["status"] = x.Status, ["ok"] = x.Ok };
                if (x.Value is { } v) o["value"] = v.ToString(CultureInfo.InvariantCulture);
                if (x.Error is { } e) o["error"] = $"{e.Name}: {e.Detail}";
                return (JsonNode)o;
            }).ToArray()),
        };
    }

    /// <summary>
    /// A verdict: ok, the failed check's code, the reason and the contract's custom error (null when ok), what the
    /// proof says (null when malformed), each signer's registry entry, and what it was judged against.
    /// </summary>
    public static JsonObject Verdict(ProofVerdict v)
    {
        var r = v.Requirements;
        return new JsonObject
        {
            ["ok"] = v.Ok,
            ["check"] = v.Check,
            ["reason"] = v.Reason,
            ["contractError"] = v.ContractError,
            ["feedId"] = v.FeedId is { } f ? Hex.Encode(f) : null,
            ["requestId"] = v.Proof is { } p ? Hex.Encode(p.RequestId) : null,
            ["round"] = v.Proof?.Round,
            ["value"] = v.Value?.ToString(CultureInfo.InvariantCulture),
            ["observedAt"] = v.ObservedAt,
            ["signers"] = new JsonArray(v.Signers.Select(e => (JsonNode)new JsonObject
            {
                ["address"] = e.Signer.ToString(), ["registered"] = e.Registered, ["expiresAt"] = e.ExpiresAt,
                ["tcbStatus"] = e.TcbStatus, ["simulated"] = e.Simulated, ["validatorIndex"] = e.ValidatorIndex,
            }).ToArray()),
            ["chainId"] = (ulong)v.ChainId,
            ["contract"] = r.Consumer.ToString(),
            ["registry"] = r.Registry.ToString(),
            ["maxAge"] = (ulong)r.MaxAge.TotalSeconds,
            ["expectedFeedId"] = r.FeedId is { } e2 ? Hex.Encode(e2) : null,
            ["chainTime"] = v.ChainTime,
            ["block"] = v.BlockNumber,
        };
    }

    /// <summary>An error: <c>{"error", "code", "parameter"?}</c>.</summary>
    public static JsonObject Error(NodeRequestException e)
    {
        var o = new JsonObject { ["error"] = e.Message, ["code"] = e.Code };
        if (e.Parameter is not null) o["parameter"] = e.Parameter;
        return o;
    }
}
