using System.Text.Json;
using Google.Protobuf;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>One proof to verify, as both this project and the npm referee see it.</summary>
internal sealed record Ics23Case(string Kind, string Spec, byte[] Root, byte[] Key, byte[]? Value, byte[] Proof, string Made)
{
    public ProofSpec ProofSpec => Spec == "iavl" ? ProofSpecs.Iavl : ProofSpecs.Tendermint;

    /// <summary>This project's verdict: decode strictly, then verify.</summary>
    public Ics23Result Verify(ProofSpec spec)
    {
        var decoded = Ics23Verifier.TryDecode(Proof, out var proof);
        if (!decoded.IsOk)
            return decoded;
        return Kind == "exist"
            ? Ics23Verifier.VerifyMembership(spec, Root, proof, Key, Value)
            : Ics23Verifier.VerifyNonMembership(spec, Root, proof, Key);
    }

    public object ToJson() => Value is null
        ? new { kind = Kind, spec = Spec, root = Convert.ToHexString(Root), key = Convert.ToHexString(Key), proof = Convert.ToHexString(Proof) }
        : new { kind = Kind, spec = Spec, root = Convert.ToHexString(Root), key = Convert.ToHexString(Key), value = Convert.ToHexString(Value), proof = Convert.ToHexString(Proof) };

    public static void WriteAll(string path, IEnumerable<Ics23Case> cases) =>
        File.WriteAllText(path, JsonSerializer.Serialize(cases.Select(c => c.ToJson())));
}

/// <summary>
/// Random proofs from random trees (<see cref="TestTree"/>), valid ones and tampered twins. Used by the
/// differential test against @confio/ics23 and by bench/ibc/ics23.
/// </summary>
internal static class Ics23Cases
{
    /// <summary><paramref name="count"/> valid proofs (existence and non-existence, IAVL and Tendermint specs).</summary>
    /// <param name="random">The generator (seeded by the caller).</param>
    /// <param name="count">How many proofs.</param>
    /// <param name="maxEntries">Trees hold 1 to this many entries.</param>
    /// <param name="iavlOnly">Only IAVL trees (otherwise one in four is a multi-store-like simple tree).</param>
    public static List<Ics23Case> Valid(Random random, int count, int maxEntries = 48, bool iavlOnly = false)
    {
        var cases = new List<Ics23Case>(count);
        while (cases.Count < count)
        {
            bool iavl = iavlOnly || random.Next(4) != 0;
            var entries = RandomEntries(random, random.Next(1, maxEntries));
            var tree = iavl ? TestTree.Iavl(entries, random) : TestTree.Simple(entries);
            string spec = iavl ? "iavl" : "tendermint";
            var keys = tree.Keys.ToArray();
            for (int i = 0; i < 3 && cases.Count < count; i++)
            {
                if (random.Next(2) == 0)
                {
                    byte[] key = keys[random.Next(keys.Length)];
                    cases.Add(new("exist", spec, tree.Root, key, tree.ValueOf(key), tree.Exist(key).ToByteArray(), "valid"));
                }
                else
                {
                    byte[] absent = AbsentKey(random, tree);
                    cases.Add(new("nonexist", spec, tree.Root, absent, null, tree.NonExist(absent).ToByteArray(), "valid"));
                }
            }
        }
        return cases;
    }

    /// <summary>A tampered twin of a valid case: one thing changed that the proof commits to.</summary>
    public static Ics23Case Tamper(Random random, Ics23Case valid)
    {
        var proof = CommitmentProof.Parser.ParseFrom(valid.Proof);
        switch (random.Next(valid.Kind == "exist" ? 5 : 4))
        {
            case 0:
            {
                byte[] root = (byte[])valid.Root.Clone();
                root[random.Next(root.Length)] ^= (byte)(1 << random.Next(8));
                return valid with { Root = root, Made = "root bit flipped" };
            }
            case 1:
            {
                // A bit flipped inside a neighbour or the existence proof: leaf prefix, a step, key or value.
                var exist = proof.ProofCase == CommitmentProof.ProofOneofCase.Exist
                    ? proof.Exist
                    : proof.Nonexist.Left ?? proof.Nonexist.Right;
                FlipInside(random, exist);
                return valid with { Proof = proof.ToByteArray(), Made = "bit flipped inside an existence proof" };
            }
            case 2 when valid.Kind == "exist":
            {
                byte[] value = [.. valid.Value!, (byte)random.Next(256)];
                return valid with { Value = value, Made = "value extended" };
            }
            case 2:
            {
                // Claim absence of a neighbour's key, which is present.
                var neighbour = proof.Nonexist.Left ?? proof.Nonexist.Right;
                return valid with { Key = neighbour.Key.ToByteArray(), Made = "absence claimed for a present key" };
            }
            case 3 when valid.Kind == "exist":
            {
                byte[] key = [.. valid.Key, 0];
                return valid with { Key = key, Made = "key extended" };
            }
            case 3:
            {
                // Drop one neighbour: the other is then not the left-most/right-most leaf (unless it is).
                if (proof.Nonexist.Left is not null && proof.Nonexist.Right is not null)
                {
                    if (random.Next(2) == 0)
                        proof.Nonexist.Left = null;
                    else
                        proof.Nonexist.Right = null;
                    return valid with { Proof = proof.ToByteArray(), Made = "one neighbour dropped" };
                }
                goto case 0;
            }
            default:
            {
                byte[] bytes = (byte[])valid.Proof.Clone();
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return valid with { Proof = bytes, Made = "bit flipped in the encoding" };
            }
        }
    }

    private static void FlipInside(Random random, ExistenceProof exist)
    {
        int where = random.Next(2 + exist.Path.Count);
        if (where == 0)
        {
            exist.Value = Flip(random, exist.Value);
        }
        else if (where == 1)
        {
            exist.Leaf.Prefix = Flip(random, exist.Leaf.Prefix);
        }
        else
        {
            var step = exist.Path[where - 2];
            if (step.Suffix.IsEmpty || random.Next(2) == 0)
                step.Prefix = Flip(random, step.Prefix);
            else
                step.Suffix = Flip(random, step.Suffix);
        }
    }

    private static ByteString Flip(Random random, ByteString data)
    {
        byte[] bytes = data.ToByteArray();
        if (bytes.Length == 0)
            return ByteString.CopyFrom((byte)1);
        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return ByteString.CopyFrom(bytes);
    }

    private static List<KeyValuePair<byte[], byte[]>> RandomEntries(Random random, int count)
    {
        var list = new List<KeyValuePair<byte[], byte[]>>(count);
        // Keys from a small alphabet share prefixes often, as store keys do ("commitments/ports/...").
        for (int i = 0; i < count; i++)
            list.Add(new(RandomKey(random), RandomBytes(random, random.Next(1, 64))));
        return list;
    }

    private static byte[] RandomKey(Random random)
    {
        byte[] key = RandomBytes(random, random.Next(1, 24));
        if (random.Next(2) == 0)
        {
            for (int i = 0; i < key.Length; i++)
                key[i] = (byte)('a' + key[i] % 4);
        }
        return key;
    }

    private static byte[] AbsentKey(Random random, TestTree tree)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            byte[] key = RandomKey(random);
            if (!tree.Keys.Any(k => k.AsSpan().SequenceEqual(key)))
                return key;
        }
        throw new InvalidOperationException("no absent key found in 1000 attempts");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
