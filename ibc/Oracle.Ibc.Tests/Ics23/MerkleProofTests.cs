using System.Text;
using Google.Protobuf;
using Oracle.Ibc.Ics23;
using Oracle.Ibc.Ics23.Commitment;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>
/// Multi-store proofs: a key in the "ibc" IAVL store, that store's root in the multi-store, the app hash on top,
/// built the way a Cosmos SDK chain builds them and verified as ibc-go's 23-commitment does.
/// </summary>
public sealed class MerkleProofTests
{
    private static readonly byte[] PacketKey = Encoding.UTF8.GetBytes("commitments/ports/transfer/channels/channel-0/sequences/1");
    private static readonly byte[] PacketCommitment = System.Security.Cryptography.SHA256.HashData("packet"u8);

    private sealed class Chain
    {
        public required TestTree Ibc;
        public required TestTree MultiStore;
        public byte[] AppHash => MultiStore.Root;

        public static Chain Make(int seed)
        {
            var random = new Random(seed);
            var entries = new List<KeyValuePair<byte[], byte[]>> { new(PacketKey, PacketCommitment) };
            for (int i = 0; i < 40; i++)
                entries.Add(new(Encoding.UTF8.GetBytes($"commitments/ports/transfer/channels/channel-{random.Next(5)}/sequences/{random.Next(2, 1000)}"),
                    System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))));
            var ibc = TestTree.Iavl(entries, random);
            var stores = new List<KeyValuePair<byte[], byte[]>>();
            foreach (string name in new[] { "acc", "bank", "ibc", "staking", "transfer", "upgrade" })
            {
                byte[] root = name == "ibc" ? ibc.Root : System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name));
                stores.Add(new(Encoding.UTF8.GetBytes(name), root));
            }
            return new Chain { Ibc = ibc, MultiStore = TestTree.Simple(stores) };
        }

        public MerkleProof Membership(byte[] key) => new() { Proofs = { Ibc.Exist(key), MultiStore.Exist("ibc"u8.ToArray()) } };

        public MerkleProof NonMembership(byte[] key) => new() { Proofs = { Ibc.NonExist(key), MultiStore.Exist("ibc"u8.ToArray()) } };
    }

    private static MerklePath PathTo(byte[] key) => MerkleProofs.ApplyPrefix(MerkleProofs.IbcPrefix, Encoding.UTF8.GetString(key));

    [Fact]
    public void VerifyMembership_Passes_ForEveryKeyOfTheIbcStore_AgainstTheAppHash()
    {
        var chain = Chain.Make(1);
        foreach (var key in chain.Ibc.Keys)
        {
            var result = MerkleProofs.VerifyMembership(chain.Membership(key), MerkleProofs.SdkSpecs, chain.AppHash, PathTo(key), chain.Ibc.ValueOf(key));
            Assert.True(result.IsOk, result.Message);
        }
    }

    [Fact]
    public void VerifyNonMembership_Passes_ForAbsentKeys_AndFails_ForPresentOnes()
    {
        var chain = Chain.Make(2);
        foreach (string absent in new[] { "a", "commitments/ports/transfer/channels/channel-0/sequences/0", "commitments/ports/transfer/channels/channel-9/sequences/5", "zzz" })
        {
            byte[] key = Encoding.UTF8.GetBytes(absent);
            var result = MerkleProofs.VerifyNonMembership(chain.NonMembership(key), MerkleProofs.SdkSpecs, chain.AppHash, PathTo(key));
            Assert.True(result.IsOk, absent + ": " + result.Message);
        }
        // A present key: its neighbours' proof (made for a key just after it) does not prove it absent.
        byte[] nextKey = [.. PacketKey, 0];
        var proof = chain.NonMembership(nextKey);
        var refused = MerkleProofs.VerifyNonMembership(proof, MerkleProofs.SdkSpecs, chain.AppHash, PathTo(PacketKey));
        Assert.False(refused.IsOk);
    }

    [Fact]
    public void TryFromProofOps_ReadsAnAbciQueryProof_AndRefusesOtherOps()
    {
        var chain = Chain.Make(3);
        var merkle = chain.Membership(PacketKey);
        var ops = new List<(string, byte[])> { ("ics23:iavl", merkle.Proofs[0].ToByteArray()), ("ics23:simple", merkle.Proofs[1].ToByteArray()) };
        Assert.True(MerkleProofs.TryFromProofOps(ops, out var converted).IsOk);
        Assert.Equal(merkle, converted);
        Assert.True(MerkleProofs.VerifyMembership(converted, MerkleProofs.SdkSpecs, chain.AppHash, PathTo(PacketKey), PacketCommitment).IsOk);

        Assert.Equal(Ics23Error.UnsupportedProofOp, MerkleProofs.TryFromProofOps([("iavl:v", [1])], out _).Error);
        Assert.Equal(Ics23Error.Decode, MerkleProofs.TryFromProofOps([("ics23:iavl", [0x0a, 0xff])], out _).Error);
    }

    public static TheoryData<string, Ics23Error> BadMembership() => new()
    {
        { "no proofs", Ics23Error.EmptyMerkleProof },
        { "empty root", Ics23Error.EmptyRoot },
        { "one spec for two proofs", Ics23Error.SpecCountMismatch },
        { "a null spec", Ics23Error.MissingSpec },
        { "path without the store prefix", Ics23Error.PathLengthMismatch },
        { "empty value", Ics23Error.EmptyMembershipValue },
        { "wrong value", Ics23Error.ValueMismatch },
        { "another key", Ics23Error.KeyMismatch },
        { "another store", Ics23Error.KeyMismatch },
        { "another app hash", Ics23Error.RootMismatch },
        { "proofs in the wrong order", Ics23Error.IavlOp },
        { "specs in the wrong order", Ics23Error.TendermintOp },
        { "multi-store proof of another store's root", Ics23Error.ValueMismatch },
        { "non-existence proof in the chain", Ics23Error.ChainedNonExistence },
        { "only the store proof", Ics23Error.SpecCountMismatch },
    };

    [Theory]
    [MemberData(nameof(BadMembership))]
    public void VerifyMembership_NamesTheRule_WhenOneThingIsWrong(string change, Ics23Error expected)
    {
        var chain = Chain.Make(4);
        var proof = chain.Membership(PacketKey);
        IReadOnlyList<ProofSpec?> specs = MerkleProofs.SdkSpecs;
        byte[] root = chain.AppHash;
        var path = PathTo(PacketKey);
        byte[] value = PacketCommitment;
        switch (change)
        {
            case "no proofs": proof = new MerkleProof(); break;
            case "empty root": root = []; break;
            case "one spec for two proofs": specs = [ProofSpecs.Iavl]; break;
            case "a null spec": specs = [ProofSpecs.Iavl, null]; break;
            case "path without the store prefix": path = new MerklePath { KeyPath = { Encoding.UTF8.GetString(PacketKey) } }; break;
            case "empty value": value = []; break;
            case "wrong value": value = [.. value[..^1], (byte)(value[^1] ^ 1)]; break;
            case "another key": path = PathTo(chain.Ibc.Keys.First(k => !k.SequenceEqual(PacketKey))); break;
            case "another store": path = MerkleProofs.ApplyPrefix(new MerklePrefix { KeyPrefix = ByteString.CopyFromUtf8("bank") }, Encoding.UTF8.GetString(PacketKey)); break;
            case "another app hash": root = [.. root[..^1], (byte)(root[^1] ^ 1)]; break;
            case "proofs in the wrong order": proof = new MerkleProof { Proofs = { proof.Proofs[1], proof.Proofs[0] } }; break;
            case "specs in the wrong order": specs = [ProofSpecs.Tendermint, ProofSpecs.Iavl]; break;
            case "multi-store proof of another store's root": proof.Proofs[1] = chain.MultiStore.Exist("bank"u8.ToArray()); path = MerkleProofs.ApplyPrefix(new MerklePrefix { KeyPrefix = ByteString.CopyFromUtf8("bank") }, Encoding.UTF8.GetString(PacketKey)); break;
            case "non-existence proof in the chain": proof.Proofs[1] = chain.MultiStore.NonExist("ibd"u8.ToArray()); break;
            case "only the store proof": proof = new MerkleProof { Proofs = { proof.Proofs[1] } }; break;
            default: throw new ArgumentException(change);
        }
        var result = MerkleProofs.VerifyMembership(proof, specs, root, path, value);
        Assert.False(result.IsOk, change);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void VerifyNonMembership_Refuses_AnExistenceProofOrATamperedNeighbour()
    {
        var chain = Chain.Make(5);
        byte[] absent = "commitments/ports/transfer/channels/channel-0/sequences/0"u8.ToArray();
        var path = PathTo(absent);
        var exist = chain.Membership(PacketKey);
        Assert.Equal(Ics23Error.UnsupportedProofType,
            MerkleProofs.VerifyNonMembership(exist, MerkleProofs.SdkSpecs, chain.AppHash, PathTo(PacketKey)).Error);

        var proof = chain.NonMembership(absent);
        var neighbour = proof.Proofs[0].Nonexist.Left ?? proof.Proofs[0].Nonexist.Right;
        neighbour.Value = ByteString.CopyFrom([.. neighbour.Value.ToByteArray(), 1]);
        // The neighbour's changed value changes the store root the multi-store proof must then commit to.
        Assert.False(MerkleProofs.VerifyNonMembership(proof, MerkleProofs.SdkSpecs, chain.AppHash, path).IsOk);
        Assert.Equal(Ics23Error.EmptyMerkleProof,
            MerkleProofs.VerifyNonMembership(new MerkleProof(), MerkleProofs.SdkSpecs, chain.AppHash, path).Error);
    }
}
