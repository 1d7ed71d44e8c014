namespace Oracle.Enclave.Client;

/// <summary>
/// How to reach an enclave host (Oracle.Enclave.Host), bound from the <c>EnclaveClient</c> section by
/// <see cref="Extensions.AddEnclaveClient"/>. The server certificate is checked against
/// <see cref="CaCertificatePath"/>, or <see cref="PinnedSha256"/>, or both (then both must hold); never
/// against nothing.
/// </summary>
public sealed class EnclaveClientOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EnclaveClient";

    /// <summary>The host's URL, <c>https://host:port</c> (what the host prints as "listening on"). Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// PEM file of the CA (one or more certificates) that issued the host's certificate. The chain must
    /// end at one of them and the certificate must name <see cref="Endpoint"/>'s host. The system store
    /// is not used.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// SHA-256 of the host certificate's DER encoding, 64 hex digits (colons allowed), as the host prints
    /// for its ephemeral certificate. With a pin, the certificate's names and dates are not checked.
    /// </summary>
    public string? PinnedSha256 { get; set; }

    /// <summary>Deadline of each call; an execute runs every source of a job (default 60 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
