using Google.Protobuf;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>Wrong specs, empty paths, oversized or negative lengths, truncated or random bytes: a typed error, never a pass.</summary>
public sealed class BadInputTests
{
    private static TestData.Vector IavlExist() => TestData.LoadVector("iavl", "exist_middle");

    private static Ics23Result Verify(TestData.Vector v, CommitmentProof proof, ProofSpec? spec = null) =>
        Ics23Verifier.VerifyMembership(spec ?? v.Spec, v.Root, proof, v.Key, v.Value);

    [Fact]
    public void Oversized_proof_is_refused_before_decoding()
    {
        var result = Ics23Verifier.TryDecode(new byte[Ics23Verifier.MaxProofBytes + 1], out var proof);
        Assert.Equal(Ics23Error.ProofTooLarge, result.Error);
        Assert.Null(proof);
    }

    [Theory]
    [InlineData("0a")]                                   // tag without length
    [InlineData("0a7f")]                                 // length past the end
    [InlineData("0affffffff0f")]                         // length 2^32-1
    [InlineData("0affffffffffffffffff01")]               // negative length (-1 as varint)
    [InlineData("0affffffffffffffffffff01")]             // varint longer than 10 bytes
    [InlineData("0a0412020a")]                           // nested value length past its message
    [InlineData("00")]                                   // field number 0
    public void Malformed_protobuf_is_a_decode_error(string hex)
    {
        var result = Ics23Verifier.TryDecode(Convert.FromHexString(hex), out _);
        Assert.Equal(Ics23Error.Decode, result.Error);
    }

    [Fact]
    public void Invalid_wire_type_is_refused()
    {
        // The parser skips wire type 7 on field 1 as unknown; the canonical-encoding check refuses it.
        var result = Ics23Verifier.TryDecode([0x0f], out _);
        Assert.Contains(result.Error, new[] { Ics23Error.Decode, Ics23Error.NonCanonicalEncoding });
    }

    [Fact]
    public void Unknown_fields_and_non_canonical_encodings_are_refused()
    {
        var v = IavlExist();
        byte[] withUnknown = [.. v.Proof, 0x78, 0x01];          // field 15, varint 1
        Assert.Equal(Ics23Error.NonCanonicalEncoding, Ics23Verifier.TryDecode(withUnknown, out _).Error);
        byte[] canonical = [.. v.Proof];
        // The canonical encoding round-trips; a copy with the exist field repeated (empty first, merged) does not.
        byte[] reordered = [0x0a, 0x00, .. v.Proof];
        Assert.True(Ics23Verifier.TryDecode(canonical, out _).IsOk);
        Assert.Equal(Ics23Error.NonCanonicalEncoding, Ics23Verifier.TryDecode(reordered, out _).Error);
    }

    [Fact]
    public void Every_truncation_of_a_proof_fails_with_a_typed_error()
    {
        foreach (var store in TestData.Stores)
        {
            var v = TestData.LoadVector(store, "exist_left");
            for (int n = 0; n < v.Proof.Length; n++)
            {
                var decoded = Ics23Verifier.TryDecode(v.Proof.AsSpan(0, n), out var proof);
                var result = decoded.IsOk ? Verify(v, proof!) : decoded;
                Assert.NotEqual(Ics23Error.None, result.Error);
            }
        }
    }

