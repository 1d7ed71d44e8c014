namespace Oracle.Evm;

/// <summary>A parameter of a function, event or error signature.</summary>
/// <param name="Type">Its ABI type.</param>
/// <param name="Name">Its name, empty when the signature gives none.</param>
/// <param name="Indexed">Whether an event parameter is indexed (carried in a topic).</param>
public sealed record AbiParameter(AbiType Type, string Name, bool Indexed);

/// <summary>A parsed signature such as <c>submit(bytes)</c>, <c>StaleReport(uint64 got, uint64 latest)</c>
/// or <c>Submitted(bytes32 indexed feedId, uint64 round)</c>.</summary>
public sealed class AbiSignature
{
    private AbiSignature(string name, IReadOnlyList<AbiParameter> parameters)
    {
        Name = name;
        Parameters = parameters;
        Canonical = $"{name}({string.Join(",", parameters.Select(p => p.Type.CanonicalName))})";
        Hash = Keccak256.Hash(Canonical);
    }

    /// <summary>The function, event or error name.</summary>
    public string Name { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Parameters { get; }

    /// <summary>The canonical form hashed for selectors and topics: <c>name(type1,type2)</c>.</summary>
    public string Canonical { get; }

    /// <summary>Keccak-256 of <see cref="Canonical"/>: an event's topic 0; its first 4 bytes are the selector.</summary>
    public byte[] Hash { get; }

    /// <summary>The 4-byte selector of a function or error.</summary>
    public byte[] Selector => Hash[..4];

    /// <summary>The parameter types.</summary>
    public IReadOnlyList<AbiType> Types => Parameters.Select(p => p.Type).ToList();

    /// <summary>Parses <c>name(type [indexed] [name], ...)</c>; a leading <c>function</c>, <c>event</c> or <c>error</c>
    /// keyword and data-location words (<c>memory</c>, <c>calldata</c>) are ignored.</summary>
    /// <exception cref="FormatException">Not a signature.</exception>
    public static AbiSignature Parse(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var text = signature.Trim();
        foreach (var keyword in new[] { "function ", "event ", "error " })
        {
            if (text.StartsWith(keyword, StringComparison.Ordinal))
            {
                text = text[keyword.Length..].TrimStart();
            }
        }
        var open = text.IndexOf('(');
        if (open <= 0 || !text.EndsWith(')'))
        {
            throw new FormatException($"'{signature}' is not a signature like name(type,...)");
        }
        var name = text[..open].Trim();
        var parameters = AbiType.SplitTopLevel(text[(open + 1)..^1]).Select(part => ParseParameter(part, signature)).ToList();
        return new AbiSignature(name, parameters);
    }

    private static AbiParameter ParseParameter(string part, string signature)
    {
        if (part.Length == 0)
        {
            throw new FormatException($"'{signature}': empty parameter");
        }
        // The type ends at the first space outside parentheses.
        var depth = 0;
        var end = part.Length;
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '(')
            {
                depth++;
            }
            else if (part[i] == ')')
            {
                depth--;
            }
            else if (part[i] == ' ' && depth == 0)
            {
                end = i;
                break;
            }
        }
        var type = AbiType.Parse(part[..end]);
        var words = part[end..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("memory" or "calldata" or "storage")).ToList();
        var indexed = words.Remove("indexed");
        return new AbiParameter(type, words.FirstOrDefault() ?? "", indexed);
    }

    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
