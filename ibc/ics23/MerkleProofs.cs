using Google.Protobuf;
using Oracle.Ibc.Ics23.Commitment;

namespace Oracle.Ibc.Ics23;

/// <summary>
/// Multi-store Merkle proofs as ibc-go's 23-commitment verifies them: a chain of ICS-23 proofs, innermost first
/// (the key in the IBC store under the IAVL spec, then the store's root in the multi-store under the Tendermint
/// spec), along a <see cref="MerklePath"/> of keys outermost first (<c>["ibc", key]</c>), ending at the app hash.
/// </summary>
/// <remarks>
/// The specs come from the verifier's own configuration (<see cref="SdkSpecs"/> for a Cosmos SDK chain), never
/// from the proof. Every failure is an <see cref="Ics23Result"/> naming the rule; nothing throws.
/// </remarks>
public static class MerkleProofs
{
    /// <summary>The specs of a Cosmos SDK chain: the IAVL store, then the multi-store (ibc-go's <c>GetSDKSpecs</c>).</summary>
    public static IReadOnlyList<ProofSpec> SdkSpecs { get; } = [ProofSpecs.Iavl, ProofSpecs.Tendermint];

    /// <summary>The prefix under which a Cosmos SDK chain keeps IBC's keys.</summary>
    public static MerklePrefix IbcPrefix => new() { KeyPrefix = ByteString.CopyFromUtf8("ibc") };

