using Google.Protobuf;

namespace Oracle.Ibc.Ics23;

/// <summary>
/// The ICS-23 client functions: decode a <see cref="CommitmentProof"/>, verify membership and non-membership
/// against a trusted root with a spec the caller holds. Every failure is an <see cref="Ics23Result"/> naming the rule.
/// </summary>
/// <remarks>Batch, compressed and exclusion proofs are refused with <see cref="Ics23Error.UnsupportedProofType"/>.</remarks>
public static class Ics23Verifier
{
    /// <summary>Largest encoded proof accepted by <see cref="Decode"/>.</summary>
    public const int MaxProofBytes = 1 << 20;

    private static readonly MessageParser<CommitmentProof> StrictParser =
        CommitmentProof.Parser.WithDiscardUnknownFields(true);

    /// <summary>Decodes a proof; refuses oversize input, malformed protobuf, unknown fields and non-canonical encodings.</summary>
    /// <exception cref="Ics23Exception"><see cref="Ics23Error.ProofTooLarge"/>, <see cref="Ics23Error.Decode"/> or
    /// <see cref="Ics23Error.NonCanonicalEncoding"/>.</exception>
    public static CommitmentProof Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > MaxProofBytes)
            throw new Ics23Exception(Ics23Error.ProofTooLarge, $"proof of {encoded.Length} bytes exceeds {MaxProofBytes}");
        CommitmentProof proof;
        try
        {
            proof = StrictParser.ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new Ics23Exception(Ics23Error.Decode, "invalid CommitmentProof encoding: " + e.Message, e);
        }
        // Dropped unknown fields, overlong varints, explicit defaults or reordered fields change the size.
        if (proof.CalculateSize() != encoded.Length || !proof.ToByteArray().AsSpan().SequenceEqual(encoded))
            throw new Ics23Exception(Ics23Error.NonCanonicalEncoding, "proof is not the canonical encoding of its content");
        return proof;
    }

    /// <summary>Decodes with <see cref="Decode"/>, returning the failure instead of throwing.</summary>
    public static Ics23Result TryDecode(ReadOnlySpan<byte> encoded, out CommitmentProof? proof)
    {
        try
        {
            proof = Decode(encoded);
            return Ics23Result.Ok;
        }
        catch (Ics23Exception e)
        {
            proof = null;
            return Ics23Result.From(e);
        }
    }

    /// <summary>Verifies that <paramref name="proof"/> proves <paramref name="key"/> = <paramref name="value"/> under <paramref name="root"/>.</summary>
    /// <param name="spec">The store's spec, from the verifier's own configuration (e.g. <see cref="ProofSpecs.Iavl"/>).</param>
    /// <param name="root">The trusted root.</param>
    /// <param name="proof">An existence proof.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public static Ics23Result VerifyMembership(ProofSpec? spec, ReadOnlySpan<byte> root, CommitmentProof? proof,
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (proof?.ProofCase != CommitmentProof.ProofOneofCase.Exist)
            return new(Ics23Error.UnsupportedProofType, $"expected an existence proof, got {proof?.ProofCase.ToString() ?? "none"}");
        try
        {
            proof.Exist.Verify(spec, root, key, value);
            return Ics23Result.Ok;
        }
        catch (Ics23Exception e)
        {
            return Ics23Result.From(e);
        }
    }

    /// <summary>Verifies that <paramref name="proof"/> proves <paramref name="key"/> absent under <paramref name="root"/>.</summary>
    /// <param name="spec">The store's spec, from the verifier's own configuration.</param>
    /// <param name="root">The trusted root.</param>
    /// <param name="proof">A non-existence proof.</param>
    /// <param name="key">The key.</param>
    public static Ics23Result VerifyNonMembership(ProofSpec? spec, ReadOnlySpan<byte> root, CommitmentProof? proof,
        ReadOnlySpan<byte> key)
    {
        if (proof?.ProofCase != CommitmentProof.ProofOneofCase.Nonexist)
            return new(Ics23Error.UnsupportedProofType, $"expected a non-existence proof, got {proof?.ProofCase.ToString() ?? "none"}");
        try
        {
            proof.Nonexist.Verify(spec, root, key);
            return Ics23Result.Ok;
        }
        catch (Ics23Exception e)
        {
            return Ics23Result.From(e);
        }
    }
}
