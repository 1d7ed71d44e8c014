using System.Security.Cryptography;
using System.Text;

namespace Oracle.Attestation;

/// <summary>
/// The REPORTDATA that binds an enclave's keys (DESIGN.md section 5):
/// <c>REPORTDATA[0..32] = sha256("AttestedOracle/v1" || secp256k1 public key (x || y, 64 bytes) || X25519 public key (32 bytes))</c>,
/// <c>REPORTDATA[32..64] = sha256(operator / validator id)</c>.
/// </summary>
public static class KeyBinding
{
    /// <summary>The domain tag hashed first.</summary>
    public const string Tag = "AttestedOracle/v1";

    /// <summary>The first half: the hash that binds the two public keys.</summary>
    public static byte[] KeysHash(ReadOnlySpan<byte> secp256k1Public, ReadOnlySpan<byte> x25519Public)
    {
        if (secp256k1Public.Length != 64)
        {
            throw new ArgumentException($"the secp256k1 public key is {secp256k1Public.Length} bytes, not 64 (x || y)", nameof(secp256k1Public));
        }
        if (x25519Public.Length != 32)
        {
            throw new ArgumentException($"the X25519 public key is {x25519Public.Length} bytes, not 32", nameof(x25519Public));
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.ASCII.GetBytes(Tag));
        sha.AppendData(secp256k1Public);
        sha.AppendData(x25519Public);
        return sha.GetHashAndReset();
    }

    /// <summary>sha256 of an operator (validator) id's UTF-8 bytes: REPORTDATA[32..64], and what a verifier
    /// passes to the enclave's identity call as its 32-byte binding input.</summary>
    public static byte[] OperatorHash(string operatorId) => SHA256.HashData(Encoding.UTF8.GetBytes(operatorId));

    /// <summary>The 64 bytes of REPORTDATA for these keys and this operator (validator) id.</summary>
    public static byte[] ReportData(ReadOnlySpan<byte> secp256k1Public, ReadOnlySpan<byte> x25519Public, ReadOnlySpan<byte> operatorId)
    {
        var data = new byte[64];
        KeysHash(secp256k1Public, x25519Public).CopyTo(data, 0);
        SHA256.HashData(operatorId, data.AsSpan(32));
        return data;
    }

    /// <summary>Checks that <paramref name="report"/> binds these keys and, when given, this operator id.</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.ReportDataBinding"/>: it does not.</exception>
    public static void Check(SgxReportBody report, ReadOnlySpan<byte> secp256k1Public, ReadOnlySpan<byte> x25519Public, ReadOnlySpan<byte> operatorId)
    {
        ArgumentNullException.ThrowIfNull(report);
        var actual = report.ReportData.Span;
        if (!CryptographicOperations.FixedTimeEquals(actual[..32], KeysHash(secp256k1Public, x25519Public)))
        {
            throw new AttestationException(AttestationCheck.ReportDataBinding, "REPORTDATA[0..32] is not sha256(\"AttestedOracle/v1\" || secp256k1 key || X25519 key) for the keys given");
        }
        if (!CryptographicOperations.FixedTimeEquals(actual[32..], SHA256.HashData(operatorId)))
        {
            throw new AttestationException(AttestationCheck.ReportDataBinding, "REPORTDATA[32..64] is not sha256(operator id) for the operator given");
        }
    }
}