    /// <summary>ibc-go's <c>ApplyPrefix</c>: the path <c>[prefix, key]</c> to <paramref name="key"/> in the prefixed store.</summary>
    /// <exception cref="ArgumentException">The prefix or the key is empty.</exception>
    public static MerklePath ApplyPrefix(MerklePrefix prefix, string key)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.KeyPrefix.IsEmpty)
            throw new ArgumentException("prefix is empty", nameof(prefix));
        if (string.IsNullOrEmpty(key))
            throw new ArgumentException("key is empty", nameof(key));
        return new MerklePath { KeyPath = { prefix.KeyPrefix.ToStringUtf8(), key } };
    }

    /// <summary>
    /// ibc-go's <c>ConvertProofs</c>: the proof ops of an ABCI query (<c>ics23:iavl</c>, then <c>ics23:simple</c>)
    /// as a <see cref="MerkleProof"/>, each op's data decoded strictly with <see cref="Ics23Verifier.Decode"/>.
    /// </summary>
    public static Ics23Result TryFromProofOps(IEnumerable<(string Type, byte[] Data)> ops, out MerkleProof? proof)
    {
        proof = null;
        var result = new MerkleProof();
        foreach (var (type, data) in ops)
        {
            if (type is not ("ics23:iavl" or "ics23:simple" or "ics23:smt"))
                return new(Ics23Error.UnsupportedProofOp, $"proof op '{type}' is not an ICS-23 commitment proof");
            var decoded = Ics23Verifier.TryDecode(data, out var one);
            if (!decoded.IsOk)
                return new(decoded.Error, $"proof op {result.Proofs.Count} ({type}): {decoded.Message}");
            result.Proofs.Add(one);
        }
        proof = result;
        return Ics23Result.Ok;
    }

    /// <summary>Verifies that <paramref name="proof"/> proves the path's innermost key = <paramref name="value"/> under <paramref name="root"/>.</summary>
    /// <param name="proof">The chained proof, innermost first.</param>
    /// <param name="specs">One spec per proof, innermost first (<see cref="SdkSpecs"/>).</param>
    /// <param name="root">The trusted root: the app hash of the header the proof was queried at.</param>
    /// <param name="path">The keys, outermost first.</param>
    /// <param name="value">The value, not empty.</param>
    public static Ics23Result VerifyMembership(MerkleProof? proof, IReadOnlyList<ProofSpec?> specs,
        ReadOnlySpan<byte> root, MerklePath? path, ReadOnlySpan<byte> value)
    {
        var args = ValidateArgs(proof, specs, root, path);
        if (!args.IsOk)
            return args;
        if (value.IsEmpty)
            return new(Ics23Error.EmptyMembershipValue, "empty value in membership proof");
        return VerifyChained(root, specs, proof!, path!, value.ToArray(), 0);
    }

    /// <summary>
    /// Verifies that <paramref name="proof"/> proves the path's innermost key absent under <paramref name="root"/>:
    /// a non-existence proof in the innermost store, then membership of that store's root up to <paramref name="root"/>.
    /// </summary>
    public static Ics23Result VerifyNonMembership(MerkleProof? proof, IReadOnlyList<ProofSpec?> specs,
        ReadOnlySpan<byte> root, MerklePath? path)
    {
        var args = ValidateArgs(proof, specs, root, path);
        if (!args.IsOk)
            return args;
        var innermost = proof!.Proofs[0];
        if (innermost?.ProofCase != CommitmentProof.ProofOneofCase.Nonexist)
            return new(Ics23Error.UnsupportedProofType,
                $"expected a non-existence proof for the innermost key, got {innermost?.ProofCase.ToString() ?? "none"}");
        byte[] subroot;
        try
        {
            subroot = CalculateNonExistenceRoot(innermost.Nonexist);
        }
        catch (Ics23Exception e)
        {
            return new(e.Error, "proof 0: " + e.Message);
        }
        byte[] key = KeyAt(path!, 0);
        var absent = Ics23Verifier.VerifyNonMembership(specs[0], subroot, innermost, key);
        if (!absent.IsOk)
            return new(absent.Error, "proof 0 (absence of the key): " + absent.Message);
        return VerifyChained(root, specs, proof, path!, subroot, 1);
    }

    private static Ics23Result ValidateArgs(MerkleProof? proof, IReadOnlyList<ProofSpec?> specs, ReadOnlySpan<byte> root, MerklePath? path)
    {
        if (proof is null || proof.Proofs.Count == 0)
            return new(Ics23Error.EmptyMerkleProof, "proof cannot be empty");
        if (root.IsEmpty)
            return new(Ics23Error.EmptyRoot, "root cannot be empty");
        if (specs is null || specs.Count != proof.Proofs.Count)
            return new(Ics23Error.SpecCountMismatch, $"length of specs: {specs?.Count ?? 0} not equal to length of proof: {proof.Proofs.Count}");
        for (int i = 0; i < specs.Count; i++)
        {
            if (specs[i] is null)
                return new(Ics23Error.MissingSpec, $"spec at position {i} is nil");
        }
        if (path is null || path.KeyPath.Count != specs.Count)
            return new(Ics23Error.PathLengthMismatch, $"path length {path?.KeyPath.Count ?? 0} not same as proof {specs.Count}");
        return Ics23Result.Ok;
    }

    // Proof i proves key path[n-1-i] = value under its own root; that root is the value of proof i+1. The last
    // root must be the trusted root.
    private static Ics23Result VerifyChained(ReadOnlySpan<byte> root, IReadOnlyList<ProofSpec?> specs, MerkleProof proof,
        MerklePath path, byte[] value, int index)
    {
        byte[] subroot = value;
        for (int i = index; i < proof.Proofs.Count; i++)
        {
            var step = proof.Proofs[i];
            if (step?.ProofCase == CommitmentProof.ProofOneofCase.Nonexist)
                return new(Ics23Error.ChainedNonExistence, $"chained membership proof contains a non-existence proof at index {i}");
            if (step?.ProofCase != CommitmentProof.ProofOneofCase.Exist)
                return new(Ics23Error.UnsupportedProofType, $"proof {i}: expected an existence proof, got {step?.ProofCase.ToString() ?? "none"}");
            try
            {
                subroot = step.Exist.Calculate();
            }
            catch (Ics23Exception e)
            {
                return new(e.Error, $"proof {i}: could not calculate its root: {e.Message}");
            }
            var member = Ics23Verifier.VerifyMembership(specs[i], subroot, step, KeyAt(path, i), value);
            if (!member.IsOk)
                return new(member.Error, $"proof {i} (key '{path.KeyPath[path.KeyPath.Count - 1 - i]}'): {member.Message}");
            value = subroot;
        }
        if (!root.SequenceEqual(subroot))
            return new(Ics23Error.RootMismatch,
                $"proof did not commit to expected root: {Convert.ToHexString(root)}, got: {Convert.ToHexString(subroot)}");
        return Ics23Result.Ok;
    }

    private static byte[] KeyAt(MerklePath path, int proofIndex) =>
        System.Text.Encoding.UTF8.GetBytes(path.KeyPath[path.KeyPath.Count - 1 - proofIndex]);

    // As upstream's CommitmentProof.Calculate for a non-existence proof: the root through the left neighbour,
    // else the right one.
    private static byte[] CalculateNonExistenceRoot(NonExistenceProof proof)
    {
        var neighbour = proof.Left ?? proof.Right
            ?? throw new Ics23Exception(Ics23Error.MissingNeighbors, "both left and right proofs missing");
        return neighbour.Calculate();
    }
}
