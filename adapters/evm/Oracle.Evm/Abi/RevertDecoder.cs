namespace Oracle.Evm;

/// <summary>Decodes revert data: <c>Error(string)</c>, <c>Panic(uint256)</c> and the custom errors it was given.</summary>
/// <remarks>Immutable and thread-safe; one instance per set of contracts is enough.</remarks>
public sealed class RevertDecoder
{
    private static readonly AbiSignature ErrorSignature = AbiSignature.Parse("Error(string)");
    private static readonly AbiSignature PanicSignature = AbiSignature.Parse("Panic(uint256)");
    private readonly Dictionary<uint, AbiSignature> _bySelector = new();

    /// <summary>Creates a decoder that knows <c>Error</c>, <c>Panic</c> and these custom errors
    /// (e.g. <c>StaleReport(uint64,uint64)</c>).</summary>
    /// <exception cref="FormatException">A signature does not parse.</exception>
    public RevertDecoder(IEnumerable<string>? customErrors = null)
    {
        foreach (var signature in new[] { ErrorSignature, PanicSignature }.Concat((customErrors ?? []).Select(AbiSignature.Parse)))
        {
            _bySelector[Key(signature.Selector)] = signature;
        }
    }

    /// <summary>A decoder for <c>Error</c> and <c>Panic</c> only.</summary>
    public static RevertDecoder Default { get; } = new();

    /// <summary>Decodes revert data. Never throws on bad data: unknown selectors and undecodable arguments give
    /// the name <c>unknown</c> with the raw bytes.</summary>
    public RevertReason Decode(ReadOnlySpan<byte> data)
    {
        var raw = data.ToArray();
        if (data.Length == 0)
        {
            return new RevertReason("", [], raw);
        }
        if (data.Length < 4 || !_bySelector.TryGetValue(Key(data[..4]), out var signature))
        {
            return new RevertReason("unknown", [], raw);
        }
        try
        {
            return new RevertReason(signature.Name, AbiCodec.Decode(signature.Types, data[4..]), raw);
        }
        catch (FormatException)
        {
            return new RevertReason("unknown", [], raw);
        }
    }

    private static uint Key(ReadOnlySpan<byte> selector) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(selector);
}
