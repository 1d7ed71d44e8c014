using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Oracle.Ibc.Channel.Protos;

namespace Oracle.Ibc.Channel;

/// <summary>
/// What a chain stores under the ICS-24 paths, as ibc-go v8's 04-channel computes it: the packet commitment at
/// <see cref="HostPaths.PacketCommitment"/>, the acknowledgement commitment at <see cref="HostPaths.PacketAcknowledgement"/>
/// and the receipt at <see cref="HostPaths.PacketReceipt"/>. A relayer compares these with what a proof proves.
/// </summary>
public static class Commitments
{
    /// <summary>The value of a receipt: the single byte 1 (ibc-go's <c>SetPacketReceipt</c>).</summary>
    public static ReadOnlySpan<byte> Receipt => [1];

    /// <summary>
    /// <c>sha256(timeout_timestamp ‖ timeout revision number ‖ timeout revision height ‖ sha256(data))</c>, each
    /// number 8 bytes big-endian (ibc-go <c>CommitPacket</c>).
    /// </summary>
    /// <exception cref="ChannelException">The packet fails <see cref="Validate"/>.</exception>
    public static byte[] CommitPacket(Packet packet)
    {
        Validate(packet);
        Span<byte> preimage = stackalloc byte[8 + 8 + 8 + 32];
        BinaryPrimitives.WriteUInt64BigEndian(preimage, packet.TimeoutTimestamp);
        BinaryPrimitives.WriteUInt64BigEndian(preimage[8..], packet.TimeoutHeight?.RevisionNumber ?? 0);
        BinaryPrimitives.WriteUInt64BigEndian(preimage[16..], packet.TimeoutHeight?.RevisionHeight ?? 0);
        SHA256.HashData(packet.Data.Span, preimage[24..]);
        return SHA256.HashData(preimage);
    }

    /// <summary><c>sha256(acknowledgement)</c> (ibc-go <c>CommitAcknowledgement</c>).</summary>
    /// <exception cref="ChannelException">An empty acknowledgement.</exception>
    public static byte[] CommitAcknowledgement(ReadOnlySpan<byte> acknowledgement) =>
        acknowledgement.IsEmpty
            ? throw new ChannelException(ChannelError.EmptyAcknowledgement, "acknowledgement cannot be empty")
            : SHA256.HashData(acknowledgement);

    /// <summary>
    /// The bytes a module writes for the standard acknowledgement: sorted JSON of its protobuf JSON form,
    /// <c>{"result":"&lt;base64&gt;"}</c> or <c>{"error":"..."}</c> (ibc-go <c>Acknowledgement.Acknowledgement()</c>).
    /// </summary>
    public static byte[] AcknowledgementBytes(Acknowledgement ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        var json = new StringBuilder();
        switch (ack.ResponseCase)
        {
            case Acknowledgement.ResponseOneofCase.Result:
                json.Append("{\"result\":\"").Append(Convert.ToBase64String(ack.Result.Span)).Append("\"}");
                break;
            case Acknowledgement.ResponseOneofCase.Error:
                json.Append("{\"error\":");
                AppendGoJsonString(json, ack.Error);
                json.Append('}');
                break;
            default:
                throw new ChannelException(ChannelError.EmptyAcknowledgement, "acknowledgement has neither a result nor an error");
        }
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>ibc-go's <c>Packet.ValidateBasic</c>: valid port and channel identifiers, sequence, a timeout, data.</summary>
    /// <exception cref="ChannelException">The first rule broken.</exception>
    public static void Validate(Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        Identifiers.Require(IdentifierKind.Port, packet.SourcePort);
        Identifiers.Require(IdentifierKind.Channel, packet.SourceChannel);
        Identifiers.Require(IdentifierKind.Port, packet.DestinationPort);
        Identifiers.Require(IdentifierKind.Channel, packet.DestinationChannel);
        if (packet.Sequence == 0)
            throw new ChannelException(ChannelError.ZeroSequence, "packet sequence cannot be 0");
        if (Heights.IsZero(packet.TimeoutHeight) && packet.TimeoutTimestamp == 0)
            throw new ChannelException(ChannelError.NoTimeout, "packet timeout height and packet timeout timestamp cannot both be 0");
        if (packet.Data.IsEmpty)
            throw new ChannelException(ChannelError.EmptyPacketData, "packet data bytes cannot be empty");
    }

    /// <summary>
    /// Whether the packet has timed out on the receiving chain at <paramref name="height"/> and block time
    /// <paramref name="unixNanos"/>: a set timeout height at or below the height, or a set timeout timestamp at or
    /// below the time (ibc-go <c>RecvPacket</c> refuses it; the sender may then prove non-receipt and time it out).
    /// </summary>
    public static bool TimedOut(Packet packet, Height height, ulong unixNanos)
    {
        ArgumentNullException.ThrowIfNull(packet);
        bool byHeight = !Heights.IsZero(packet.TimeoutHeight) && Heights.Compare(height, packet.TimeoutHeight!) >= 0;
        bool byTime = packet.TimeoutTimestamp != 0 && unixNanos >= packet.TimeoutTimestamp;
        return byHeight || byTime;
    }

    // Go's encoding/json string form: HTML-safe (<, >, & as \u003c, \u003e, \u0026), short escapes for
    // " \\ \b \f \n \r \t, other control characters and U+2028/U+2029 as lower-case \u00XX; the rest as is.
    private static void AppendGoJsonString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
