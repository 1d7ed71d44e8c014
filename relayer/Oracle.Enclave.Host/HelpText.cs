namespace Oracle.Enclave.Host;

/// <summary>The <c>--help</c> text: every setting, how to pass it, and its default.</summary>
public static class HelpText
{
    /// <summary>True when the arguments ask for help (<c>--help</c>, <c>-h</c>, <c>-?</c>).</summary>
    public static bool Requested(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");

    /// <summary>The text.</summary>
    public const string Text = """
        usage: Oracle.Enclave.Host [--EnclaveHost:KEY=VALUE ...]

        Runs the enclave (enclave-tls, liboracle_enclave.so) behind the gRPC service oracle.enclave.v1.Enclave
        (relayer/Protos/enclave.proto), HTTP/2 over TLS only, plus GET /healthz.

        Settings come from appsettings.json, environment variables and the command line, in that order.
        Each key below is written EnclaveHost:Key in JSON sections and on the command line
        (--EnclaveHost:SealedKeyPath=/var/lib/oracle/enclave.sealed) and EnclaveHost__Key in the
        environment (EnclaveHost__SealedKeyPath=...). List items are numbered: EnclaveHost:Resolve:0=...

          EnclaveHost:LibraryPath          required  full path of liboracle_enclave.so
          EnclaveHost:Backend              sim       sim or openenclave; must match the library
          EnclaveHost:ImagePath            -         openenclave: the signed enclave image (required there)
          EnclaveHost:DebugEnclave         false     openenclave: create a debug enclave (never in production)
          EnclaveHost:SealedKeyPath        required  the sealed enclave key; created (0600, atomically) if missing;
                                                     the same file gives the same signer after a restart
          EnclaveHost:Resolve:N            none      host:port:address DNS overrides like curl --resolve
                                                     (port 0 = any port; address an IP literal); the
                                                     enclave still checks certificates for host
          EnclaveHost:Listen:Address       127.0.0.1 IP address to listen on
          EnclaveHost:Listen:Port          0         TCP port; 0 = chosen by the system
          EnclaveHost:Tls:CertificatePath  none      PEM certificate (leaf, then intermediates)
          EnclaveHost:Tls:KeyPath          none      PEM private key of that certificate
                                                     Without both, an ephemeral self-signed certificate is
                                                     made at every start and its SHA-256 printed (pin it).
          Logging:LogLevel:Default         Information   also Oracle.Enclave.Trusted (the enclave's own log)

        On start it prints to standard output:
          enclave-host signer 0x... backend sim simulated true
          enclave-host tls certificate sha256 HEX (ephemeral self-signed)   only without EnclaveHost:Tls
          enclave-host listening on https://127.0.0.1:PORT

        Exit status: 0 after a clean shutdown (SIGTERM, Ctrl-C); 2 when a setting is wrong or the
        enclave cannot be opened (each problem on standard error, naming its setting).
        """;
}