    [Fact]
    public void Empty_or_missing_proof_is_refused()
    {
        var v = IavlExist();
        Assert.Equal(Ics23Error.UnsupportedProofType, Verify(v, new CommitmentProof()).Error);
        Assert.Equal(Ics23Error.UnsupportedProofType, Ics23Verifier.VerifyMembership(v.Spec, v.Root, null, v.Key, v.Value).Error);
        Assert.Equal(Ics23Error.UnsupportedProofType, Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, null, v.Key).Error);
        var batch = new CommitmentProof { Batch = new BatchProof() };
        Assert.Equal(Ics23Error.UnsupportedProofType, Verify(v, batch).Error);
        var noLeaf = Ics23Verifier.Decode(v.Proof);
        noLeaf.Exist.Leaf = null;
        Assert.Equal(Ics23Error.MissingLeaf, Verify(v, noLeaf).Error);
    }

    [Fact]
    public void Empty_path_fails()
    {
        foreach (var store in TestData.Stores)
        {
            var v = TestData.LoadVector(store, "exist_middle");
            var proof = Ics23Verifier.Decode(v.Proof);
            proof.Exist.Path.Clear();
            Assert.Equal(Ics23Error.RootMismatch, Verify(v, proof).Error);
            var spec = v.Spec;
            spec.MinDepth = 1;
            Assert.Equal(Ics23Error.InnerDepthTooShort, Verify(v, proof, spec).Error);
        }
    }

    [Fact]
    public void Neighbour_rules_refuse_empty_paths()
    {
        var inner = ProofSpecs.Iavl.InnerSpec;
        Assert.False(Neighbors.IsLeftNeighbor(inner, [], []));
        var op = new InnerOp { Hash = HashOp.Sha256, Prefix = ByteString.CopyFrom(1, 2, 3, 4) };
        Assert.False(Neighbors.IsLeftNeighbor(inner, [op], [op]));
    }

    [Fact]
    public void Too_deep_path_is_refused()
    {
        var v = TestData.LoadVector("tendermint", "exist_middle");
        var proof = Ics23Verifier.Decode(v.Proof);
        var step = proof.Exist.Path[0];
        while (proof.Exist.Path.Count <= ProofSpecs.DefaultMaxDepth)
            proof.Exist.Path.Add(step);
        Assert.Equal(Ics23Error.InnerDepthTooLong, Verify(v, proof).Error);
        var spec = v.Spec;
        spec.MaxDepth = int.MaxValue;
        while (proof.Exist.Path.Count <= ProofSpecs.AbsoluteMaxDepth)
            proof.Exist.Path.Add(step);
        Assert.Equal(Ics23Error.InnerDepthTooLong, Verify(v, proof, spec).Error);
    }

    [Fact]
    public void Wrong_or_malformed_specs_are_refused()
    {
        var v = IavlExist();
        var proof = Ics23Verifier.Decode(v.Proof);
        Assert.Equal(Ics23Error.MissingSpec, Verify(v, proof, new ProofSpec()).Error);
        var noInner = ProofSpecs.Iavl;
        noInner.InnerSpec = null;
        Assert.Equal(Ics23Error.MissingSpec, Verify(v, proof, noInner).Error);

        void Bad(Action<InnerSpec> mutate)
        {
            var spec = ProofSpecs.Iavl;
            mutate(spec.InnerSpec);
            Assert.Equal(Ics23Error.InvalidSpec, Verify(v, proof, spec).Error);
        }
        Bad(s => s.ChildSize = 0);
        Bad(s => s.ChildSize = -33);
        Bad(s => s.ChildSize = int.MaxValue);
        Bad(s => s.MinPrefixLength = -1);
        Bad(s => s.MaxPrefixLength = int.MinValue);
        Bad(s => s.MaxPrefixLength = int.MaxValue);
        Bad(s => { s.MinPrefixLength = 12; s.MaxPrefixLength = 4; });
        Bad(s => s.ChildOrder.Clear());
        Bad(s => s.ChildOrder[1] = 0);
        Bad(s => s.ChildOrder[1] = 7);
        Bad(s => s.ChildOrder[0] = -1);

        var leafHash = ProofSpecs.Iavl;
        leafHash.LeafSpec.Hash = HashOp.Sha512;
        Assert.Equal(Ics23Error.LeafHash, Verify(v, proof, leafHash).Error);
        var leafPrefix = ProofSpecs.Iavl;
        leafPrefix.LeafSpec.Prefix = ByteString.CopyFrom(9);
        Assert.Equal(Ics23Error.LeafPrefix, Verify(v, proof, leafPrefix).Error);
        var innerHash = ProofSpecs.Iavl;
        innerHash.InnerSpec.Hash = HashOp.Sha512;
        Assert.Equal(Ics23Error.InnerHash, Verify(v, proof, innerHash).Error);
    }

    [Fact]
    public void Leaf_and_inner_rules_name_the_failure()
    {
        var v = IavlExist();
        var proof = Ics23Verifier.Decode(v.Proof);

        var badLeaf = proof.Clone();
        badLeaf.Exist.Leaf.Prefix = ByteString.CopyFrom(0, 2, 2, 2);      // height 0, size 1, version 1, trailing byte
        Assert.Equal(Ics23Error.IavlOp, Verify(v, badLeaf).Error);

        var leafAsInner = proof.Clone();
        leafAsInner.Exist.Path[0].Prefix = ByteString.CopyFrom([0, .. leafAsInner.Exist.Path[0].Prefix.Span[1..]]);
        Assert.NotEqual(Ics23Error.None, Verify(v, leafAsInner).Error);

        var suffix = proof.Clone();
        suffix.Exist.Path[0].Suffix = ByteString.CopyFrom(1, 2, 3);
        Assert.False(Verify(v, suffix).IsOk);

        var tm = TestData.LoadVector("tendermint", "exist_middle");
        var tmProof = Ics23Verifier.Decode(tm.Proof);
        tmProof.Exist.Path[0].Prefix = ByteString.CopyFrom(2);
        Assert.Equal(Ics23Error.TendermintOp, Verify(tm, tmProof).Error);
        tmProof.Exist.Path[0].Prefix = ByteString.Empty;
        Assert.Equal(Ics23Error.TendermintOp, Verify(tm, tmProof).Error);
    }

    [Fact]
    public void Unsupported_hash_and_length_ops_are_typed_errors()
    {
        Assert.Equal(Ics23Error.UnsupportedHash, Assert.Throws<Ics23Exception>(() => HashOps.DoHash(HashOp.NoHash, [1])).Error);
        Assert.Equal(Ics23Error.UnsupportedHash, Assert.Throws<Ics23Exception>(() => HashOps.DoHash((HashOp)99, [1])).Error);
        Assert.Equal(Ics23Error.UnsupportedLength, Assert.Throws<Ics23Exception>(() => LengthOps.DoLengthOp(LengthOp.VarRlp, [1])).Error);
        Assert.Equal(Ics23Error.UnsupportedLength, Assert.Throws<Ics23Exception>(() => LengthOps.DoLengthOp((LengthOp)(-1), [1])).Error);
        Assert.Equal(Ics23Error.LengthRequirement, Assert.Throws<Ics23Exception>(() => LengthOps.DoLengthOp(LengthOp.Require32Bytes, new byte[31])).Error);
        Assert.Equal(Ics23Error.LengthRequirement, Assert.Throws<Ics23Exception>(() => LengthOps.DoLengthOp(LengthOp.Require64Bytes, new byte[65])).Error);
        Assert.Equal(32, LengthOps.DoLengthOp(LengthOp.Require32Bytes, new byte[32]).Length);
        Assert.Equal([0x80, 0x01, .. new byte[128]], LengthOps.DoLengthOp(LengthOp.VarProto, new byte[128]));

        var leaf = new LeafOp { Hash = HashOp.Sha256, Length = LengthOp.VarRlp };
        var e = Assert.Throws<Ics23Exception>(() => leaf.Apply([1], [2]));
        Assert.Equal(Ics23Error.UnsupportedLength, e.Error);
        Assert.StartsWith("prehash key, ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HashOp.Keccak256, "", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData(HashOp.Keccak256, "abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    [InlineData(HashOp.Blake3, "", "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData(HashOp.Sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Hashes_not_covered_by_the_upstream_data(HashOp op, string preimage, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(HashOps.DoHash(op, System.Text.Encoding.UTF8.GetBytes(preimage))));

    [Fact]
    public void Bounded_fuzz_of_the_decoder_and_verifier_never_throws_or_passes()
    {
        var random = new Random(6023);
        var seeds = TestData.Stores.SelectMany(s => new[] { TestData.LoadVector(s, "exist_right"), TestData.LoadVector(s, "nonexist_middle") }).ToArray();
        for (int i = 0; i < 3000; i++)
        {
            var v = seeds[i % seeds.Length];
            byte[] bytes = (byte[])v.Proof.Clone();
            int edits = 1 + random.Next(4);
            for (int k = 0; k < edits; k++)
            {
                switch (random.Next(3))
                {
                    case 0: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
                    case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                    default: bytes = [.. bytes[..(bytes.Length / 2)], (byte)random.Next(256), .. bytes[(bytes.Length / 2)..]]; break;
                }
                if (bytes.Length == 0)
                    break;
            }
            var decoded = Ics23Verifier.TryDecode(bytes, out var proof);
            if (!decoded.IsOk)
                continue;
            var a = Ics23Verifier.VerifyMembership(v.Spec, v.Root, proof, v.Key, v.Value);
            var b = Ics23Verifier.VerifyNonMembership(v.Spec, v.Root, proof, v.Key);
            bool unchanged = bytes.AsSpan().SequenceEqual(v.Proof);
            if (!unchanged)
            {
                Assert.False(a.IsOk && v.Value.Length > 0, $"mutated proof {i} verified membership");
                Assert.False(b.IsOk && v.Value.Length == 0, $"mutated proof {i} verified non-membership");
            }
        }
    }
}
