namespace Oracle.Ibc.Channel;

/// <summary>The kinds of identifier ICS-24 validates, each with its length bounds.</summary>
public enum IdentifierKind
{
    /// <summary>A light client (9 to 64 characters, e.g. 07-tendermint-0).</summary>
    Client,
    /// <summary>A connection (10 to 64, e.g. connection-0).</summary>
    Connection,
    /// <summary>A channel (8 to 64, e.g. channel-0).</summary>
    Channel,
    /// <summary>A port (2 to 128, e.g. transfer).</summary>
    Port,
}

/// <summary>ICS-24 identifier validation, as ibc-go's 24-host <c>validate.go</c>.</summary>
public static class Identifiers
{
    /// <summary>The length bounds of <paramref name="kind"/>.</summary>
    public static (int Min, int Max) Bounds(IdentifierKind kind) => kind switch
    {
        IdentifierKind.Client => (9, 64),
        IdentifierKind.Connection => (10, 64),
        IdentifierKind.Channel => (8, 64),
        IdentifierKind.Port => (2, 128),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Checks <paramref name="id"/> as an identifier of <paramref name="kind"/>.</summary>
    /// <returns><see cref="ChannelError.None"/> or the rule broken, with a message naming the identifier.</returns>
    public static (ChannelError Error, string Message) Check(IdentifierKind kind, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            return (ChannelError.BlankIdentifier, $"{kind} identifier cannot be blank");
        if (id.Contains('/'))
            return (ChannelError.IdentifierSeparator, $"{kind} identifier {id} cannot contain separator '/'");
        var (min, max) = Bounds(kind);
        if (id.Length < min || id.Length > max)
            return (ChannelError.IdentifierLength, $"{kind} identifier {id} has invalid length: {id.Length}, must be between {min}-{max} characters");
        foreach (char c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' or '#' or '[' or ']' or '<' or '>'))
                return (ChannelError.IdentifierCharacters,
                    $"{kind} identifier {id} must contain only alphanumeric or the following characters: '.', '_', '+', '-', '#', '[', ']', '<', '>'");
        }
        return (ChannelError.None, "");
    }

    /// <summary>Throws unless <paramref name="id"/> is a valid identifier of <paramref name="kind"/>.</summary>
    /// <exception cref="ChannelException">The rule broken.</exception>
    public static string Require(IdentifierKind kind, string? id)
    {
        var (error, message) = Check(kind, id);
        if (error != ChannelError.None)
            throw new ChannelException(error, message);
        return id!;
    }
}
