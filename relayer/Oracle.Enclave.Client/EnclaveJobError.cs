using System.Text.Json;

namespace Oracle.Enclave.Client;

/// <summary>A job's (or one source's) error as the enclave reports it: <c>{"code", "number", "detail"}</c>.</summary>
/// <param name="Code">The stable number (enclave-tls/trusted/errors.h), e.g. 301.</param>
/// <param name="Name">The stable snake_case name, e.g. "tls_cert_untrusted".</param>
/// <param name="Detail">English detail naming the field or source; never secret.</param>
public sealed record EnclaveJobError(int Code, string Name, string Detail)
{
    // Failures that may pass on their own: transport, a server's bad moment, sources disagreeing for now.
    // A job that is wrong (1xx), a certificate the enclave refuses (3xx except a failed handshake) or a body
    // that does not hold the value (5xx) fails the same way next time.
    private static readonly HashSet<string> TransientNames =
    [
        "dns", "connect", "timeout", "job_deadline", "io", "tls_handshake",
        "http_truncated", "http_status", "time_skew", "too_few_sources", "deviation", "disagree",
        "entropy", "no_memory", "backend",
    ];

    /// <summary>True when retrying the same job later may succeed.</summary>
    public bool IsTransient => TransientNames.Contains(Name);

    internal static EnclaveJobError? ParseOptional(JsonElement owner)
    {
        if (Json.Optional(owner, "error") is not { } e) return null;
        return new EnclaveJobError(
            Json.Required(e, "number").GetInt32(),
            Json.RequiredString(e, "code"),
            Json.OptionalString(e, "detail") ?? "");
    }
}
