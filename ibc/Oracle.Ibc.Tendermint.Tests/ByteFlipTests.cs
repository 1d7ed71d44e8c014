using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Xunit.Abstractions;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>Every byte that a signature covers, and every byte of a signature, matters: flipping one makes a SUCCESS step fail.</summary>
public sealed class ByteFlipTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Files() =>
        [["MC4_4_faulty_TestSuccess.json"], ["MC10_3_faulty_TestSuccess.json"], ["MC4_4_faulty_TestValsetDoubles.json"]];

    [Theory]
    [MemberData(nameof(Files))]
    public void FlippingAHeaderByte_MakesASuccessFail(string file)
    {
        var (trusted, step, options) = TestData.FirstSuccess(file);
        Assert.True(LightClient.Verify(trusted, step.Block, options).IsOk);
        var flips = 0;
        foreach (var mutate in HeaderMutations(step.Block.SignedHeader.Header))
        {
            var block = step.Block with { SignedHeader = step.Block.SignedHeader.Clone() };
            mutate(block.SignedHeader.Header);
            var result = LightClient.Verify(trusted, block, options);
            Assert.False(result.IsOk, $"{file}: header flip #{flips} still verifies");
            flips++;
        }
        output.WriteLine($"{flips} header flips, all refused");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void FlippingACommitOrSignatureByte_MakesASuccessFail(string file)
    {
        var (trusted, step, options) = TestData.FirstSuccess(file);
        var all = options with { VerifyAllSignatures = true };
        Assert.True(LightClient.Verify(trusted, step.Block, all).IsOk);
        var commit = step.Block.SignedHeader.Commit;
        var flips = 0;
        var firstSigned = -1;
        for (var i = 0; i < commit.Signatures.Count; i++)
        {
            if (commit.Signatures[i].BlockIdFlag != BlockIDFlag.Commit)
                continue;
            if (firstSigned < 0)
                firstSigned = i;
            for (var b = 0; b < commit.Signatures[i].Signature.Length; b++)
            {
                var block = WithCommit(step.Block, c => c.Signatures[i].Signature = Flip(c.Signatures[i].Signature, b));
                Assert.Equal(TendermintError.InvalidSignature, LightClient.Verify(trusted, block, all).Error);
                if (i == firstSigned) // the first signature is always among those the stopping verifier checks
                    Assert.Equal(TendermintError.InvalidSignature, LightClient.Verify(trusted, block, options).Error);
                flips++;
            }
            var sig = i;
            foreach (var timestampChange in new Action<Commit>[] { c => c.Signatures[sig].Timestamp.Nanos ^= 1, c => c.Signatures[sig].Timestamp.Seconds ^= 1 })
            {
                Assert.False(LightClient.Verify(trusted, WithCommit(step.Block, timestampChange), all).IsOk);
                flips++;
            }
        }
        var signedFields = new Action<Commit>[]
        {
            c => c.Round ^= 1,
            c => c.Height ^= 1,
            c => c.BlockId.PartSetHeader.Total ^= 1,
            c => c.BlockId.PartSetHeader.Hash = Flip(c.BlockId.PartSetHeader.Hash, 0),
            c => c.BlockId.PartSetHeader.Hash = Flip(c.BlockId.PartSetHeader.Hash, 31),
            c => c.BlockId.Hash = Flip(c.BlockId.Hash, 0),
        };
        foreach (var change in signedFields)
        {
            Assert.False(LightClient.Verify(trusted, WithCommit(step.Block, change), options).IsOk);
            flips++;
        }
        output.WriteLine($"{flips} commit and signature flips, all refused");
    }

    private static LightClientBlock WithCommit(LightClientBlock block, Action<Commit> change)
    {
        var copy = block with { SignedHeader = block.SignedHeader.Clone() };
        change(copy.SignedHeader.Commit);
        return copy;
    }

    /// <summary>One change per signed header byte: each bit 0 of every byte of every bytes field, and the scalars.</summary>
    private static IEnumerable<Action<Header>> HeaderMutations(Header header)
    {
        yield return h => h.Version.Block ^= 1;
        yield return h => h.Version.App ^= 1;
        yield return h => h.Height ^= 1;
        yield return h => h.Time.Seconds ^= 1;
        yield return h => h.Time.Nanos ^= 1;
        for (var i = 0; i < header.ChainId.Length; i++)
        {
            var at = i;
            yield return h => h.ChainId = h.ChainId[..at] + (char)(h.ChainId[at] ^ 1) + h.ChainId[(at + 1)..];
        }
        var fields = new (Func<Header, ByteString> Get, Action<Header, ByteString> Set)[]
        {
            (h => h.LastCommitHash, (h, v) => h.LastCommitHash = v),
            (h => h.DataHash, (h, v) => h.DataHash = v),
            (h => h.ValidatorsHash, (h, v) => h.ValidatorsHash = v),
            (h => h.NextValidatorsHash, (h, v) => h.NextValidatorsHash = v),
            (h => h.ConsensusHash, (h, v) => h.ConsensusHash = v),
            (h => h.AppHash, (h, v) => h.AppHash = v),
            (h => h.LastResultsHash, (h, v) => h.LastResultsHash = v),
            (h => h.EvidenceHash, (h, v) => h.EvidenceHash = v),
            (h => h.ProposerAddress, (h, v) => h.ProposerAddress = v),
        };
        foreach (var (get, set) in fields)
        {
            for (var i = 0; i < get(header).Length; i++)
            {
                var at = i;
                yield return h => set(h, Flip(get(h), at));
            }
        }
        if (header.LastBlockId is { } last)
        {
            for (var i = 0; i < last.Hash.Length; i++)
            {
                var at = i;
                yield return h => h.LastBlockId.Hash = Flip(h.LastBlockId.Hash, at);
            }
            yield return h => h.LastBlockId.PartSetHeader.Total ^= 1;
        }
    }

    internal static ByteString Flip(ByteString bytes, int at)
    {
        var copy = bytes.ToByteArray();
        copy[at] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }
}
