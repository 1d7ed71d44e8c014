using System.Security.Cryptography;

namespace Oracle.Ibc.Tendermint;

/// <summary>
/// CometBFT's simple Merkle tree (<c>crypto/merkle.HashFromByteSlices</c>, RFC 6962): a leaf is
/// SHA-256(0x00 || item), an inner node SHA-256(0x01 || left || right), and a list of n &gt; 1 items
/// splits at the largest power of two strictly below n. The root of no items is SHA-256 of nothing.
/// </summary>
public static class MerkleTree
{
    /// <summary>Size of every hash, 32 bytes.</summary>
    public const int HashSize = 32;

    /// <summary>The Merkle root of <paramref name="items"/>.</summary>
    public static byte[] HashFromByteSlices(IReadOnlyList<byte[]> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
            return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        var root = new byte[HashSize];
        Hash(items, 0, items.Count, root);
        return root;
    }

    private static void Hash(IReadOnlyList<byte[]> items, int start, int count, Span<byte> output)
    {
        if (count == 1)
        {
            LeafHash(items[start], output);
            return;
        }
        var split = SplitPoint(count);
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 1;
        Hash(items, start, split, buffer.Slice(1, HashSize));
        Hash(items, start + split, count - split, buffer.Slice(1 + HashSize, HashSize));
        SHA256.HashData(buffer, output);
    }

    /// <summary>SHA-256(0x00 || leaf).</summary>
    public static void LeafHash(ReadOnlySpan<byte> leaf, Span<byte> output)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0]);
        sha.AppendData(leaf);
        sha.GetHashAndReset(output);
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n &gt; 1).</summary>
    internal static int SplitPoint(int n)
    {
        var k = 1 << (31 - int.LeadingZeroCount(n));
        return k == n ? k >> 1 : k;
    }
}
