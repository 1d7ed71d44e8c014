using System.Security.Cryptography;
using Google.Protobuf;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>
/// Merkle trees built in the tests to make proofs the way real stores do: <see cref="Iavl"/> lays out nodes as
/// cosmos/iavl does (zigzag height, size, version; length-prefixed children), <see cref="Simple"/> as CometBFT's
/// crypto/merkle does for the multi-store (0x00 leaves, 0x01 inner nodes, RFC 6962 split).
/// </summary>
internal sealed class TestTree
{
    private readonly Node _root;
    private readonly bool _iavl;
    private readonly SortedDictionary<byte[], byte[]> _entries;

    private TestTree(SortedDictionary<byte[], byte[]> entries, bool iavl, Random random)
    {
        if (entries.Count == 0)
            throw new ArgumentException("a tree needs at least one entry");
        _entries = entries;
        _iavl = iavl;
        var leaves = entries.Select(e => Leaf(e.Key, e.Value, iavl ? random.Next(1, 1 << 20) : 0)).ToArray();
        _root = Build(leaves, random);
    }

    /// <summary>An IAVL tree over the entries (random versions from <paramref name="random"/>).</summary>
    public static TestTree Iavl(IEnumerable<KeyValuePair<byte[], byte[]>> entries, Random random) =>
        new(ToSorted(entries), iavl: true, random);

    /// <summary>A simple Merkle tree over the entries, as a multi-store commits to its stores.</summary>
    public static TestTree Simple(IEnumerable<KeyValuePair<byte[], byte[]>> entries) =>
        new(ToSorted(entries), iavl: false, new Random(0));

    public byte[] Root => _root.Hash;

    public IReadOnlyCollection<byte[]> Keys => _entries.Keys;

    public byte[] ValueOf(byte[] key) => _entries[key];

    /// <summary>The existence proof of a key in the tree.</summary>
    public CommitmentProof Exist(byte[] key) => new() { Exist = ExistenceOf(key) };

    /// <summary>The non-existence proof of a key not in the tree: its neighbours' existence proofs.</summary>
    public CommitmentProof NonExist(byte[] key)
    {
        if (_entries.ContainsKey(key))
            throw new ArgumentException("key is in the tree");
        byte[]? left = _entries.Keys.LastOrDefault(k => Compare(k, key) < 0);
        byte[]? right = _entries.Keys.FirstOrDefault(k => Compare(k, key) > 0);
        var proof = new NonExistenceProof { Key = ByteString.CopyFrom(key) };
        if (left is not null)
            proof.Left = ExistenceOf(left);
        if (right is not null)
            proof.Right = ExistenceOf(right);
        return new CommitmentProof { Nonexist = proof };
    }

    private ExistenceProof ExistenceOf(byte[] key)
    {
        var steps = new List<InnerOp>();
        Node? leaf = Find(_root, key, steps);
        if (leaf is null)
            throw new ArgumentException("key is not in the tree");
        steps.Reverse();
        var proof = new ExistenceProof
        {
            Key = ByteString.CopyFrom(key),
            Value = ByteString.CopyFrom(_entries[key]),
            Leaf = _iavl ? ProofSpecs.Iavl.LeafSpec.Clone() : ProofSpecs.Tendermint.LeafSpec.Clone(),
        };
        if (_iavl)
            proof.Leaf.Prefix = ByteString.CopyFrom(IavlHeader(0, 1, leaf.Version));
        proof.Path.AddRange(steps);
        return proof;
    }

    private Node? Find(Node node, byte[] key, List<InnerOp> steps)
    {
        if (node.Left is null)
            return Compare(node.Key!, key) == 0 ? node : null;
        bool goLeft = Compare(key, node.Right!.MinKey) < 0;
        steps.Add(goLeft ? StepFromLeft(node) : StepFromRight(node));
        return Find(goLeft ? node.Left : node.Right, key, steps);
    }

    private InnerOp StepFromLeft(Node node) => new()
    {
        Hash = HashOp.Sha256,
        Prefix = ByteString.CopyFrom(_iavl ? [.. IavlHeader(node.Height, node.Size, node.Version), 32] : [1]),
        Suffix = ByteString.CopyFrom(_iavl ? [32, .. node.Right!.Hash] : node.Right!.Hash),
    };

    private InnerOp StepFromRight(Node node) => new()
    {
        Hash = HashOp.Sha256,
        Prefix = ByteString.CopyFrom(_iavl
            ? [.. IavlHeader(node.Height, node.Size, node.Version), 32, .. node.Left!.Hash, 32]
            : [1, .. node.Left!.Hash]),
    };

    private Node Leaf(byte[] key, byte[] value, long version)
    {
        byte[] valueHash = SHA256.HashData(value);
        byte[] prefix = _iavl ? IavlHeader(0, 1, version) : [0];
        byte[] preimage = [.. prefix, .. Uvarint(key.Length), .. key, .. Uvarint(valueHash.Length), .. valueHash];
        return new Node { Key = key, MinKey = key, Hash = SHA256.HashData(preimage), Height = 0, Size = 1, Version = version };
    }

    private Node Build(ReadOnlySpan<Node> nodes, Random random)
    {
        if (nodes.Length == 1)
            return nodes[0];
        int split = _iavl ? nodes.Length / 2 : SplitPoint(nodes.Length);
        var left = Build(nodes[..split], random);
        var right = Build(nodes[split..], random);
        var node = new Node
        {
            Left = left,
            Right = right,
            MinKey = left.MinKey,
            Height = Math.Max(left.Height, right.Height) + 1,
            Size = left.Size + right.Size,
            Version = _iavl ? Math.Max(left.Version, right.Version) + random.Next(0, 3) : 0,
        };
        byte[] preimage = _iavl
            ? [.. IavlHeader(node.Height, node.Size, node.Version), 32, .. left.Hash, 32, .. right.Hash]
            : [1, .. left.Hash, .. right.Hash];
        node.Hash = SHA256.HashData(preimage);
        return node;
    }

    private static int SplitPoint(int n)
    {
        int k = 1;
        while (k * 2 < n)
            k *= 2;
        return k;
    }

    private static byte[] IavlHeader(long height, long size, long version) =>
        [.. Zigzag(height), .. Zigzag(size), .. Zigzag(version)];

    private static byte[] Zigzag(long v) => Uvarint((ulong)((v << 1) ^ (v >> 63)));

    public static byte[] Uvarint(long v) => Uvarint((ulong)v);

    private static byte[] Uvarint(ulong v)
    {
        var bytes = new List<byte>();
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return bytes.ToArray();
    }

    private static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);

    private static SortedDictionary<byte[], byte[]> ToSorted(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        var sorted = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create(Compare));
        foreach (var e in entries)
            sorted[e.Key] = e.Value;
        return sorted;
    }

    private sealed class Node
    {
        public byte[]? Key;
        public byte[] MinKey = [];
        public byte[] Hash = [];
        public Node? Left;
        public Node? Right;
        public long Height;
        public long Size;
        public long Version;
    }
}
