namespace Oracle.Enclave.Host;

/// <summary>
/// Settings of the enclave host, bound from the <c>EnclaveHost</c> configuration section
/// (appsettings.json, <c>--EnclaveHost:SealedKeyPath=...</c>, or <c>EnclaveHost__SealedKeyPath</c>).
/// <see cref="HelpText"/> prints them with their defaults; <see cref="EnclaveHostOptionsValidator"/> checks them at start.
/// </summary>
public sealed class EnclaveHostOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EnclaveHost";

    /// <summary>Full path of <c>liboracle_enclave.so</c> (the host library of enclave-tls). Required.</summary>
    public string LibraryPath { get; set; } = "";

    /// <summary>The backend the library must have been built with: <c>sim</c> (default) or <c>openenclave</c>.</summary>
    public string Backend { get; set; } = "sim";

    /// <summary>The signed enclave image (<c>openenclave</c> only; ignored by <c>sim</c>).</summary>
    public string? ImagePath { get; set; }

    /// <summary><c>openenclave</c>: create a debug enclave. Never in production.</summary>
    public bool DebugEnclave { get; set; }

    /// <summary>
    /// File holding the enclave key sealed by the enclave. Created (mode 0600, written atomically) when
    /// missing; its directory must exist. Required.
    /// </summary>
    public string SealedKeyPath { get; set; } = "";

    /// <summary>
    /// Host-side DNS overrides, each <c>host:port:address</c> like curl's <c>--resolve</c> (port 0 = any port,
    /// address an IPv4 or IPv6 literal). The enclave still checks the certificate for <c>host</c>.
    /// </summary>
    public List<string> Resolve { get; set; } = [];

    /// <summary>Where the gRPC endpoint listens.</summary>
    public ListenOptions Listen { get; set; } = new();

    /// <summary>The endpoint's TLS certificate.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Where the gRPC endpoint listens (HTTP/2 over TLS only).</summary>
    public sealed class ListenOptions
    {
        /// <summary>An IP address literal; default <c>127.0.0.1</c>.</summary>
        public string Address { get; set; } = "127.0.0.1";

        /// <summary>TCP port; 0 (default) lets the system choose one, printed at start.</summary>
        public int Port { get; set; }
    }

    /// <summary>The endpoint's certificate. Both paths, or neither: then an ephemeral self-signed one.</summary>
    public sealed class TlsOptions
    {
        /// <summary>PEM certificate (the leaf first, then any intermediates).</summary>
        public string? CertificatePath { get; set; }

        /// <summary>PEM private key of the certificate (PKCS#8, SEC1 or PKCS#1, unencrypted).</summary>
        public string? KeyPath { get; set; }
    }
}
