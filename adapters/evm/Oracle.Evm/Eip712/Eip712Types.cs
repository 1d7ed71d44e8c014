namespace Oracle.Evm;

/// <summary>A field of an EIP-712 struct type.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The type as written: <c>uint64</c>, <c>bytes</c>, <c>Person</c>, <c>Person[]</c>.</param>
public sealed record Eip712Field(string Name, string Type);

/// <summary>A set of EIP-712 struct types, e.g. parsed from
/// <c>Mail(Person from,Person to,string contents)Person(string name,address wallet)</c>.</summary>
public sealed class Eip712Types
{
    private readonly Dictionary<string, IReadOnlyList<Eip712Field>> _structs;

    /// <summary>Creates a set from struct name to fields.</summary>
    public Eip712Types(IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> structs) =>
        _structs = structs.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>The struct types by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Eip712Field>> Structs => _structs;

    /// <summary>The first struct of the text passed to <see cref="Parse"/> (empty for other constructions).</summary>
    public string First { get; private init; } = "";

    /// <summary>Parses one or more concatenated struct definitions <c>Name(type name,...)</c>.</summary>
    /// <exception cref="FormatException">The text is not a list of struct definitions.</exception>
    public static Eip712Types Parse(string text)
    {
        var structs = new Dictionary<string, IReadOnlyList<Eip712Field>>(StringComparer.Ordinal);
        var first = "";
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('(', position);
            var close = open < 0 ? -1 : text.IndexOf(')', open);
            if (open <= position || close < 0)
            {
                throw new FormatException($"EIP-712 types '{text}': expected Name(type name,...) at {position}");
            }
            var name = text[position..open].Trim();
            var fields = new List<Eip712Field>();
            var body = text[(open + 1)..close];
            if (body.Trim().Length > 0)
            {
                foreach (var member in body.Split(','))
                {
                    var parts = member.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length != 2)
                    {
                        throw new FormatException($"EIP-712 type {name}: field '{member}' is not 'type name'");
                    }
                    fields.Add(new Eip712Field(parts[1], parts[0]));
                }
            }
            if (!structs.TryAdd(name, fields))
            {
                throw new FormatException($"EIP-712 types: {name} defined twice");
            }
            first = first.Length == 0 ? name : first;
            position = close + 1;
        }
        return new Eip712Types(structs) { First = first };
    }

    /// <summary>The fields of a struct type.</summary>
    /// <exception cref="KeyNotFoundException">No such struct.</exception>
    public IReadOnlyList<Eip712Field> Fields(string structName) =>
        _structs.TryGetValue(structName, out var fields) ? fields : throw new KeyNotFoundException($"EIP-712: no struct type '{structName}'");

    /// <summary>Whether the name is one of the struct types.</summary>
    public bool IsStruct(string typeName) => _structs.ContainsKey(typeName);
}
