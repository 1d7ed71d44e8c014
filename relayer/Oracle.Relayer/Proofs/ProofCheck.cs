namespace Oracle.Relayer.Proofs;

/// <summary>
/// The stable codes of the checks a pull proof can fail (<see cref="ProofVerdict.Check"/>), in the order
/// <see cref="ProofVerifier"/> runs them: the order of <c>OracleProof.verifyQuorum</c> (contracts/src/OracleProof.sol),
/// then the feed id, which the consuming contract compares after <c>verify</c> returns. The node and the CLI print
/// these codes; each names the custom error the contract reverts with (<see cref="OracleProofAbi"/>).
/// </summary>
public static class ProofCheck
{
    /// <summary>Not a version 1 proof: too short, another version, a length that does not match, 0 or more than 16
    /// signatures (ProofTooShort, UnsupportedVersion, ProofLengthMismatch, SignatureCountUnsupported).</summary>
    public const string Malformed = "proof.malformed";

    /// <summary>Fewer signatures than required (TooFewSigners).</summary>
    public const string TooFewSigners = "proof.too_few_signers";

    /// <summary>requestId is not zero: the answer to an on-chain request, which belongs to OracleRequests.fulfill (NotAFeedProof).</summary>
    public const string NotAFeedProof = "proof.not_a_feed_proof";

    /// <summary>A signed error report (sourcesHash = keccak256("AttestedOracle/error/v1")), not a value (ErrorReport).</summary>
    public const string ErrorReport = "proof.error_report";

    /// <summary>observedAt + maxAge is earlier than the chain's latest block timestamp (ProofStale).</summary>
    public const string Stale = "proof.stale";

    /// <summary>A signature does not recover: v not 27/28, s in the upper half of the order, or no key (InvalidSignature).</summary>
    public const string Signature = "proof.signature";

    /// <summary>Signers are not in strictly ascending address order: one enclave counted twice, or out of order (SignersNotSorted).</summary>
    public const string SignersNotSorted = "proof.signers_not_sorted";

    /// <summary>The registry address does not answer <c>signerEntry(address)</c> with one word (RegistryUnavailable).</summary>
    public const string RegistryUnavailable = "proof.registry_unavailable";

    /// <summary>A recovered signer has no active registry entry; also what a proof signed for another chain id or
    /// another contract looks like, since its signature then recovers to an unrelated address (SignerNotRegistered).</summary>
    public const string SignerNotRegistered = "proof.signer_not_registered";

    /// <summary>A signer's registry entry expired: expiresAt &lt;= the chain's latest block timestamp (SignerExpired).</summary>
    public const string SignerExpired = "proof.signer_expired";

    /// <summary>The proof is for another feed than the one expected (ExampleConsumer's WrongFeedId).</summary>
    public const string WrongFeed = "proof.wrong_feed";
}
