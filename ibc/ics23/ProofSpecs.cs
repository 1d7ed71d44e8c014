using Google.Protobuf;

namespace Oracle.Ibc.Ics23;

/// <summary>The proof specs of the stores IBC talks to, as cosmos/ics23 defines them.</summary>
/// <remarks>Each property returns a fresh copy: specs are mutable protobuf messages.</remarks>
public static class ProofSpecs
{
    /// <summary>Largest <c>child_size</c> a spec may declare.</summary>
    public const int MaxChildSize = 1024;

    /// <summary>Largest number of children per inner node a spec may declare.</summary>
    public const int MaxChildren = 64;

    /// <summary>Largest <c>min_prefix_length</c> / <c>max_prefix_length</c> a spec may declare.</summary>
    public const int MaxPrefixLength = 4096;

    /// <summary>Inner steps allowed when the spec's <c>max_depth</c> is 0 (upstream default).</summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>Inner steps never exceeded, whatever the spec says.</summary>
    public const int AbsoluteMaxDepth = 1024;

    /// <summary>The leaf both IAVL and Tendermint use: prefix 0x00, key as is, value sha256'd, varint lengths, sha256.</summary>
    private static LeafOp Sha256VarProtoLeaf() => new()
    {
        Prefix = ByteString.CopyFrom(0),
        PrehashKey = HashOp.NoHash,
        Hash = HashOp.Sha256,
        PrehashValue = HashOp.Sha256,
        Length = LengthOp.VarProto,
    };

    private static readonly ProofSpec IavlSpec = new()
    {
        LeafSpec = Sha256VarProtoLeaf(),
        InnerSpec = new InnerSpec
        {
            ChildOrder = { 0, 1 },
            MinPrefixLength = 4,
            MaxPrefixLength = 12,
            ChildSize = 33,
            Hash = HashOp.Sha256,
        },
    };

    private static readonly ProofSpec TendermintSpec = new()
    {
        LeafSpec = Sha256VarProtoLeaf(),
        InnerSpec = new InnerSpec
        {
            ChildOrder = { 0, 1 },
            MinPrefixLength = 1,
            MaxPrefixLength = 1,
            ChildSize = 32,
            Hash = HashOp.Sha256,
        },
    };

    private static readonly ProofSpec SmtSpec = new()
    {
        LeafSpec = new LeafOp
        {
            Hash = HashOp.Sha256,
            PrehashKey = HashOp.Sha256,
            PrehashValue = HashOp.Sha256,
            Length = LengthOp.NoPrefix,
            Prefix = ByteString.CopyFrom(0),
        },
        InnerSpec = new InnerSpec
        {
            ChildOrder = { 0, 1 },
            ChildSize = 32,
            MinPrefixLength = 1,
            MaxPrefixLength = 1,
            EmptyChild = ByteString.CopyFrom(new byte[32]),
            Hash = HashOp.Sha256,
        },
        MaxDepth = 256,
        PrehashKeyBeforeComparison = true,
    };

    /// <summary>IAVL trees (cosmos-sdk stores).</summary>
    public static ProofSpec Iavl => IavlSpec.Clone();

    /// <summary>Tendermint / CometBFT crypto/merkle simple proofs (multi-store root).</summary>
    public static ProofSpec Tendermint => TendermintSpec.Clone();

    /// <summary>Sparse Merkle trees (celestiaorg/smt layout).</summary>
    public static ProofSpec Smt => SmtSpec.Clone();

    /// <summary>
    /// Upstream's deliberately loose equality (hash ops, length op, inner prefix bounds, child size,
    /// number of children); it decides whether the IAVL or Tendermint layout rules apply.
    /// </summary>
    public static bool SpecEquals(ProofSpec? a, ProofSpec? b) =>
        a?.LeafSpec is { } al && b?.LeafSpec is { } bl && a.InnerSpec is { } ai && b.InnerSpec is { } bi &&
        al.Hash == bl.Hash && al.PrehashKey == bl.PrehashKey && al.PrehashValue == bl.PrehashValue &&
        al.Length == bl.Length && ai.Hash == bi.Hash && ai.MinPrefixLength == bi.MinPrefixLength &&
        ai.MaxPrefixLength == bi.MaxPrefixLength && ai.ChildSize == bi.ChildSize &&
        ai.ChildOrder.Count == bi.ChildOrder.Count;

    internal static bool IsIavl(ProofSpec spec) => SpecEquals(spec, IavlSpec);

    internal static bool IsTendermint(ProofSpec spec) => SpecEquals(spec, TendermintSpec);

    /// <summary>Checks the inner spec is present and within bounds, so the layout arithmetic cannot overflow.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.MissingSpec"/> or <see cref="Ics23Error.InvalidSpec"/>.</exception>
    public static InnerSpec RequireValidInnerSpec(ProofSpec? spec)
    {
        if (spec is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "op and spec must be both non-nil");
        return RequireValidInnerSpec(spec.InnerSpec);
    }

    /// <inheritdoc cref="RequireValidInnerSpec(ProofSpec?)"/>
    public static InnerSpec RequireValidInnerSpec(InnerSpec? inner)
    {
        if (inner is null)
            throw new Ics23Exception(Ics23Error.MissingSpec, "spec.InnerSpec must be non-nil");
        if (inner.ChildSize <= 0 || inner.ChildSize > MaxChildSize)
            throw new Ics23Exception(Ics23Error.InvalidSpec, $"spec.InnerSpec.ChildSize must be in 1..{MaxChildSize}, got {inner.ChildSize}");
        if (inner.MinPrefixLength < 0 || inner.MaxPrefixLength < 0 ||
            inner.MinPrefixLength > MaxPrefixLength || inner.MaxPrefixLength > MaxPrefixLength)
            throw new Ics23Exception(Ics23Error.InvalidSpec, $"spec.InnerSpec prefix lengths must be in 0..{MaxPrefixLength}");
        if (inner.MinPrefixLength > inner.MaxPrefixLength)
            throw new Ics23Exception(Ics23Error.InvalidSpec, "spec.InnerSpec.MinPrefixLength must be <= MaxPrefixLength");
        int n = inner.ChildOrder.Count;
        if (n < 2 || n > MaxChildren)
            throw new Ics23Exception(Ics23Error.InvalidSpec, $"spec.InnerSpec.ChildOrder must have 2..{MaxChildren} entries, got {n}");
        Span<bool> seen = stackalloc bool[n];
        foreach (int child in inner.ChildOrder)
        {
            if (child < 0 || child >= n || seen[child])
                throw new Ics23Exception(Ics23Error.InvalidSpec, "spec.InnerSpec.ChildOrder must be a permutation of 0..n-1");
            seen[child] = true;
        }
        return inner;
    }
}
