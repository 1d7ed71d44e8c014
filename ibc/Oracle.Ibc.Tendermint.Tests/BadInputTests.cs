using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Oracle.Ibc.Tendermint.Testing;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>One change to a valid adjacent (or skipping) verification per row, and the rule that must refuse it.</summary>
public sealed class BadInputTests
{
    private static readonly TmTime T0 = new(1_700_000_000, 0);

    /// <summary>A valid case: trusted block 10, untrusted block 11 five seconds later, verified five seconds after that.</summary>
    private sealed class Case
    {
        public Case()
        {
            Chain = new TestChain(4, seed: 7);
            Trusted = TrustedState.FromBlock(Chain.Block(10, T0));
            Block = Chain.Block(11, T0.Add(TimeSpan.FromSeconds(5)));
            Options = new LightClientOptions { TrustingPeriod = TimeSpan.FromDays(1), Now = T0.Add(TimeSpan.FromSeconds(10)) };
        }

        public TestChain Chain { get; }
        public TrustedState Trusted { get; set; }
        public LightClientBlock Block { get; set; }
        public LightClientOptions Options { get; set; }
        public Header Header => Block.SignedHeader.Header;
        public Commit Commit => Block.SignedHeader.Commit;

        public LightClientBlock Sign(long height, Func<int, bool>? signers = null, Action<Header>? header = null, ValidatorSet? validators = null,
            ValidatorSet? next = null, int afterSeconds = 5) =>
            Chain.Block(height, T0.Add(TimeSpan.FromSeconds(afterSeconds)), validators, next, signers, header);
    }

    private static readonly Dictionary<string, Action<Case>> Malleations = new()
    {
        ["wrong chain id (signed for that chain)"] = c => c.Block = c.Sign(11, header: h => h.ChainId = "other-chain"),
        ["duplicate validator in the set"] = c =>
        {
            var vals = c.Chain.Validators.Validators.ToList();
            vals.Add(vals[0]);
            var set = TestChain.Canonical(vals);
            var copy = set.Validators.ToList().FindLastIndex(v => v.Address == vals[0].Address);
            c.Block = c.Sign(11, signers: i => i != copy, validators: set); // the copy does not sign twice
        },
        ["duplicate signature in the commit"] = c => c.Commit.Signatures[1] = c.Commit.Signatures[0].Clone(),
        ["signer not in the block's validator set"] = c =>
        {
            c.Commit.Signatures[0].ValidatorAddress = c.Chain.NewValidator(10).Address;
            c.Chain.Sign(c.Commit, c.Header.ChainId);
        },
        ["skipping: signers unknown to the trusted set"] = c =>
        {
            var strangers = TestChain.Canonical(Enumerable.Range(0, 4).Select(_ => c.Chain.NewValidator(10)));
            c.Block = c.Sign(15, validators: strangers);
        },
        ["signature of 63 bytes"] = c => c.Commit.Signatures[0].Signature = c.Commit.Signatures[0].Signature.Span[..63].ToArray().AsByteString(),
        ["signature of 65 bytes"] = c => c.Commit.Signatures[0].Signature = ByteString.CopyFrom([.. c.Commit.Signatures[0].Signature.Span, 0]),
        ["signature of 0 bytes"] = c => c.Commit.Signatures[0].Signature = ByteString.Empty,
        ["signature flipped"] = c => c.Commit.Signatures[0].Signature = Flip(c.Commit.Signatures[0].Signature, 10),
        ["commit height is not the header's"] = c => c.Commit.Height = 12,
        ["commit block id is not the header's hash"] = c => c.Commit.BlockId.Hash = c.Chain.RandomBytes(32),
        ["nil commit (empty block id)"] = c => c.Commit.BlockId = new BlockID { PartSetHeader = new PartSetHeader() },
        ["validators do not hash to validators_hash"] = c => c.Block = c.Block with { Validators = new TestChain(4, seed: 8).Validators },
        ["next validators do not hash to next_validators_hash"] = c => c.Block = c.Block with { NextValidators = new TestChain(4, seed: 8).Validators },
        ["adjacent block signed by other validators"] = c => c.Block = c.Sign(11, validators: TestChain.Canonical(Enumerable.Range(0, 4).Select(_ => c.Chain.NewValidator(10)))),
        ["trusted validators do not hash to the trusted next_validators_hash"] = c => c.Trusted = c.Trusted with { NextValidators = new TestChain(4, seed: 8).Validators },
        ["height below the trusted height"] = c => c.Block = c.Sign(9),
        ["height equal to the trusted height"] = c => c.Block = c.Sign(10),
        ["time equal to the trusted time"] = c => c.Block = c.Sign(11, afterSeconds: 0),
        ["time before the trusted time"] = c => c.Block = c.Sign(11, afterSeconds: -1),
        ["header from the future (beyond the clock drift)"] = c => c.Block = c.Sign(11, afterSeconds: 21),
        ["trust expired"] = c => c.Options = c.Options with { Now = T0.Add(TimeSpan.FromDays(1)) },
        ["trust threshold 0/3"] = c => c.Options = c.Options with { TrustThreshold = new(0, 3) },
        ["trust threshold 4/3"] = c => c.Options = c.Options with { TrustThreshold = new(4, 3) },
        ["trust threshold 1/0"] = c => c.Options = c.Options with { TrustThreshold = new(1, 0) },
        ["trust threshold 1/4"] = c => c.Options = c.Options with { TrustThreshold = new(1, 4) },
        ["trusting period zero"] = c => c.Options = c.Options with { TrustingPeriod = TimeSpan.Zero },
        ["negative height"] = c => c.Block = c.Sign(-1),
        ["negative voting power"] = c => c.Block = c.Sign(11, validators: WithPower(c.Chain, -5)),
        ["voting power above the bound"] = c => c.Block = c.Sign(11, validators: WithPower(c.Chain, Limits.MaxTotalVotingPower + 1)),
        ["total voting power overflow"] = c => c.Block = c.Sign(11, validators: WithPower(c.Chain, Limits.MaxTotalVotingPower / 2)),
        ["no more than 2/3 signed"] = c => c.Block = c.Sign(11, signers: i => i < 2),
        ["every signature absent"] = c => c.Block = c.Sign(11, signers: _ => false),
        ["a signature slot missing"] = c => c.Commit.Signatures.RemoveAt(3),
        ["signatures out of the set's order"] = c => (c.Commit.Signatures[0], c.Commit.Signatures[1]) = (c.Commit.Signatures[1], c.Commit.Signatures[0]),
        ["unknown block id flag"] = c => c.Commit.Signatures[0].BlockIdFlag = (BlockIDFlag)7,
        ["absent signature carrying a signature"] = c => c.Block = c.Sign(11, signers: i => i != 3, header: null) is var b
            ? b with { SignedHeader = WithAbsentSignature(b.SignedHeader) } : b,
        ["secp256k1 validator key"] = c => c.Block.Validators.Validators[0].PubKey = new PublicKey { Secp256K1 = c.Chain.RandomBytes(33) },
        ["address not derived from the key"] = c => c.Block.Validators.Validators[0].Address = c.Chain.RandomBytes(20),
        ["empty validator set"] = c => c.Block = c.Block with { Validators = new ValidatorSet() },
        ["proposer address of 19 bytes"] = c => c.Block = c.Sign(11, header: h => h.ProposerAddress = h.ProposerAddress.Span[..19].ToArray().AsByteString()),
        ["data hash of 31 bytes"] = c => c.Block = c.Sign(11, header: h => h.DataHash = h.DataHash.Span[..31].ToArray().AsByteString()),
        ["chain id of 51 bytes"] = c => c.Block = c.Sign(11, header: h => h.ChainId = new string('c', 51)),
        ["missing commit"] = c => c.Block.SignedHeader.Commit = null,
        ["missing header"] = c => c.Block.SignedHeader.Header = null,
    };

