using System.Security.Cryptography;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Oracle.Ibc.Tendermint.Testing;

/// <summary>
/// An in-memory CometBFT chain for tests and benchmarks: seeded ed25519 validators that sign light blocks the way
/// CometBFT does (protobuf header hash, canonical precommit sign bytes), so a test can change one thing of a valid
/// block, sign it again, and see which rule refuses it.
/// </summary>
/// <remarks>Keys come from a seeded <see cref="Random"/>: reproducible, and never to be used for anything real.</remarks>
public sealed class TestChain
{
    private readonly Dictionary<ByteString, byte[]> _secretKeys = [];
    private readonly Random _random;

    /// <summary>Makes <paramref name="validators"/> validators with powers from <paramref name="power"/> (10 each by default).</summary>
    public TestChain(int validators, int seed, string chainId = "test-chain", Func<int, long>? power = null)
    {
        _random = new Random(seed);
        ChainId = chainId;
        var list = new List<Validator>();
        for (var i = 0; i < validators; i++)
            list.Add(NewValidator(power?.Invoke(i) ?? 10));
        Validators = Canonical(list);
    }

    /// <summary>The chain id the blocks carry.</summary>
    public string ChainId { get; }

    /// <summary>The validator set, in CometBFT's order.</summary>
    public ValidatorSet Validators { get; }

    /// <summary>A fresh validator with its own key.</summary>
    public Validator NewValidator(long power)
    {
        var secret = new byte[Ed25519.SecretKeySize];
        _random.NextBytes(secret);
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        var address = ByteString.CopyFrom(SHA256.HashData(publicKey).AsSpan(0, 20));
        _secretKeys[address] = secret;
        return new Validator { Address = address, PubKey = new PublicKey { Ed25519 = ByteString.CopyFrom(publicKey) }, VotingPower = power };
    }

    /// <summary>A set of the given validators in CometBFT's order (power descending, address ascending).</summary>
    public static ValidatorSet Canonical(IEnumerable<Validator> validators)
    {
        var list = validators.Select(v => v.Clone()).ToList();
        list.Sort(TendermintJson.CanonicalOrder);
        var set = new ValidatorSet();
        set.Validators.AddRange(list);
        set.Proposer = list[0].Clone();
        set.TotalVotingPower = list.Sum(v => v.VotingPower);
        return set;
    }

    /// <summary>Random bytes from the chain's generator.</summary>
    public ByteString RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>
    /// A signed light block at <paramref name="height"/> and <paramref name="time"/>, signed by the validators of
    /// <paramref name="validators"/> whose indices <paramref name="signers"/> picks (all by default).
    /// </summary>
    /// <param name="height">Block height.</param>
    /// <param name="time">Block time; votes carry it too.</param>
    /// <param name="validators">The block's validators (this chain's set by default).</param>
    /// <param name="next">The next validators (the same set by default).</param>
    /// <param name="signers">Which validators (by index in the set) sign; the others are absent.</param>
    /// <param name="header">Changes the header before it is hashed and signed.</param>
    /// <param name="chainId">The chain id to sign under (the header's by default).</param>
    public LightClientBlock Block(long height, TmTime time, ValidatorSet? validators = null, ValidatorSet? next = null,
        Func<int, bool>? signers = null, Action<Header>? header = null, string? chainId = null)
    {
        validators ??= Validators;
        next ??= validators;
        var h = new Header
        {
            Version = new Consensus { Block = 11 },
            ChainId = ChainId,
            Height = height,
            Time = time.ToProto(),
            LastBlockId = new BlockID { Hash = RandomBytes(32), PartSetHeader = new PartSetHeader { Total = 1, Hash = RandomBytes(32) } },
            LastCommitHash = RandomBytes(32),
            DataHash = RandomBytes(32),
            ValidatorsHash = ByteString.CopyFrom(Hashing.ValidatorSetHash(validators)),
            NextValidatorsHash = ByteString.CopyFrom(Hashing.ValidatorSetHash(next)),
            ConsensusHash = RandomBytes(32),
            AppHash = RandomBytes(32),
            LastResultsHash = RandomBytes(32),
            EvidenceHash = RandomBytes(32),
            ProposerAddress = validators.Validators[0].Address,
        };
        header?.Invoke(h);
        var commit = new Commit
        {
            Height = h.Height,
            Round = 1,
            BlockId = new BlockID { Hash = ByteString.CopyFrom(Hashing.HeaderHash(h)), PartSetHeader = new PartSetHeader { Total = 1, Hash = RandomBytes(32) } },
        };
        for (var i = 0; i < validators.Validators.Count; i++)
        {
            commit.Signatures.Add((signers?.Invoke(i) ?? true)
                ? new CommitSig { BlockIdFlag = BlockIDFlag.Commit, ValidatorAddress = validators.Validators[i].Address, Timestamp = time.ToProto() }
                : new CommitSig { BlockIdFlag = BlockIDFlag.Absent, Timestamp = TmTime.GoZero.ToProto() });
        }
        Sign(commit, chainId ?? h.ChainId);
        return new LightClientBlock(new SignedHeader { Header = h, Commit = commit }, validators, next);
    }

    /// <summary>Signs every non-absent signature of <paramref name="commit"/> with the key of the address it names.</summary>
    public void Sign(Commit commit, string chainId)
    {
        for (var i = 0; i < commit.Signatures.Count; i++)
        {
            var sig = commit.Signatures[i];
            if (sig.BlockIdFlag == BlockIDFlag.Absent || !_secretKeys.TryGetValue(sig.ValidatorAddress, out var secret))
                continue;
            var message = SignBytes.ForCommitSig(chainId, commit, i);
            var signature = new byte[Ed25519.SignatureSize];
            Ed25519.Sign(secret, 0, message, 0, message.Length, signature, 0);
            sig.Signature = ByteString.CopyFrom(signature);
        }
    }
}
