using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Oracle.Ibc.Channel;
using Oracle.Ibc.Channel.Protos;
using Oracle.Ibc.Ics23;
using Oracle.Ibc.Tests.Ics23;
using Xunit.Abstractions;

namespace Oracle.Ibc.Tests.Ics04;

public sealed class ChannelTests(ITestOutputHelper output)
{
    private static Packet ValidPacket() => new()
    {
        Sequence = 7,
        SourcePort = "transfer",
        SourceChannel = "channel-0",
        DestinationPort = "transfer",
        DestinationChannel = "channel-12",
        Data = ByteString.CopyFromUtf8("{\"amount\":\"100\",\"denom\":\"uatom\"}"),
        TimeoutHeight = new Height { RevisionNumber = 1, RevisionHeight = 1000 },
        TimeoutTimestamp = 1_700_000_000_000_000_000,
    };

    [Fact]
    public void HostPaths_AreTheIbcGoKeys()
    {
        Assert.Equal("clients/07-tendermint-0/clientState", HostPaths.ClientState("07-tendermint-0"));
        Assert.Equal("clients/07-tendermint-0/consensusStates/1-42", HostPaths.ConsensusState("07-tendermint-0", new Height { RevisionNumber = 1, RevisionHeight = 42 }));
        Assert.Equal("clients/07-tendermint-0/connections", HostPaths.ClientConnections("07-tendermint-0"));
        Assert.Equal("connections/connection-0", HostPaths.Connection("connection-0"));
        Assert.Equal("ports/transfer", HostPaths.Port("transfer"));
        Assert.Equal("channelEnds/ports/transfer/channels/channel-0", HostPaths.ChannelEnd("transfer", "channel-0"));
        Assert.Equal("nextSequenceSend/ports/transfer/channels/channel-0", HostPaths.NextSequenceSend("transfer", "channel-0"));
        Assert.Equal("nextSequenceRecv/ports/transfer/channels/channel-0", HostPaths.NextSequenceRecv("transfer", "channel-0"));
        Assert.Equal("nextSequenceAck/ports/transfer/channels/channel-0", HostPaths.NextSequenceAck("transfer", "channel-0"));
        Assert.Equal("commitments/ports/transfer/channels/channel-0/sequences/1", HostPaths.PacketCommitment("transfer", "channel-0", 1));
        Assert.Equal("acks/ports/transfer/channels/channel-0/sequences/18446744073709551615", HostPaths.PacketAcknowledgement("transfer", "channel-0", ulong.MaxValue));
        Assert.Equal("receipts/ports/icahost/channels/channel-3/sequences/9", HostPaths.PacketReceipt("icahost", "channel-3", 9));
    }

    public static TheoryData<IdentifierKind, string?, ChannelError> BadIdentifiers() => new()
    {
        { IdentifierKind.Channel, null, ChannelError.BlankIdentifier },
        { IdentifierKind.Channel, "   ", ChannelError.BlankIdentifier },
        { IdentifierKind.Channel, "channel/0", ChannelError.IdentifierSeparator },
        { IdentifierKind.Channel, "chan-0", ChannelError.IdentifierLength },
        { IdentifierKind.Channel, "channel-" + new string('9', 57), ChannelError.IdentifierLength },
        { IdentifierKind.Client, "07-tende", ChannelError.IdentifierLength },
        { IdentifierKind.Connection, "connection", ChannelError.None },
        { IdentifierKind.Connection, "connectio", ChannelError.IdentifierLength },
        { IdentifierKind.Port, "t", ChannelError.IdentifierLength },
        { IdentifierKind.Port, new string('p', 128), ChannelError.None },
        { IdentifierKind.Port, new string('p', 129), ChannelError.IdentifierLength },
        { IdentifierKind.Port, "trans fer", ChannelError.IdentifierCharacters },
        { IdentifierKind.Port, "transfér", ChannelError.IdentifierCharacters },
        { IdentifierKind.Port, "a.b_c+d-e#f[g]h<i>", ChannelError.None },
    };

    [Theory]
    [MemberData(nameof(BadIdentifiers))]
    public void Identifiers_FollowIcs24(IdentifierKind kind, string? id, ChannelError expected)
    {
        Assert.Equal(expected, Identifiers.Check(kind, id).Error);
        if (expected != ChannelError.None && kind == IdentifierKind.Channel)
            Assert.Equal(expected, Assert.Throws<ChannelException>(() => HostPaths.ChannelEnd("transfer", id!)).Error);
    }

    public static TheoryData<string, ChannelError> BadPackets() => new()
    {
        { "sequence 0", ChannelError.ZeroSequence },
        { "no timeout", ChannelError.NoTimeout },
        { "no data", ChannelError.EmptyPacketData },
        { "bad source port", ChannelError.IdentifierCharacters },
        { "bad destination channel", ChannelError.IdentifierLength },
    };