    public static IEnumerable<object[]> Rows() =>
    [
        ["wrong chain id (signed for that chain)", TendermintError.ChainIdMismatch],
        ["duplicate validator in the set", TendermintError.DuplicateValidator],
        ["duplicate signature in the commit", TendermintError.DuplicateSignature],
        ["signer not in the block's validator set", TendermintError.UnknownValidator],
        ["skipping: signers unknown to the trusted set", TendermintError.NotEnoughTrust],
        ["signature of 63 bytes", TendermintError.InvalidSignatureLength],
        ["signature of 65 bytes", TendermintError.InvalidSignatureLength],
        ["signature of 0 bytes", TendermintError.InvalidSignatureLength],
        ["signature flipped", TendermintError.InvalidSignature],
        ["commit height is not the header's", TendermintError.CommitHeightMismatch],
        ["commit block id is not the header's hash", TendermintError.CommitBlockIdMismatch],
        ["nil commit (empty block id)", TendermintError.NilCommit],
        ["validators do not hash to validators_hash", TendermintError.ValidatorsHashMismatch],
        ["next validators do not hash to next_validators_hash", TendermintError.NextValidatorsHashMismatch],
        ["adjacent block signed by other validators", TendermintError.AdjacentValidatorsMismatch],
        ["trusted validators do not hash to the trusted next_validators_hash", TendermintError.TrustedValidatorsMismatch],
        ["height below the trusted height", TendermintError.NonIncreasingHeight],
        ["height equal to the trusted height", TendermintError.NonIncreasingHeight],
        ["time equal to the trusted time", TendermintError.NonMonotonicTime],
        ["time before the trusted time", TendermintError.NonMonotonicTime],
        ["header from the future (beyond the clock drift)", TendermintError.HeaderFromFuture],
        ["trust expired", TendermintError.TrustExpired],
        ["trust threshold 0/3", TendermintError.InvalidTrustThreshold],
        ["trust threshold 4/3", TendermintError.InvalidTrustThreshold],
        ["trust threshold 1/0", TendermintError.InvalidTrustThreshold],
        ["trust threshold 1/4", TendermintError.InvalidTrustThreshold],
        ["trusting period zero", TendermintError.InvalidOptions],
        ["negative height", TendermintError.InvalidHeight],
        ["negative voting power", TendermintError.InvalidVotingPower],
        ["voting power above the bound", TendermintError.VotingPowerOverflow],
        ["total voting power overflow", TendermintError.VotingPowerOverflow],
        ["no more than 2/3 signed", TendermintError.InsufficientVotingPower],
        ["every signature absent", TendermintError.NoSignatures],
        ["a signature slot missing", TendermintError.SignatureCountMismatch],
        ["signatures out of the set's order", TendermintError.ValidatorAddressMismatch],
        ["unknown block id flag", TendermintError.InvalidCommitSig],
        ["absent signature carrying a signature", TendermintError.InvalidCommitSig],
        ["secp256k1 validator key", TendermintError.UnsupportedKey],
        ["address not derived from the key", TendermintError.InvalidAddress],
        ["empty validator set", TendermintError.EmptyValidatorSet],
        ["proposer address of 19 bytes", TendermintError.InvalidAddress],
        ["data hash of 31 bytes", TendermintError.InvalidHash],
        ["chain id of 51 bytes", TendermintError.InvalidChainId],
        ["missing commit", TendermintError.MissingField],
        ["missing header", TendermintError.MissingField],
    ];

