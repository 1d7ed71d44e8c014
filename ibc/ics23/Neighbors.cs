namespace Oracle.Ibc.Ics23;

/// <summary>
/// Where an inner step sits among its siblings, read from its padding (prefix and suffix lengths), and the rules
/// that make two paths adjacent. Empty-child placeholders count as absent siblings, as upstream.
/// </summary>
/// <remarks>Callers pass an inner spec checked by <see cref="ProofSpecs.RequireValidInnerSpec(InnerSpec?)"/>.</remarks>
public static class Neighbors
{
    /// <summary>True if every step is the left-most child or has only empty siblings on its left.</summary>
    public static bool IsLeftMost(InnerSpec spec, IReadOnlyList<InnerOp> path)
    {
        var (min, max, suffix) = Padding(spec, 0);
        foreach (var step in path)
        {
            if (!HasPadding(step, min, max, suffix) && !(TryLeftBranchesAreEmpty(spec, step) ?? false))
                return false;
        }
        return true;
    }

    /// <summary>True if every step is the right-most child or has only empty siblings on its right.</summary>
    public static bool IsRightMost(InnerSpec spec, IReadOnlyList<InnerOp> path)
    {
        var (min, max, suffix) = Padding(spec, spec.ChildOrder.Count - 1);
        foreach (var step in path)
        {
            if (!HasPadding(step, min, max, suffix) && !(TryRightBranchesAreEmpty(spec, step) ?? false))
                return false;
        }
        return true;
    }

    /// <summary>
    /// True if <paramref name="right"/> is the next leaf after <paramref name="left"/>: drop the common steps near
    /// the root, the first differing steps are adjacent children, below them left is right-most and right left-most.
    /// </summary>
    public static bool IsLeftNeighbor(InnerSpec spec, IReadOnlyList<InnerOp> left, IReadOnlyList<InnerOp> right)
    {
        int li = left.Count - 1;
        int ri = right.Count - 1;
        if (li < 0 || ri < 0)
            return false;
        while (left[li].Prefix.Equals(right[ri].Prefix) && left[li].Suffix.Equals(right[ri].Suffix))
        {
            li--;
            ri--;
            if (li < 0 || ri < 0)
                return false;
        }
        int? leftBranch = OrderFromPadding(spec, left[li]);
        int? rightBranch = OrderFromPadding(spec, right[ri]);
        if (leftBranch is null || rightBranch is null || rightBranch != leftBranch + 1)
            return false;
        return IsRightMost(spec, Slice(left, li)) && IsLeftMost(spec, Slice(right, ri));
    }

    /// <summary>True if the step's prefix ends with empty children for every branch left of it.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.InvalidBranch"/> when the padding fits no branch.</exception>
    internal static bool LeftBranchesAreEmpty(InnerSpec spec, InnerOp op) =>
        TryLeftBranchesAreEmpty(spec, op)
        ?? throw new Ics23Exception(Ics23Error.InvalidBranch, "cannot find any valid spacing for this node");

    /// <summary>True if the step's suffix is empty children for every branch right of it.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.InvalidBranch"/> when the padding fits no branch.</exception>
    internal static bool RightBranchesAreEmpty(InnerSpec spec, InnerOp op) =>
        TryRightBranchesAreEmpty(spec, op)
        ?? throw new Ics23Exception(Ics23Error.InvalidBranch, "cannot find any valid spacing for this node");

    private static bool? TryLeftBranchesAreEmpty(InnerSpec spec, InnerOp op)
    {
        if (OrderFromPadding(spec, op) is not int branch)
            return null;
        if (branch == 0)
            return false;
        var prefix = op.Prefix.Span;
        int actualPrefix = prefix.Length - branch * spec.ChildSize;
        if (actualPrefix < 0)
            return false;
        for (int i = 0; i < branch; i++)
        {
            int from = actualPrefix + Position(spec, i) * spec.ChildSize;
            if (!spec.EmptyChild.Span.SequenceEqual(prefix.Slice(from, spec.ChildSize)))
                return false;
        }
        return true;
    }

    private static bool? TryRightBranchesAreEmpty(InnerSpec spec, InnerOp op)
    {
        if (OrderFromPadding(spec, op) is not int branch)
            return null;
        int rightBranches = spec.ChildOrder.Count - 1 - branch;
        if (rightBranches == 0)
            return false;
        var suffix = op.Suffix.Span;
        if (suffix.Length != rightBranches * spec.ChildSize)
            return false;
        for (int i = 0; i < rightBranches; i++)
        {
            int from = Position(spec, i) * spec.ChildSize;
            if (!spec.EmptyChild.Span.SequenceEqual(suffix.Slice(from, spec.ChildSize)))
                return false;
        }
        return true;
    }

    /// <summary>The branch whose padding the step has, or null.</summary>
    private static int? OrderFromPadding(InnerSpec spec, InnerOp op)
    {
        for (int branch = 0; branch < spec.ChildOrder.Count; branch++)
        {
            var (min, max, suffix) = Padding(spec, branch);
            if (HasPadding(op, min, max, suffix))
                return branch;
        }
        return null;
    }

    private static bool HasPadding(InnerOp op, int minPrefix, int maxPrefix, int suffix) =>
        op.Prefix.Length >= minPrefix && op.Prefix.Length <= maxPrefix && op.Suffix.Length == suffix;

    private static (int MinPrefix, int MaxPrefix, int Suffix) Padding(InnerSpec spec, int branch)
    {
        int index = Position(spec, branch);
        int prefix = index * spec.ChildSize;
        int suffix = (spec.ChildOrder.Count - 1 - index) * spec.ChildSize;
        return (prefix + spec.MinPrefixLength, prefix + spec.MaxPrefixLength, suffix);
    }

    private static int Position(InnerSpec spec, int branch)
    {
        int index = spec.ChildOrder.IndexOf(branch);
        return index >= 0 ? index
            : throw new Ics23Exception(Ics23Error.InvalidBranch, $"branch {branch} not found in child order");
    }

    private static IReadOnlyList<InnerOp> Slice(IReadOnlyList<InnerOp> path, int count)
    {
        var result = new InnerOp[count];
        for (int i = 0; i < count; i++)
            result[i] = path[i];
        return result;
    }
}