    [Theory]
    [MemberData(nameof(BadPackets))]
    public void CommitPacket_Refuses_APacketThatFailsValidateBasic(string change, ChannelError expected)
    {
        var packet = ValidPacket();
        switch (change)
        {
            case "sequence 0": packet.Sequence = 0; break;
            case "no timeout": packet.TimeoutHeight = new Height(); packet.TimeoutTimestamp = 0; break;
            case "no data": packet.Data = ByteString.Empty; break;
            case "bad source port": packet.SourcePort = "tr@nsfer"; break;
            case "bad destination channel": packet.DestinationChannel = "ch-1"; break;
            default: throw new ArgumentException(change);
        }
        Assert.Equal(expected, Assert.Throws<ChannelException>(() => Commitments.CommitPacket(packet)).Error);
        Assert.Equal(ChannelError.EmptyAcknowledgement, Assert.Throws<ChannelException>(() => Commitments.CommitAcknowledgement([])).Error);
    }

    [Fact]
    public void AcknowledgementBytes_AreTheStandardJson()
    {
        Assert.Equal("{\"result\":\"AQ==\"}", Encoding.UTF8.GetString(Commitments.AcknowledgementBytes(new Acknowledgement { Result = ByteString.CopyFrom(1) })));
        Assert.Equal("{\"error\":\"ABCI code: 5: error handling packet: see events for details \\u003cx\\u003e\"}",
            Encoding.UTF8.GetString(Commitments.AcknowledgementBytes(new Acknowledgement { Error = "ABCI code: 5: error handling packet: see events for details <x>" })));
    }

    [Theory]
    [InlineData(1, 999, 0UL, false)]
    [InlineData(1, 1000, 0UL, true)]
    [InlineData(2, 1, 0UL, true)]
    [InlineData(0, 5000, 0UL, false)]
    [InlineData(1, 10, 1_700_000_000_000_000_000UL, true)]
    [InlineData(1, 10, 1_699_999_999_999_999_999UL, false)]
    public void TimedOut_ComparesRevisionThenHeight_AndTheTimestamp(ulong revision, ulong height, ulong nanos, bool expected)
    {
        Assert.Equal(expected, Commitments.TimedOut(ValidPacket(), new Height { RevisionNumber = revision, RevisionHeight = height }, nanos));
    }

    [Fact]
    public void PacketCommitment_IsProvenAlongTheIbcPath_InAMultiStore()
    {
        var packet = ValidPacket();
        string path = HostPaths.PacketCommitment(packet.SourcePort, packet.SourceChannel, packet.Sequence);
        byte[] commitment = Commitments.CommitPacket(packet);
        var random = new Random(11);
        var ibc = TestTree.Iavl([new(Encoding.UTF8.GetBytes(path), commitment), new("x"u8.ToArray(), [1])], random);
        var stores = TestTree.Simple([new("bank"u8.ToArray(), new byte[32]), new("ibc"u8.ToArray(), ibc.Root)]);
        var proof = new Oracle.Ibc.Ics23.Commitment.MerkleProof { Proofs = { ibc.Exist(Encoding.UTF8.GetBytes(path)), stores.Exist("ibc"u8.ToArray()) } };
        var merklePath = MerkleProofs.ApplyPrefix(MerkleProofs.IbcPrefix, path);
        Assert.True(MerkleProofs.VerifyMembership(proof, MerkleProofs.SdkSpecs, stores.Root, merklePath, commitment).IsOk);
        packet.Data = ByteString.CopyFromUtf8("{\"amount\":\"101\",\"denom\":\"uatom\"}");
        Assert.Equal(Ics23Error.ValueMismatch,
            MerkleProofs.VerifyMembership(proof, MerkleProofs.SdkSpecs, stores.Root, merklePath, Commitments.CommitPacket(packet)).Error);
    }