    [Fact]
    public void Rows_CoverEveryMalleation() => Assert.Equal(Malleations.Keys.Order(), Rows().Select(r => (string)r[0]).Order());

    [Fact]
    public void Verify_Succeeds_ForTheUnchangedCase()
    {
        var c = new Case();
        Assert.Equal(TendermintResult.Ok, LightClient.Verify(c.Trusted, c.Block, c.Options));
        Assert.Equal(TendermintResult.Ok, LightClient.Verify(c.Trusted, c.Sign(15), c.Options));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Verify_FailsWithTheNamedRule_WhenOneThingChanges(string change, TendermintError expected)
    {
        var c = new Case();
        Malleations[change](c);
        var result = LightClient.Verify(c.Trusted, c.Block, c.Options);
        Assert.True(expected == result.Error, $"{change}: expected {expected}, got {result}");
        Assert.Equal(expected == TendermintError.NotEnoughTrust ? Verdict.NotEnoughTrust : Verdict.Invalid, result.Verdict);
    }

    [Fact]
    public void VerifyAdjacent_RefusesNonAdjacentHeights_AndVerifyNonAdjacentAdjacentOnes()
    {
        var c = new Case();
        Assert.Equal(TendermintError.WrongAdjacency, LightClient.VerifyAdjacent(c.Trusted, c.Sign(12), c.Options).Error);
        Assert.Equal(TendermintError.WrongAdjacency, LightClient.VerifyNonAdjacent(c.Trusted, c.Block, c.Options).Error);
        Assert.True(LightClient.VerifyAdjacent(c.Trusted, c.Block, c.Options).IsOk);
        Assert.True(LightClient.VerifyNonAdjacent(c.Trusted, c.Sign(12), c.Options).IsOk);
    }

    [Fact]
    public void VerifyCommitLightTrusting_SkipsUnknownSigners_AndCountsEachValidatorOnce()
    {
        var c = new Case();
        var strangers = TestChain.Canonical(Enumerable.Range(0, 4).Select(_ => c.Chain.NewValidator(10)));
        var foreign = c.Sign(11, validators: strangers);
        Assert.Equal(TendermintError.NotEnoughTrust,
            CommitVerifier.VerifyCommitLightTrusting(c.Header.ChainId, c.Chain.Validators, foreign.SignedHeader.Commit, TrustThreshold.OneThird).Error);
        Assert.True(CommitVerifier.VerifyCommitLightTrusting(c.Header.ChainId, c.Chain.Validators, c.Commit, TrustThreshold.OneThird).IsOk);
        Assert.True(CommitVerifier.VerifyCommitLight(c.Header.ChainId, c.Chain.Validators, c.Commit.BlockId, 11, c.Commit).IsOk);
        Assert.Equal(TendermintError.CommitHeightMismatch, CommitVerifier.VerifyCommitLight(c.Header.ChainId, c.Chain.Validators, c.Commit.BlockId, 12, c.Commit).Error);
        Assert.Equal(TendermintError.InvalidTrustThreshold,
            CommitVerifier.VerifyCommitLightTrusting(c.Header.ChainId, c.Chain.Validators, c.Commit, new TrustThreshold(1, 0)).Error);
    }

    private static ByteString Flip(ByteString bytes, int at)
    {
        var copy = bytes.ToByteArray();
        copy[at] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }

    private static ValidatorSet WithPower(TestChain chain, long power)
    {
        var vals = chain.Validators.Validators.Select(v => v.Clone()).ToList();
        vals[0].VotingPower = power;
        vals[1].VotingPower = power;
        var set = new ValidatorSet();
        set.Validators.AddRange(vals);
        return set;
    }

    private static SignedHeader WithAbsentSignature(SignedHeader sh)
    {
        var copy = sh.Clone();
        copy.Commit.Signatures[3].Signature = ByteString.CopyFrom(new byte[64]);
        return copy;
    }
}

internal static class ByteStringExtensions
{
    public static ByteString AsByteString(this byte[] bytes) => ByteString.CopyFrom(bytes);
}
