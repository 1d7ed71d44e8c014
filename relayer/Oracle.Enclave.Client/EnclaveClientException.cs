namespace Oracle.Enclave.Client;

/// <summary>What kind of failure an <see cref="EnclaveClientException"/> is; stable, for workers to branch on.</summary>
public enum EnclaveClientErrorKind
{
    /// <summary>The host cannot be reached, or its enclave is down. Retryable.</summary>
    Unavailable,

    /// <summary>The call's deadline (<see cref="EnclaveClientOptions.Timeout"/>) passed. Retryable.</summary>
    Timeout,

    /// <summary>The host refused the request as malformed (not JSON, a bad nonce). Not retryable.</summary>
    InvalidRequest,

    /// <summary>The enclave ran the job and it failed (<see cref="EnclaveClientException.EnclaveError"/> says how).
    /// Retryable when the cause may pass (a source down, a timeout), not when the job itself is wrong.</summary>
    Enclave,

    /// <summary>The host's TLS certificate failed the configured CA or pin. Not retryable: a setting or an attacker.</summary>
    Tls,

    /// <summary>The host answered something this client cannot read (a version mismatch or a bug). Not retryable.</summary>
    Protocol,
}

/// <summary>
/// The one error type of Oracle.Enclave.Client: a <see cref="Kind"/>, the endpoint it happened at (in the
/// message too), and <see cref="IsRetryable"/> for the worker deciding between retry and give up.
/// </summary>
public sealed class EnclaveClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EnclaveClientException(EnclaveClientErrorKind kind, Uri endpoint, string message, EnclaveJobError? enclaveError = null, Exception? inner = null)
        : base($"enclave host {endpoint}: {message}", inner)
    {
        Kind = kind;
        Endpoint = endpoint;
        EnclaveError = enclaveError;
    }

    /// <summary>The kind of failure.</summary>
    public EnclaveClientErrorKind Kind { get; }

    /// <summary>The enclave host that was called.</summary>
    public Uri Endpoint { get; }

    /// <summary>For <see cref="EnclaveClientErrorKind.Enclave"/>: the job's error (code, name, detail).</summary>
    public EnclaveJobError? EnclaveError { get; }

    /// <summary>True when the same call may succeed later (host down, timeout, a transient job error).</summary>
    public bool IsRetryable => Kind switch
    {
        EnclaveClientErrorKind.Unavailable or EnclaveClientErrorKind.Timeout => true,
        EnclaveClientErrorKind.Enclave => EnclaveError?.IsTransient ?? false,
        _ => false,
    };
}
