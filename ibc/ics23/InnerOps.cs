namespace Oracle.Ibc.Ics23;

/// <summary>Applying and checking an <see cref="InnerOp"/>.</summary>
public static class InnerOps
{
    /// <summary><c>hash(prefix || child || suffix)</c>.</summary>
    /// <exception cref="Ics23Exception">Empty child or unsupported hash.</exception>
    public static byte[] Apply(this InnerOp op, ReadOnlySpan<byte> child)
    {
        if (child.IsEmpty)
            throw new Ics23Exception(Ics23Error.EmptyChild, "inner op needs child value");
        var prefix = op.Prefix.Span;
        var suffix = op.Suffix.Span;
        var preimage = new byte[prefix.Length + child.Length + suffix.Length];
        prefix.CopyTo(preimage);
        child.CopyTo(preimage.AsSpan(prefix.Length));
        suffix.CopyTo(preimage.AsSpan(prefix.Length + child.Length));
        return HashOps.DoHash(op.Hash, preimage);
    }

    /// <summary>
    /// Checks an inner step at <paramref name="layer"/> (1 = just above the leaf): the spec's hash, a prefix that
    /// cannot be a leaf prefix, prefix length within the spec's bounds plus left siblings, a suffix of whole children,
    /// and the IAVL or Tendermint node layout when the spec is one of those.
    /// </summary>
    /// <exception cref="Ics23Exception">The first rule broken.</exception>
    public static void CheckAgainstSpec(this InnerOp op, ProofSpec? spec, int layer)
    {
        if (spec is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "op and spec must be both non-nil");
        var inner = ProofSpecs.RequireValidInnerSpec(spec);
        var leaf = spec.LeafSpec
            ?? throw new Ics23Exception(Ics23Error.MissingSpec, "spec.LeafSpec must be non-nil");
        if (op.Hash != inner.Hash)
            throw new Ics23Exception(Ics23Error.InnerHash, $"unexpected HashOp: {(int)op.Hash}");
        if (ProofSpecs.IsIavl(spec))
            StoreLayouts.ValidateIavl(op.Prefix.Span, op.Hash, layer);
        if (ProofSpecs.IsTendermint(spec))
            StoreLayouts.ValidateTendermint(op);
        var prefix = op.Prefix.Span;
        if (prefix.StartsWith(leaf.Prefix.Span))
            throw new Ics23Exception(Ics23Error.InnerPrefixIsLeafPrefix, $"inner Prefix starts with {Convert.ToHexString(leaf.Prefix.Span)}");
        if (prefix.Length < inner.MinPrefixLength)
            throw new Ics23Exception(Ics23Error.InnerPrefixTooShort, $"innerOp prefix too short ({prefix.Length})");
        long maxLeftChildBytes = (long)(inner.ChildOrder.Count - 1) * inner.ChildSize;
        if (prefix.Length > inner.MaxPrefixLength + maxLeftChildBytes)
            throw new Ics23Exception(Ics23Error.InnerPrefixTooLong, $"innerOp prefix too long ({prefix.Length})");
        if (inner.MaxPrefixLength >= (long)inner.MinPrefixLength + inner.ChildSize)
            throw new Ics23Exception(Ics23Error.InvalidSpec, "spec.InnerSpec.MaxPrefixLength must be < spec.InnerSpec.MinPrefixLength + spec.InnerSpec.ChildSize");
        if (op.Suffix.Length % inner.ChildSize != 0)
            throw new Ics23Exception(Ics23Error.InnerSuffixMalformed, "InnerOp suffix malformed");
    }
}
