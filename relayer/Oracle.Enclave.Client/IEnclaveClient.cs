using System.Text.Json.Nodes;

namespace Oracle.Enclave.Client;

/// <summary>
/// The relayer's view of one enclave host (Protos/enclave.proto). Thread-safe; one per endpoint.
/// <see cref="EnclaveClient"/> is the gRPC implementation.
/// </summary>
public interface IEnclaveClient
{
    /// <summary>The host this client calls.</summary>
    Uri Endpoint { get; }

    /// <summary>The enclave's identity document bound to <paramref name="nonce"/>.</summary>
    /// <param name="nonce">32 bytes (DESIGN.md section 5: sha256 of the validator id), or empty for 32 zero bytes.</param>
    /// <param name="cancellationToken">Cancels the wait (the ECALL itself is short).</param>
    /// <exception cref="ArgumentException">The nonce is neither empty nor 32 bytes.</exception>
    /// <exception cref="EnclaveClientException">Unavailable, Timeout, Tls, Protocol.</exception>
    Task<EnclaveIdentity> IdentityAsync(ReadOnlyMemory<byte> nonce = default, CancellationToken cancellationToken = default);

    /// <summary>Runs one execute request (enclave-tls/README.md, "The execute request") in the enclave.</summary>
    /// <param name="executeRequest">The request: job, round, chain_time, targets, ... Sent as its JSON text.</param>
    /// <param name="cancellationToken">Cancels the wait; the enclave finishes the job regardless (within its job_timeout_ms).</param>
    /// <returns>The result; a job that failed in the enclave is a result with <see cref="ExecuteResult.Ok"/> false
    /// (<see cref="ExecuteResult.EnsureOk"/> turns it into an exception of kind Enclave).</returns>
    /// <exception cref="EnclaveClientException">Unavailable, Timeout, InvalidRequest, Tls, Protocol.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExecuteResult> ExecuteAsync(JsonObject executeRequest, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ExecuteAsync(JsonObject, CancellationToken)"/>, with the request's JSON text passed through unchanged.</summary>
    Task<ExecuteResult> ExecuteAsync(string executeRequestJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// Quorum mode: runs a leader's job in this enclave and has it sign the leader's report if its own result agrees
    /// (enclave-tls/README.md, "Endorsement").
    /// </summary>
    /// <param name="endorseRequest">An execute request (job or job_text, round, request_id, chain_time, targets) plus
    /// <c>"endorse": {"value", "data", "observed_at", "sources_hash"}</c>, the leader's report fields. Sent as its JSON text.</param>
    /// <param name="cancellationToken">Cancels the wait; the enclave finishes the job regardless (within its job_timeout_ms).</param>
    /// <returns>The result: <see cref="ExecuteResult.Endorsed"/> with the leader's fields signed per target when the own
    /// value is within the job's max_deviation_bps (equal without one) and the own observedAt within max_date_skew_s;
    /// otherwise <see cref="ExecuteResult.Ok"/> false with error endorse_out_of_tolerance (or the job's own error) and no report.</returns>
    /// <exception cref="EnclaveClientException">Unavailable, Timeout, InvalidRequest, Tls, Protocol.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExecuteResult> EndorseAsync(JsonObject endorseRequest, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="EndorseAsync(JsonObject, CancellationToken)"/>, with the request's JSON text passed through unchanged.</summary>
    Task<ExecuteResult> EndorseAsync(string endorseRequestJson, CancellationToken cancellationToken = default);
}