    [Fact]
    public void Encodings_And_Commitments_MatchCosmjsTypes_OnRandomPackets()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var cases = new List<(Packet Packet, Height ProofHeight, byte[] Proof, string Signer, ulong NextRecv, Acknowledgement Ack)>();
        for (int i = 0; i < 200; i++)
        {
            byte[] data = new byte[random.Next(1, 300)];
            random.NextBytes(data);
            var packet = new Packet
            {
                Sequence = (ulong)random.NextInt64(1, long.MaxValue),
                SourcePort = random.Next(2) == 0 ? "transfer" : "icacontroller-cosmos1abc",
                SourceChannel = "channel-" + random.Next(0, 100000),
                DestinationPort = random.Next(2) == 0 ? "transfer" : "icahost",
                DestinationChannel = "channel-" + random.Next(0, 100000),
                Data = ByteString.CopyFrom(data),
                // ibc-go's timeout_height is non-nullable: Go always writes it, a zero height as an empty message.
                TimeoutHeight = random.Next(3) == 0 ? new Height() : new Height { RevisionNumber = (ulong)random.Next(0, 5), RevisionHeight = (ulong)random.NextInt64() },
                TimeoutTimestamp = random.Next(3) == 0 ? 0 : (ulong)random.NextInt64(),
            };
            if (Heights.IsZero(packet.TimeoutHeight) && packet.TimeoutTimestamp == 0)
                packet.TimeoutTimestamp = 1;
            byte[] proof = new byte[random.Next(0, 100)];
            random.NextBytes(proof);
            var ack = random.Next(2) == 0
                ? new Acknowledgement { Result = ByteString.CopyFrom(data[..Math.Min(8, data.Length)]) }
                : new Acknowledgement { Error = "error <" + random.Next() + "> & \"quoted\" é\t\u0001\\" };
            cases.Add((packet, new Height { RevisionNumber = (ulong)random.Next(0, 3), RevisionHeight = (ulong)random.Next(1, 1_000_000) }, proof,
                "cosmos1" + random.Next(), (ulong)random.Next(0, 1000), ack));
        }
        string file = Path.Combine(Path.GetTempPath(), $"channel-cases-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(cases.Select(c => new Dictionary<string, object?>
            {
                ["sequence"] = c.Packet.Sequence.ToString(),
                ["sourcePort"] = c.Packet.SourcePort,
                ["sourceChannel"] = c.Packet.SourceChannel,
                ["destinationPort"] = c.Packet.DestinationPort,
                ["destinationChannel"] = c.Packet.DestinationChannel,
                ["data"] = Convert.ToHexString(c.Packet.Data.Span),
                ["timeoutRevision"] = (c.Packet.TimeoutHeight?.RevisionNumber ?? 0).ToString(),
                ["timeoutHeight"] = (c.Packet.TimeoutHeight?.RevisionHeight ?? 0).ToString(),
                ["timeoutTimestamp"] = c.Packet.TimeoutTimestamp.ToString(),
                ["proofRevision"] = c.ProofHeight.RevisionNumber.ToString(),
                ["proofHeight"] = c.ProofHeight.RevisionHeight.ToString(),
                ["proof"] = Convert.ToHexString(c.Proof),
                ["signer"] = c.Signer,
                ["nextSequenceRecv"] = c.NextRecv.ToString(),
                ["ackError"] = c.Ack.ResponseCase == Acknowledgement.ResponseOneofCase.Error ? c.Ack.Error : null,
                ["ackResult"] = c.Ack.ResponseCase == Acknowledgement.ResponseOneofCase.Result ? Convert.ToHexString(c.Ack.Result.Span) : null,
            }.Where(kv => kv.Value is not null).ToDictionary())));
            var theirs = NodePeer.Run(output, "ibc/Oracle.Ibc.Tests/peers/channel-peer.cjs", file);
            Assert.Equal(cases.Count, theirs.GetArrayLength());
            for (int i = 0; i < cases.Count; i++)
            {
                var (packet, proofHeight, proof, signer, nextRecv, ack) = cases[i];
                var t = theirs[i];
                string Hex(string name) => t.GetProperty(name).GetString()!.ToUpperInvariant();
                byte[] ackBytes = Commitments.AcknowledgementBytes(ack);
                Assert.Equal(Hex("packet"), Convert.ToHexString(packet.ToByteArray()));
                Assert.Equal(Hex("msgRecv"), Convert.ToHexString(new MsgRecvPacket { Packet = packet, ProofCommitment = ByteString.CopyFrom(proof), ProofHeight = proofHeight, Signer = signer }.ToByteArray()));
                Assert.Equal(Hex("msgAck"), Convert.ToHexString(new MsgAcknowledgement { Packet = packet, Acknowledgement = ByteString.CopyFrom(ackBytes), ProofAcked = ByteString.CopyFrom(proof), ProofHeight = proofHeight, Signer = signer }.ToByteArray()));
                Assert.Equal(Hex("msgTimeout"), Convert.ToHexString(new MsgTimeout { Packet = packet, ProofUnreceived = ByteString.CopyFrom(proof), ProofHeight = proofHeight, NextSequenceRecv = nextRecv, Signer = signer }.ToByteArray()));
                Assert.Equal(Hex("ackProto"), Convert.ToHexString(ack.ToByteArray()));
                Assert.Equal(Hex("ackJson"), Convert.ToHexString(ackBytes));
                Assert.Equal(Hex("commitment"), Convert.ToHexString(Commitments.CommitPacket(packet)));
                Assert.Equal(Hex("ackCommitment"), Convert.ToHexString(Commitments.CommitAcknowledgement(ackBytes)));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
