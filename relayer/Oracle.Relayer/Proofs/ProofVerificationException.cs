namespace Oracle.Relayer.Proofs;

/// <summary>Why a proof could not be judged (as opposed to judged and refused, which is a <see cref="ProofVerdict"/>).</summary>
public enum ProofVerificationErrorKind
{
    /// <summary>The JSON-RPC endpoint failed (unreachable, timeout, an error answer). Retryable.</summary>
    Rpc,

    /// <summary>The endpoint serves another chain than the one the proof is judged for. Not retryable: a setting.</summary>
    WrongChain,
}

/// <summary>
/// The chain could not be read while verifying a proof. Bad proof bytes never throw: they give a refusing
/// <see cref="ProofVerdict"/>. <see cref="IsRetryable"/> tells a worker whether to try again.
/// </summary>
public sealed class ProofVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProofVerificationException(ProofVerificationErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>What failed.</summary>
    public ProofVerificationErrorKind Kind { get; }

    /// <summary>True when the same verification may succeed later.</summary>
    public bool IsRetryable => Kind == ProofVerificationErrorKind.Rpc && (InnerException as Oracle.Evm.EvmException)?.IsRetryable != false;
}
