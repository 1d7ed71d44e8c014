namespace Oracle.Ibc.Ics23;

/// <summary>Calculating, checking and verifying an <see cref="ExistenceProof"/>.</summary>
public static class ExistenceProofs
{
    /// <summary>The root the proof commits to: the leaf op over key and value, then each inner step.</summary>
    /// <remarks>No spec check: use <see cref="Verify"/> for anything that is trusted.</remarks>
    /// <exception cref="Ics23Exception">No leaf, empty key/value, unsupported ops.</exception>
    public static byte[] Calculate(this ExistenceProof proof) => Calculate(proof, null);

    internal static byte[] Calculate(ExistenceProof proof, ProofSpec? spec)
    {
        var leaf = proof.Leaf
            ?? throw new Ics23Exception(Ics23Error.MissingLeaf, "existence Proof needs defined LeafOp");
        byte[] result;
        try
        {
            result = leaf.Apply(proof.Key.Span, proof.Value.Span);
        }
        catch (Ics23Exception e)
        {
            throw e.Wrap("leaf");
        }
        int childSize = spec?.InnerSpec?.ChildSize ?? 0;
        foreach (var step in proof.Path)
        {
            try
            {
                result = step.Apply(result);
            }
            catch (Ics23Exception e)
            {
                throw e.Wrap("inner");
            }
            if (childSize >= 32 && result.Length > childSize)
                throw new Ics23Exception(Ics23Error.InnerChildTooLarge, $"inner, result of {result.Length} bytes exceeds child size {childSize}");
        }
        return result;
    }

    /// <summary>Checks the leaf and every inner step against <paramref name="spec"/> and the depth bounds.</summary>
    /// <remarks>Depth is bounded by <c>max_depth</c> (128 when 0) and never above <see cref="ProofSpecs.AbsoluteMaxDepth"/>.</remarks>
    /// <exception cref="Ics23Exception">The first rule broken, prefixed "leaf, " or "inner, " as upstream.</exception>
    public static void CheckAgainstSpec(this ExistenceProof proof, ProofSpec? spec)
    {
        var leaf = proof.Leaf
            ?? throw new Ics23Exception(Ics23Error.MissingLeaf, "existence Proof needs defined LeafOp");
        if (spec is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "op and spec must be non-nil");
        try
        {
            leaf.CheckAgainstSpec(spec);
        }
        catch (Ics23Exception e)
        {
            throw e.Wrap("leaf");
        }
        int depth = proof.Path.Count;
        if (spec.MinDepth > 0 && depth < spec.MinDepth)
            throw new Ics23Exception(Ics23Error.InnerDepthTooShort, $"innerOps depth too short: {depth}");
        int maxDepth = spec.MaxDepth > 0 ? Math.Min(spec.MaxDepth, ProofSpecs.AbsoluteMaxDepth) : ProofSpecs.DefaultMaxDepth;
        if (depth > maxDepth)
            throw new Ics23Exception(Ics23Error.InnerDepthTooLong, $"innerOps depth too long: {depth}");
        int layer = 1;
        foreach (var inner in proof.Path)
        {
            try
            {
                inner.CheckAgainstSpec(spec, layer);
            }
            catch (Ics23Exception e)
            {
                throw e.Wrap("inner");
            }
            layer++;
        }
    }

    /// <summary>Checks the proof against the spec, that it is for this key and value, and that it computes <paramref name="root"/>.</summary>
    /// <exception cref="Ics23Exception">The first rule broken.</exception>
    public static void Verify(this ExistenceProof proof, ProofSpec? spec, ReadOnlySpan<byte> root, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        proof.CheckAgainstSpec(spec);
        if (!key.SequenceEqual(proof.Key.Span))
            throw new Ics23Exception(Ics23Error.KeyMismatch, "provided key doesn't match proof");
        if (!value.SequenceEqual(proof.Value.Span))
            throw new Ics23Exception(Ics23Error.ValueMismatch, "provided value doesn't match proof");
        byte[] calculated;
        try
        {
            calculated = Calculate(proof, spec);
        }
        catch (Ics23Exception e)
        {
            throw e.Wrap("error calculating root");
        }
        if (!root.SequenceEqual(calculated))
            throw new Ics23Exception(Ics23Error.RootMismatch, "calculated root doesn't match provided root");
    }
}
