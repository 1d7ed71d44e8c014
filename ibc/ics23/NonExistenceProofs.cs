namespace Oracle.Ibc.Ics23;

/// <summary>Verifying a <see cref="NonExistenceProof"/>: valid neighbours around the key that are adjacent leaves.</summary>
public static class NonExistenceProofs
{
    /// <summary>
    /// Verifies each present neighbour as an existence proof for its own key and value, that the key lies strictly
    /// between them (after prehashing when the spec says so), and that they are adjacent: with one neighbour
    /// missing, the other must be the left-most or right-most leaf.
    /// </summary>
    /// <remarks>Unlike upstream, a non-empty <c>key</c> field in the proof must equal <paramref name="key"/>
    /// (or its prehashed form when the spec compares prehashed keys).</remarks>
    /// <exception cref="Ics23Exception">The first rule broken.</exception>
    public static void Verify(this NonExistenceProof proof, ProofSpec? spec, ReadOnlySpan<byte> root, ReadOnlySpan<byte> key)
    {
        if (spec is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "op and spec must be non-nil");
        // Stricter than upstream, which ignores this field: a proof naming another key (or, for specs that
        // compare prehashed keys such as SMT, another prehashed key) is refused.
        if (!proof.Key.IsEmpty && !key.SequenceEqual(proof.Key.Span) &&
            !KeyForComparison(spec, key).AsSpan().SequenceEqual(proof.Key.Span))
            throw new Ics23Exception(Ics23Error.KeyMismatch, "provided key doesn't match proof");
        var left = proof.Left;
        var right = proof.Right;
        if (left is not null)
        {
            try
            {
                left.Verify(spec, root, left.Key.Span, left.Value.Span);
            }
            catch (Ics23Exception e)
            {
                throw e.Wrap("left proof");
            }
        }
        if (right is not null)
        {
            try
            {
                right.Verify(spec, root, right.Key.Span, right.Value.Span);
            }
            catch (Ics23Exception e)
            {
                throw e.Wrap("right proof");
            }
        }
        if (left is null && right is null)
            throw new Ics23Exception(Ics23Error.MissingNeighbors, "both left and right proofs missing");

        byte[] compareKey = KeyForComparison(spec, key);
        if (right is not null &&
            compareKey.AsSpan().SequenceCompareTo(KeyForComparison(spec, right.Key.Span)) >= 0)
            throw new Ics23Exception(Ics23Error.KeyNotLeftOfRight, "key is not left of right proof");
        if (left is not null &&
            compareKey.AsSpan().SequenceCompareTo(KeyForComparison(spec, left.Key.Span)) <= 0)
            throw new Ics23Exception(Ics23Error.KeyNotRightOfLeft, "key is not right of left proof");

        var inner = ProofSpecs.RequireValidInnerSpec(spec);
        if (left is null)
        {
            if (!Neighbors.IsLeftMost(inner, right!.Path))
                throw new Ics23Exception(Ics23Error.NotLeftMost, "left proof missing, right proof must be left-most");
        }
        else if (right is null)
        {
            if (!Neighbors.IsRightMost(inner, left.Path))
                throw new Ics23Exception(Ics23Error.NotRightMost, "right proof missing, left proof must be right-most");
        }
        else if (!Neighbors.IsLeftNeighbor(inner, left.Path, right.Path))
        {
            throw new Ics23Exception(Ics23Error.NotLeftNeighbor, "left and right proofs are not neighbours");
        }
    }

    private static byte[] KeyForComparison(ProofSpec spec, ReadOnlySpan<byte> key) =>
        spec.PrehashKeyBeforeComparison && spec.LeafSpec is { } leaf
            ? HashOps.DoHashOrNoop(leaf.PrehashKey, key)
            : key.ToArray();
}
