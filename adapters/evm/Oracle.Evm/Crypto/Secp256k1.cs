
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;

using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Oracle.Evm;

/// <summary>The secp256k1 curve parameters and the public-key recovery that ecrecover performs.</summary>
internal static class Secp256k1
{
    internal static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    internal static readonly BcBigInteger N = Curve.N;
    internal static readonly BcBigInteger HalfN = Curve.N.ShiftRight(1);

    internal static BcBigInteger ToBc(ReadOnlySpan<byte> bigEndian) => new(1, bigEndian.ToArray());

    internal static byte[] To32(BcBigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length == 32)
        {
            return bytes;
        }
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }

    internal static byte[] Encode64(ECPoint point)
    {
        var normalized = point.Normalize();
        var encoded = normalized.GetEncoded(false);
        return encoded[1..];
    }

    /// <summary>Recovers the 64-byte public key from (r, s, recId) over a 32-byte hash, or null when none exists.</summary>
    internal static byte[]? Recover(ReadOnlySpan<byte> hash, BcBigInteger r, BcBigInteger s, int recId)
    {
        if (r.SignValue <= 0 || r.CompareTo(N) >= 0 || s.SignValue <= 0 || s.CompareTo(N) >= 0 || recId is < 0 or > 1)
        {
            return null;
        }
        // R = (r, y) with y parity from recId. (r + N would need recId 2/3, which Ethereum does not use.)
        var prime = Curve.Curve.Field.Characteristic;
        if (r.CompareTo(prime) >= 0)
        {
            return null;
        }
        var compressed = new byte[33];
        compressed[0] = (byte)(recId == 1 ? 0x03 : 0x02);
        To32(r).CopyTo(compressed, 1);
        ECPoint bigR;
        try
        {
            bigR = Curve.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }
        var e = ToBc(hash);
        var rInv = r.ModInverse(N);
        var u1 = e.Negate().Mod(N).Multiply(rInv).Mod(N);
        var u2 = s.Multiply(rInv).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, bigR, u2);
        if (q.IsInfinity)
        {
            return null;
        }
        return Encode64(q);
    }

    internal static System.Numerics.BigInteger ToNet(BcBigInteger value) => new(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
}
