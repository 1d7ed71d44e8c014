namespace Oracle.Evm;

/// <summary>An event log decoded against its signature.</summary>
/// <param name="Name">The event name.</param>
/// <param name="Args">The arguments in declaration order. An indexed dynamic argument (bytes, string, tuple, array)
/// is its 32-byte topic (the Keccak-256 of its encoding), since the value itself is not in the log.</param>
/// <param name="Names">The argument names in declaration order (empty strings when the signature gives none).</param>
public sealed record DecodedEvent(string Name, IReadOnlyList<object?> Args, IReadOnlyList<string> Names)
{
    /// <summary>The argument with this name.</summary>
    /// <exception cref="KeyNotFoundException">No argument has that name.</exception>
    public object? this[string name]
    {
        get
        {
            var index = Names.ToList().IndexOf(name);
            return index >= 0 ? Args[index] : throw new KeyNotFoundException($"event {Name} has no argument '{name}'");
        }
    }
}
