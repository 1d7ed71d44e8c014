using Org.BouncyCastle.Crypto.Digests;

namespace Oracle.Evm;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256).</summary>
public static class Keccak256
{
    /// <summary>Hashes the bytes and returns the 32-byte digest.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>Hashes the UTF-8 bytes of a string.</summary>
    public static byte[] Hash(string text) => Hash(System.Text.Encoding.UTF8.GetBytes(text));
}
