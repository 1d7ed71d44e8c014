using Google.Protobuf;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>Adjacency rules on hand-built binary paths (leaf first, root last) with the Tendermint and SMT inner specs.</summary>
public sealed class NeighborsTests
{
    private static readonly InnerSpec Spec = ProofSpecs.Tendermint.InnerSpec;

    private static byte[] Sibling(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    /// <summary>This node is the left child: its sibling follows it.</summary>
    private static InnerOp L(byte fill) =>
        new() { Hash = HashOp.Sha256, Prefix = ByteString.CopyFrom(1), Suffix = ByteString.CopyFrom(Sibling(fill)) };

    /// <summary>This node is the right child: its sibling precedes it.</summary>
    private static InnerOp R(byte fill) =>
        new() { Hash = HashOp.Sha256, Prefix = ByteString.CopyFrom([1, .. Sibling(fill)]) };

    [Fact]
    public void Left_most_and_right_most()
    {
        Assert.True(Neighbors.IsLeftMost(Spec, [L(1), L(2), L(3)]));
        Assert.False(Neighbors.IsLeftMost(Spec, [L(1), R(2), L(3)]));
        Assert.True(Neighbors.IsRightMost(Spec, [R(1), R(2)]));
        Assert.False(Neighbors.IsRightMost(Spec, [R(1), L(2)]));
        Assert.True(Neighbors.IsLeftMost(Spec, []));
    }

    [Fact]
    public void Adjacent_leaves_are_neighbours()
    {
        Assert.True(Neighbors.IsLeftNeighbor(Spec, [L(9)], [R(8)]));
        Assert.True(Neighbors.IsLeftNeighbor(Spec, [R(1), L(2)], [L(3), R(4)]));
        Assert.True(Neighbors.IsLeftNeighbor(Spec, [R(1), L(2), R(7)], [L(3), R(4), R(7)]));
    }

    [Fact]
    public void Non_adjacent_leaves_are_not_neighbours()
    {
        // A gap below the split on the left side, then on the right side.
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [L(1), L(2)], [L(3), R(4)]));
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [R(1), L(2)], [R(3), R(4)]));
        // The split is in the wrong order.
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [R(1), R(2)], [L(3), R(2)]));
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [R(8)], [L(9)]));
        // Identical paths never split.
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [L(1), R(2)], [L(1), R(2)]));
        // Padding that fits no branch.
        var odd = new InnerOp { Hash = HashOp.Sha256, Prefix = ByteString.CopyFrom(1, 2) };
        Assert.False(Neighbors.IsLeftNeighbor(Spec, [odd], [R(1)]));
        Assert.Equal(Ics23Error.InvalidBranch, Assert.Throws<Ics23Exception>(() => Neighbors.LeftBranchesAreEmpty(Spec, odd)).Error);
    }

    [Fact]
    public void Empty_child_placeholders_count_as_absent_siblings()
    {
        var smt = ProofSpecs.Smt.InnerSpec;
        // A right child whose left sibling is the empty placeholder is still on the left-most path.
        Assert.True(Neighbors.IsLeftMost(smt, [L(1), R(0)]));
        Assert.False(Neighbors.IsLeftMost(Spec, [L(1), R(0)]));
        Assert.True(Neighbors.IsRightMost(smt, [R(1), L(0)]));
        Assert.False(Neighbors.IsRightMost(smt, [R(1), L(5)]));
    }
}
