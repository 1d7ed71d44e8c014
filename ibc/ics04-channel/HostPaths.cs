using Oracle.Ibc.Channel.Protos;

namespace Oracle.Ibc.Channel;

/// <summary>
/// ICS-24 store paths, as ibc-go's 24-host <c>keys.go</c> writes them. A proof for one of these keys is a
/// Merkle proof along <c>["ibc", path]</c> (Oracle.Ibc.Ics23.MerkleProofs). Every identifier is validated first.
/// </summary>
public static class HostPaths
{
    /// <summary><c>clients/{clientId}/clientState</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string ClientState(string clientId) =>
        $"clients/{Identifiers.Require(IdentifierKind.Client, clientId)}/clientState";

    /// <summary><c>clients/{clientId}/consensusStates/{revision}-{height}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string ConsensusState(string clientId, Height height) =>
        $"clients/{Identifiers.Require(IdentifierKind.Client, clientId)}/consensusStates/{Heights.Format(height)}";

    /// <summary><c>clients/{clientId}/connections</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string ClientConnections(string clientId) =>
        $"clients/{Identifiers.Require(IdentifierKind.Client, clientId)}/connections";

    /// <summary><c>connections/{connectionId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string Connection(string connectionId) =>
        $"connections/{Identifiers.Require(IdentifierKind.Connection, connectionId)}";

    /// <summary><c>ports/{portId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string Port(string portId) => $"ports/{Identifiers.Require(IdentifierKind.Port, portId)}";

    /// <summary><c>channelEnds/ports/{portId}/channels/{channelId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string ChannelEnd(string portId, string channelId) => "channelEnds/" + PortChannel(portId, channelId);

    /// <summary><c>nextSequenceSend/ports/{portId}/channels/{channelId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string NextSequenceSend(string portId, string channelId) => "nextSequenceSend/" + PortChannel(portId, channelId);

    /// <summary><c>nextSequenceRecv/ports/{portId}/channels/{channelId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string NextSequenceRecv(string portId, string channelId) => "nextSequenceRecv/" + PortChannel(portId, channelId);

    /// <summary><c>nextSequenceAck/ports/{portId}/channels/{channelId}</c>.</summary>
    /// <exception cref="ChannelException">An invalid identifier.</exception>
    public static string NextSequenceAck(string portId, string channelId) => "nextSequenceAck/" + PortChannel(portId, channelId);

    /// <summary><c>commitments/ports/{portId}/channels/{channelId}/sequences/{sequence}</c>: the packet commitment.</summary>
    /// <exception cref="ChannelException">An invalid identifier or sequence 0.</exception>
    public static string PacketCommitment(string portId, string channelId, ulong sequence) =>
        "commitments/" + PortChannelSequence(portId, channelId, sequence);

    /// <summary><c>acks/ports/{portId}/channels/{channelId}/sequences/{sequence}</c>: the acknowledgement commitment.</summary>
    /// <exception cref="ChannelException">An invalid identifier or sequence 0.</exception>
    public static string PacketAcknowledgement(string portId, string channelId, ulong sequence) =>
        "acks/" + PortChannelSequence(portId, channelId, sequence);

    /// <summary><c>receipts/ports/{portId}/channels/{channelId}/sequences/{sequence}</c>: the receipt (unordered channels).</summary>
    /// <exception cref="ChannelException">An invalid identifier or sequence 0.</exception>
    public static string PacketReceipt(string portId, string channelId, ulong sequence) =>
        "receipts/" + PortChannelSequence(portId, channelId, sequence);

    private static string PortChannel(string portId, string channelId) =>
        $"ports/{Identifiers.Require(IdentifierKind.Port, portId)}/channels/{Identifiers.Require(IdentifierKind.Channel, channelId)}";

    private static string PortChannelSequence(string portId, string channelId, ulong sequence) =>
        sequence == 0
            ? throw new ChannelException(ChannelError.ZeroSequence, "packet sequence cannot be 0")
            : $"{PortChannel(portId, channelId)}/sequences/{sequence}";
}
