using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Digests;

namespace Oracle.Sources;

/// <summary>The feed id the enclave signs: <c>keccak256(JCS(job))</c> over the job object exactly as written
/// (no defaults filled in), enclave-tls/README.md "The execute request".</summary>
public static class FeedId
{
    /// <summary>Computes the 32-byte feed id of a job.</summary>
    /// <param name="job">The job object (what goes under <c>"job"</c> in the execute request).</param>
    /// <exception cref="SourceException"><see cref="SourceErrorCode.NotCanonicalizable"/>: a number the enclave would
    /// refuse (not an integer, or beyond 2^53).</exception>
    public static byte[] Compute(JsonObject job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Keccak256(Jcs.Canonicalize(job, integersOnly: true));
    }

    /// <summary>The feed id as 0x-prefixed lowercase hex, the way the enclave's result prints it.</summary>
    public static string ComputeHex(JsonObject job) => "0x" + Convert.ToHexStringLower(Compute(job));

    /// <summary>Keccak-256 (the Ethereum hash, not SHA3-256).</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }
}
