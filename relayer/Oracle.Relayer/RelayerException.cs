namespace Oracle.Relayer;

/// <summary>What went wrong in a round, so that workers can tell retry from give up.</summary>
public enum RelayerErrorKind
{
    /// <summary>The enclave host could not be reached or refused the call.</summary>
    EnclaveUnavailable,
    /// <summary>The enclave ran the job and it failed (a source down, a bad certificate, ...).</summary>
    EnclaveJob,
    /// <summary>A report did not verify locally against the enclave's key: never submitted.</summary>
    Unverified,
    /// <summary>The chain endpoint failed (unreachable, wrong chain id, timeout).</summary>
    Chain,
    /// <summary>The contract reverted; the message carries its reason.</summary>
    Reverted,
    /// <summary>An enclave registration could not gather the verifier signatures the registry requires.</summary>
    Registration,
}

/// <summary>A failed step of a feed round. The message names what failed.</summary>
public sealed class RelayerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RelayerException(RelayerErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>What failed.</summary>
    public RelayerErrorKind Kind { get; }

    /// <summary>The contract's decoded revert reason, for <see cref="RelayerErrorKind.Reverted"/> when known.</summary>
    public Oracle.Evm.RevertReason? Revert { get; init; }

    /// <summary>Whether trying the round again may succeed.</summary>
    public bool IsRetryable => Kind is RelayerErrorKind.EnclaveUnavailable or RelayerErrorKind.EnclaveJob or RelayerErrorKind.Chain;
}
