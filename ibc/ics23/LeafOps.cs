namespace Oracle.Ibc.Ics23;

/// <summary>Applying and checking a <see cref="LeafOp"/>.</summary>
public static class LeafOps
{
    /// <summary>
    /// <c>hash(prefix || length(prehash_key(key)) || prehash_key(key) || length(prehash_value(value)) || prehash_value(value))</c>.
    /// </summary>
    /// <exception cref="Ics23Exception">Empty key or value, unsupported hash or length op.</exception>
    public static byte[] Apply(this LeafOp op, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.IsEmpty)
            throw new Ics23Exception(Ics23Error.EmptyKey, "leaf op needs key");
        if (value.IsEmpty)
            throw new Ics23Exception(Ics23Error.EmptyValue, "leaf op needs value");
        byte[] pkey = Prepare(op.PrehashKey, op.Length, key, "prehash key");
        byte[] pvalue = Prepare(op.PrehashValue, op.Length, value, "prehash value");
        var prefix = op.Prefix.Span;
        var data = new byte[prefix.Length + pkey.Length + pvalue.Length];
        prefix.CopyTo(data);
        pkey.CopyTo(data, prefix.Length);
        pvalue.CopyTo(data, prefix.Length + pkey.Length);
        return HashOps.DoHash(op.Hash, data);
    }

    /// <summary>Checks the leaf has exactly the spec's hash ops and length op and starts with its prefix.</summary>
    /// <remarks>With the IAVL spec the prefix must also be a well-formed IAVL leaf header (height 0, size 1).</remarks>
    /// <exception cref="Ics23Exception">The first rule broken.</exception>
    public static void CheckAgainstSpec(this LeafOp op, ProofSpec? spec)
    {
        if (spec is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "op and spec must be non-nil");
        var lspec = spec.LeafSpec
            ?? throw new Ics23Exception(Ics23Error.MissingSpec, "spec.LeafSpec must be non-nil");
        if (ProofSpecs.IsIavl(spec))
            StoreLayouts.ValidateIavl(op.Prefix.Span, op.Hash, 0);
        if (op.Hash != lspec.Hash)
            throw new Ics23Exception(Ics23Error.LeafHash, $"unexpected HashOp: {(int)op.Hash}");
        if (op.PrehashKey != lspec.PrehashKey)
            throw new Ics23Exception(Ics23Error.LeafPrehashKey, $"unexpected PrehashKey: {(int)op.PrehashKey}");
        if (op.PrehashValue != lspec.PrehashValue)
            throw new Ics23Exception(Ics23Error.LeafPrehashValue, $"unexpected PrehashValue: {(int)op.PrehashValue}");
        if (op.Length != lspec.Length)
            throw new Ics23Exception(Ics23Error.LeafLength, $"unexpected LengthOp: {(int)op.Length}");
        if (!op.Prefix.Span.StartsWith(lspec.Prefix.Span))
            throw new Ics23Exception(Ics23Error.LeafPrefix, $"leaf Prefix doesn't start with {Convert.ToHexString(lspec.Prefix.Span)}");
    }

    private static byte[] Prepare(HashOp hash, LengthOp length, ReadOnlySpan<byte> data, string what)
    {
        try
        {
            return LengthOps.DoLengthOp(length, HashOps.DoHashOrNoop(hash, data));
        }
        catch (Ics23Exception e)
        {
            throw e.Wrap(what);
        }
    }
}
