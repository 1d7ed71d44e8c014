namespace Oracle.Ibc.Channel;

/// <summary>The ICS-04 / ICS-24 rule an input broke. Values are stable codes; never renumber.</summary>
public enum ChannelError
{
    /// <summary>No failure.</summary>
    None = 0,
    /// <summary>An identifier is empty or blank.</summary>
    BlankIdentifier = 1,
    /// <summary>An identifier contains the path separator '/'.</summary>
    IdentifierSeparator = 2,
    /// <summary>An identifier is shorter or longer than its kind allows.</summary>
    IdentifierLength = 3,
    /// <summary>An identifier has a character outside [a-zA-Z0-9._+-#[]&lt;&gt;].</summary>
    IdentifierCharacters = 4,
    /// <summary>A packet sequence is 0.</summary>
    ZeroSequence = 5,
    /// <summary>A packet has neither a timeout height nor a timeout timestamp.</summary>
    NoTimeout = 6,
    /// <summary>A packet carries no data.</summary>
    EmptyPacketData = 7,
    /// <summary>An acknowledgement is empty.</summary>
    EmptyAcknowledgement = 8,
    /// <summary>A height in a path or packet is not "revision-height" with two unsigned integers.</summary>
    InvalidHeight = 9,
}

/// <summary>An input broke an ICS-04 / ICS-24 rule; <see cref="Error"/> names it.</summary>
public sealed class ChannelException(ChannelError error, string message) : Exception(message)
{
    /// <summary>The rule broken.</summary>
    public ChannelError Error { get; } = error;
}
