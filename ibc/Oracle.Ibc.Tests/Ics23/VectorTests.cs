using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>cosmos/ics23 testdata/{iavl,tendermint,smt}/{exist,nonexist}_*.json.</summary>
public sealed class VectorTests
{
    public static TheoryData<string, string> Exist()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in TestData.Stores)
            foreach (var p in TestData.Positions)
                data.Add(s, "exist_" + p);
        return data;
    }

    public static TheoryData<string, string> NonExist()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in TestData.Stores)
            foreach (var p in TestData.Positions)
                data.Add(s, "nonexist_" + p);
        return data;
    }

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in TestData.Stores)
            foreach (var p in TestData.Positions)
            {
                data.Add(s, "exist_" + p);
                data.Add(s, "nonexist_" + p);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Exist))]
    public void Existence_proof_verifies_membership(string store, string file)
    {
        var v = TestData.LoadVector(store, file);
        var proof = Ics23Verifier.Decode(v.Proof);
        Assert.Equal(v.Root, proof.Exist.Calculate());
        var result = Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, v.Value);
        Assert.True(result.IsOk, result.Message);
        Assert.Equal(Ics23Error.UnsupportedProofType, Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, v.Key).Error);
    }

    [Theory]
    [MemberData(nameof(Exist))]
    public void Existence_proof_refuses_wrong_value_key_root_and_spec(string store, string file)
    {
        var v = TestData.LoadVector(store, file);
        var proof = Ics23Verifier.Decode(v.Proof);

        var value = (byte[])v.Value.Clone();
        value[^1] ^= 1;
        Assert.Equal(Ics23Error.ValueMismatch, Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, value).Error);
        Assert.Equal(Ics23Error.ValueMismatch, Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, []).Error);

        var key = (byte[])v.Key.Clone();
        key[0] ^= 1;
        Assert.Equal(Ics23Error.KeyMismatch, Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, key, v.Value).Error);

        var root = (byte[])v.Root.Clone();
        root[5] ^= 0x80;
        Assert.Equal(Ics23Error.RootMismatch, Ics23Verifier.VerifyMembership(v.Spec, root, proof, v.Key, v.Value).Error);
        Assert.Equal(Ics23Error.RootMismatch, Ics23Verifier.VerifyMembership(v.Spec, [], proof, v.Key, v.Value).Error);

        foreach (var other in TestData.Stores.Where(s => s != store))
        {
            var result = Ics23Verifier.VerifyMembership(TestData.SpecFor(other), v.Root, proof, v.Key, v.Value);
            Assert.False(result.IsOk, $"{store} proof passed with the {other} spec");
        }
        Assert.Equal(Ics23Error.MissingSpec, Ics23Verifier.VerifyMembership(null, v.Root, proof, v.Key, v.Value).Error);
    }

    [Theory]
    [MemberData(nameof(NonExist))]
    public void Nonexistence_proof_verifies_non_membership(string store, string file)
    {
        var v = TestData.LoadVector(store, file);
        var proof = Ics23Verifier.Decode(v.Proof);
        var result = Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, v.Key);
        Assert.True(result.IsOk, result.Message);
        Assert.Equal(Ics23Error.UnsupportedProofType, Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, [1]).Error);
    }

    [Theory]
    [MemberData(nameof(NonExist))]
    public void Nonexistence_proof_refuses_wrong_key_root_and_neighbour_keys(string store, string file)
    {
        var v = TestData.LoadVector(store, file);
        var proof = Ics23Verifier.Decode(v.Proof);
        var nonexist = proof.Nonexist;

        var root = (byte[])v.Root.Clone();
        root[0] ^= 1;
        Assert.Equal(Ics23Error.RootMismatch, Ics23Verifier.VerifyNonMembership(v.Spec, root, proof, v.Key).Error);

        // The proof names its key: another key is refused even if it falls in the same gap.
        var otherKey = (byte[])v.Key.Clone();
        otherKey[^1] ^= 1;
        Assert.False(Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, otherKey).IsOk);

        // A neighbour's own key exists, so the same proof cannot show it absent.
        nonexist.Key = Google.Protobuf.ByteString.Empty;
        foreach (var neighbour in new[] { nonexist.Left, nonexist.Right })
        {
            if (neighbour is null)
                continue;
            var r = Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, neighbour.Key.Span);
            Assert.Contains(r.Error, new[] { Ics23Error.KeyNotLeftOfRight, Ics23Error.KeyNotRightOfLeft });
        }

        // Dropping a neighbour breaks adjacency (the remaining one is not at the edge of the tree).
        if (nonexist.Left is not null && nonexist.Right is not null)
        {
            var withoutLeft = proof.Clone();
            withoutLeft.Nonexist.Left = null;
            Assert.Equal(Ics23Error.NotLeftMost, Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, withoutLeft, v.Key).Error);
            var withoutRight = proof.Clone();
            withoutRight.Nonexist.Right = null;
            Assert.Equal(Ics23Error.NotRightMost, Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, withoutRight, v.Key).Error);
            var swapped = proof.Clone();
            (swapped.Nonexist.Left, swapped.Nonexist.Right) = (swapped.Nonexist.Right, swapped.Nonexist.Left);
            Assert.False(Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, swapped, v.Key).IsOk);
        }
        var neither = proof.Clone();
        neither.Nonexist.Left = null;
        neither.Nonexist.Right = null;
        Assert.Equal(Ics23Error.MissingNeighbors, Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, neither, v.Key).Error);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Flipping_any_single_byte_of_the_proof_fails(string store, string file)
    {
        var v = TestData.LoadVector(store, file);
        bool exist = file.StartsWith("exist", StringComparison.Ordinal);
        var bytes = (byte[])v.Proof.Clone();
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= mask;
                var decoded = Ics23Verifier.TryDecode(bytes, out var proof);
                if (decoded.IsOk)
                {
                    var result = exist
                        ? Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, v.Value)
                        : Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, v.Key);
                    Assert.False(result.IsOk, $"byte {i} ^ {mask:x2} still verifies");
                    Assert.NotEqual(Ics23Error.None, result.Error);
                }
                else
                {
                    Assert.NotEqual(Ics23Error.None, decoded.Error);
                }
                bytes[i] ^= mask;
            }
        }
    }
}
