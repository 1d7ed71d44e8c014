namespace Oracle.Ibc.Ics23;

/// <summary>The ICS-23 rule a proof failed. Values are stable codes; never renumber.</summary>
public enum Ics23Error
{
    /// <summary>No failure.</summary>
    None = 0,
    /// <summary>The proof bytes are not a valid <see cref="CommitmentProof"/> encoding.</summary>
    Decode = 1,
    /// <summary>The proof bytes exceed the decoder's size bound.</summary>
    ProofTooLarge = 2,
    /// <summary>The encoding carries unknown fields or is not the canonical encoding of its content.</summary>
    NonCanonicalEncoding = 3,
    /// <summary>The commitment proof is not of the kind asked for (existence vs non-existence), or is a batch.</summary>
    UnsupportedProofType = 4,
    /// <summary>The spec, its leaf spec or its inner spec is missing.</summary>
    MissingSpec = 5,
    /// <summary>The spec's inner layout is out of bounds or inconsistent (child size, order, prefix lengths).</summary>
    InvalidSpec = 6,
    /// <summary>An existence proof has no leaf operation.</summary>
    MissingLeaf = 7,
    /// <summary>A leaf operation got an empty key.</summary>
    EmptyKey = 8,
    /// <summary>A leaf operation got an empty value.</summary>
    EmptyValue = 9,
    /// <summary>An inner operation got an empty child.</summary>
    EmptyChild = 10,
    /// <summary>The hash operation is NO_HASH where a hash is needed, or is unknown.</summary>
    UnsupportedHash = 11,
    /// <summary>The length operation is unknown or unsupported (VAR_RLP, as upstream).</summary>
    UnsupportedLength = 12,
    /// <summary>REQUIRE_32_BYTES / REQUIRE_64_BYTES got data of another length.</summary>
    LengthRequirement = 13,
    /// <summary>Leaf hash differs from the spec.</summary>
    LeafHash = 14,
    /// <summary>Leaf prehash_key differs from the spec.</summary>
    LeafPrehashKey = 15,
    /// <summary>Leaf prehash_value differs from the spec.</summary>
    LeafPrehashValue = 16,
    /// <summary>Leaf length operation differs from the spec.</summary>
    LeafLength = 17,
    /// <summary>Leaf prefix does not start with the spec's prefix.</summary>
    LeafPrefix = 18,
    /// <summary>Inner step hash differs from the spec.</summary>
    InnerHash = 19,
    /// <summary>Inner step prefix starts with the leaf prefix (a leaf could pose as an inner node).</summary>
    InnerPrefixIsLeafPrefix = 20,
    /// <summary>Inner step prefix shorter than the spec's minimum.</summary>
    InnerPrefixTooShort = 21,
    /// <summary>Inner step prefix longer than the spec's maximum plus the left siblings.</summary>
    InnerPrefixTooLong = 22,
    /// <summary>Inner step suffix is not a whole number of children.</summary>
    InnerSuffixMalformed = 23,
    /// <summary>An inner step produced more bytes than a child may hold.</summary>
    InnerChildTooLarge = 24,
    /// <summary>Fewer inner steps than the spec's min_depth.</summary>
    InnerDepthTooShort = 25,
    /// <summary>More inner steps than the spec's max_depth (128 when unset).</summary>
    InnerDepthTooLong = 26,
    /// <summary>An IAVL leaf or inner prefix breaks the IAVL node layout (height, size, version).</summary>
    IavlOp = 27,
    /// <summary>A Tendermint inner prefix breaks the crypto/merkle layout.</summary>
    TendermintOp = 28,
    /// <summary>The proof is for another key.</summary>
    KeyMismatch = 29,
    /// <summary>The proof is for another value.</summary>
    ValueMismatch = 30,
    /// <summary>The proof computes another root.</summary>
    RootMismatch = 31,
    /// <summary>A non-existence proof has neither a left nor a right neighbour.</summary>
    MissingNeighbors = 32,
    /// <summary>The key is not strictly left of the right neighbour.</summary>
    KeyNotLeftOfRight = 33,
    /// <summary>The key is not strictly right of the left neighbour.</summary>
    KeyNotRightOfLeft = 34,
    /// <summary>Only a right neighbour, and it is not the left-most leaf.</summary>
    NotLeftMost = 35,
    /// <summary>Only a left neighbour, and it is not the right-most leaf.</summary>
    NotRightMost = 36,
    /// <summary>The two neighbours are not adjacent leaves.</summary>
    NotLeftNeighbor = 37,
    /// <summary>An inner step's padding matches no branch of the spec.</summary>
    InvalidBranch = 38,
    /// <summary>A Merkle proof has no proofs.</summary>
    EmptyMerkleProof = 39,
    /// <summary>The trusted root is empty.</summary>
    EmptyRoot = 40,
    /// <summary>The number of proofs differs from the number of specs.</summary>
    SpecCountMismatch = 41,
    /// <summary>The number of path keys differs from the number of specs.</summary>
    PathLengthMismatch = 42,
    /// <summary>A membership proof was asked for an empty value.</summary>
    EmptyMembershipValue = 43,
    /// <summary>A step of a chained proof above the innermost one is not an existence proof.</summary>
    ChainedNonExistence = 44,
    /// <summary>A proof op of an ABCI query is not an ICS-23 commitment proof this verifier knows.</summary>
    UnsupportedProofOp = 45,
}

/// <summary>A proof failed an ICS-23 rule; <see cref="Error"/> names it.</summary>
public sealed class Ics23Exception : Exception
{
    /// <summary>Creates the exception.</summary>
    public Ics23Exception(Ics23Error error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>The rule that failed.</summary>
    public Ics23Error Error { get; }

    /// <summary>Same rule, message prefixed with the step it happened in (as upstream: "leaf, ...").</summary>
    internal Ics23Exception Wrap(string context) => new(Error, context + ", " + Message, this);
}

/// <summary>Outcome of a verification: <see cref="Ics23Error.None"/> or the failed rule with a message.</summary>
public readonly record struct Ics23Result(Ics23Error Error, string Message)
{
    /// <summary>The verification passed.</summary>
    public static Ics23Result Ok { get; } = new(Ics23Error.None, "");

    /// <summary>True when the proof passed every rule.</summary>
    public bool IsOk => Error == Ics23Error.None;

    internal static Ics23Result From(Ics23Exception e) => new(e.Error, e.Message);
}
