using System.Numerics;
using System.Security.Cryptography;
using Oracle.Cosmos.Keys;
using Oracle.Cosmos.Tests.Support;

namespace Oracle.Cosmos.Tests.Keys;

public sealed class Secp256k1Tests
{
    private static readonly BigInteger N = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", System.Globalization.NumberStyles.HexNumber);
    private static readonly byte[] Message = "cosmos sign doc"u8.ToArray();

    private static byte[] Be32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }

    public static TheoryData<string, byte[]> BadPrivateKeys() => new()
    {
        { "zero", new byte[32] },
        { "n", Be32(N) },
        { "n + 1", Be32(N + 1) },
        { "2^256 - 1", Enumerable.Repeat((byte)0xff, 32).ToArray() },
        { "31 bytes", Be32(1)[1..] },
        { "33 bytes", [0, .. Be32(1)] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(BadPrivateKeys))]
    public void FromBytes_ThrowsInvalidPrivateKey_WhenKeyIsZeroOutOfRangeOrWrongLength(string why, byte[] key)
    {
        var e = Assert.Throws<KeyException>(() => Secp256k1PrivateKey.FromBytes(key));
        Assert.True(e.Code == KeyError.InvalidPrivateKey, why);
    }

    [Fact]
    public void FromBytes_Accepts_OneAndNMinusOne()
    {
        using var one = Secp256k1PrivateKey.FromBytes(Be32(1));
        using var last = Secp256k1PrivateKey.FromBytes(Be32(N - 1));
        // G and -G share x and differ in parity.
        Assert.Equal("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", one.PublicKey.ToString());
        Assert.Equal("0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", last.PublicKey.ToString());
    }

    [Fact]
    public void Sign_IsDeterministicLowSAndVerifies()
    {
        using var key = Secp256k1PrivateKey.FromBytes(SHA256.HashData("k"u8));
        var a = key.Sign(Message);
        Assert.Equal(a, key.Sign(Message));
        Assert.Equal(64, a.Length);
        Assert.True(new BigInteger(a.AsSpan(32), isUnsigned: true, isBigEndian: true) <= N / 2);
        Assert.True(key.PublicKey.Verify(Message, a));
        Assert.Equal(key.PublicKey, Secp256k1PublicKey.FromBytes(key.PublicKey.ToUncompressed()));
    }

    private static byte[] Change(string row, byte[] s) => row switch
    {
        "63 bytes" => s[..63],
        "65 bytes" => [.. s, 0],
        "70 bytes" => [.. s, 0, 0, 0, 0, 0, 0],
        "high S (n - s)" => [.. s[..32], .. Be32(N - new BigInteger(s.AsSpan(32), true, true))],
        "r = 0" => [.. new byte[32], .. s[32..]],
        "s = 0" => [.. s[..32], .. new byte[32]],
        "r = n" => [.. Be32(N), .. s[32..]],
        "s = n + 1" => [.. s[..32], .. Be32(N + 1)],
        "r flipped" => Flip(s, 5),
        "s flipped" => Flip(s, 40),
        _ => throw new ArgumentException(row),
    };

    private static byte[] Flip(byte[] s, int at)
    {
        var c = (byte[])s.Clone();
        c[at] ^= 1;
        return c;
    }

    [Theory]
    [InlineData("63 bytes", KeyError.BadSignatureLength)]
    [InlineData("65 bytes", KeyError.BadSignatureLength)]
    [InlineData("70 bytes", KeyError.BadSignatureLength)]
    [InlineData("high S (n - s)", KeyError.HighS)]
    [InlineData("r = 0", KeyError.MalformedSignature)]
    [InlineData("s = 0", KeyError.MalformedSignature)]
    [InlineData("r = n", KeyError.MalformedSignature)]
    [InlineData("s = n + 1", KeyError.MalformedSignature)]
    [InlineData("r flipped", KeyError.SignatureMismatch)]
    [InlineData("s flipped", KeyError.SignatureMismatch)]
    public void Check_NamesTheBrokenRule_WhenOneThingOfAValidSignatureChanges(string row, KeyError expected)
    {
        using var key = Secp256k1PrivateKey.FromBytes(SHA256.HashData("k"u8));
        var signature = key.Sign(Message);
        Assert.Null(key.PublicKey.Check(Message, signature));
        var bad = Change(row, signature);
        Assert.Equal(expected, key.PublicKey.Check(Message, bad));
        Assert.False(key.PublicKey.Verify(Message, bad));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817", "32 bytes")]
    [InlineData("0579be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "bad prefix byte")]
    [InlineData("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30", "x not below p")]
    public void PublicKey_FromBytes_ThrowsInvalidPublicKey_WhenNotAPoint(string hex, string why)
    {
        var e = Assert.Throws<KeyException>(() => Secp256k1PublicKey.FromBytes(Hex.Bytes(hex)));
        Assert.True(e.Code == KeyError.InvalidPublicKey, why);
    }

    [Fact]
    public void SignDigest_ThrowsBadDigestLength_WhenDigestIsNot32Bytes()
    {
        using var key = Secp256k1PrivateKey.FromBytes(Be32(7));
        Assert.Equal(KeyError.BadDigestLength, Assert.Throws<KeyException>(() => key.SignDigest(new byte[31])).Code);
    }
}
