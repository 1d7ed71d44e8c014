using Oracle.Relayer.Chains;

namespace Oracle.Relayer.Proofs;

/// <summary>The parts of <c>contracts/src/OracleProof.sol</c> and <c>ExampleConsumer.sol</c> that pull-proof tooling uses.</summary>
public static class OracleProofAbi
{
    /// <summary>The registry read OracleProof makes per signer: a packed word (bit 255 active, bits 64..71 TCB status,
    /// bits 72..103 validator index, low 64 bits expiresAt; contracts/src/OracleRegistry.sol).</summary>
    public const string SignerEntry = "signerEntry(address)";

    /// <summary>ExampleConsumer's entry point that verifies a proof and stores its price.</summary>
    public const string Settle = "settle(bytes)";

    /// <summary>ExampleConsumer: the last settled price.</summary>
    public const string LastPrice = "lastPrice()";

    /// <summary>At most this many signatures in a proof (AttestedReport.MAX_SIGNATURES).</summary>
    public const int MaxSignatures = 16;

    /// <summary>TCB status the registry records for simulated evidence (the sim enclave).</summary>
    public const byte SimulatedTcbStatus = 255;

    /// <summary>Every custom error a consumer of OracleProof can revert with (IOracleProofErrors, IAttestedReportErrors,
    /// ExampleConsumer's WrongFeedId), for decoding revert data.</summary>
    public static readonly string[] Errors =
    [
        .. FeedContractAbi.Errors,
        "ProofStale(uint64,uint256,uint256)", "NotAFeedProof(bytes32)", "ErrorReport(bytes32)", "TooFewSigners(uint256,uint256)",
        "SignersNotSorted(address,address)", "RegistryUnavailable(address)", "WrongFeedId(bytes32,bytes32)",
    ];

    /// <summary>The <see cref="ProofCheck"/> code of a consumer's custom error (the name of a decoded revert), or null
    /// for an error that is not a proof check.</summary>
    public static string? CheckOf(string contractError) => contractError switch
    {
        "ProofTooShort" or "UnsupportedVersion" or "ProofLengthMismatch" or "SignatureCountUnsupported" => ProofCheck.Malformed,
        "TooFewSigners" => ProofCheck.TooFewSigners,
        "NotAFeedProof" => ProofCheck.NotAFeedProof,
        "ErrorReport" => ProofCheck.ErrorReport,
        "ProofStale" => ProofCheck.Stale,
        "InvalidSignature" => ProofCheck.Signature,
        "SignersNotSorted" => ProofCheck.SignersNotSorted,
        "RegistryUnavailable" => ProofCheck.RegistryUnavailable,
        "SignerNotRegistered" => ProofCheck.SignerNotRegistered,
        "SignerExpired" => ProofCheck.SignerExpired,
        "WrongFeedId" or "WrongFeed" => ProofCheck.WrongFeed,
        _ => null,
    };
}
