using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Oracle.Ibc.Ics23;

/// <summary>The hash functions an ICS-23 <see cref="HashOp"/> names.</summary>
public static class HashOps
{
    /// <summary>Hashes <paramref name="preimage"/> with <paramref name="op"/>.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.UnsupportedHash"/> for NO_HASH or an unknown value.</exception>
    public static byte[] DoHash(HashOp op, ReadOnlySpan<byte> preimage) => op switch
    {
        HashOp.Sha256 => SHA256.HashData(preimage),
        HashOp.Sha512 => SHA512.HashData(preimage),
        HashOp.Keccak256 => Digest(new KeccakDigest(256), preimage),
        HashOp.Ripemd160 => Digest(new RipeMD160Digest(), preimage),
        HashOp.Bitcoin => Digest(new RipeMD160Digest(), SHA256.HashData(preimage)),
        HashOp.Sha512256 => Digest(new Sha512tDigest(256), preimage),
        HashOp.Blake2B512 => Digest(new Blake2bDigest(512), preimage),
        HashOp.Blake2S256 => Digest(new Blake2sDigest(256), preimage),
        HashOp.Blake3 => Digest(new Blake3Digest(256), preimage),
        _ => throw new Ics23Exception(Ics23Error.UnsupportedHash, $"unsupported hashop: {(int)op}"),
    };

    /// <summary>Returns <paramref name="preimage"/> unchanged for NO_HASH, else <see cref="DoHash"/>.</summary>
    public static byte[] DoHashOrNoop(HashOp op, ReadOnlySpan<byte> preimage) =>
        op == HashOp.NoHash ? preimage.ToArray() : DoHash(op, preimage);

    private static byte[] Digest(IDigest digest, ReadOnlySpan<byte> data)
    {
        digest.BlockUpdate(data);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }
}
