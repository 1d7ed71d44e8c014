namespace Oracle.Evm;

/// <summary>Why a call reverted, decoded from its revert data.</summary>
/// <param name="Name"><c>Error</c> for <c>require</c>/<c>revert("...")</c>, <c>Panic</c>, a custom error's name,
/// an empty string when the revert carried no data, or <c>unknown</c> when no known selector matched.</param>
/// <param name="Args">The decoded arguments (<c>Error</c>: the message; <c>Panic</c>: the code).</param>
/// <param name="Raw">The revert data as returned by the node.</param>
public sealed record RevertReason(string Name, IReadOnlyList<object?> Args, byte[] Raw)
{
    /// <summary>The <c>Error(string)</c> message, when that is what reverted.</summary>
    public string? Message => Name == "Error" && Args.Count == 1 ? Args[0] as string : null;

    /// <summary>A one-line description: the message for <c>Error</c>, <c>Panic(0x11: arithmetic overflow)</c>,
    /// <c>StaleReport(5, 7)</c>, or the raw data.</summary>
    public override string ToString() => Name switch
    {
        "Error" => Message ?? "Error",
        "" => "reverted without data",
        "unknown" => $"unknown error {Hex.Encode(Raw)}",
        "Panic" when Args.Count == 1 && Args[0] is System.Numerics.BigInteger code =>
            $"Panic(0x{code:x2}: {PanicDescription(code)})",
        _ => $"{Name}({string.Join(", ", Args.Select(Show))})",
    };

    private static string Show(object? value) => value switch
    {
        byte[] bytes => Hex.Encode(bytes),
        string s => $"\"{s}\"",
        object?[] list => "[" + string.Join(", ", list.Select(Show)) + "]",
        bool b => b ? "true" : "false",
        null => "null",
        _ => value.ToString() ?? "",
    };

    /// <summary>What a Solidity panic code means.</summary>
    public static string PanicDescription(System.Numerics.BigInteger code) => (int)(code & 0xff) switch
    {
        _ when code > 0xff => "unknown panic",
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "corrupt storage byte array",
        0x31 => "pop on empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to zero-initialized function",
        _ => "unknown panic",
    };
}
