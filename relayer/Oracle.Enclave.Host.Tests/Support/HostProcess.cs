using Oracle.Enclave.Client;

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>
/// Oracle.Enclave.Host started as a child process (one sim enclave per process), settings as
/// <c>--EnclaveHost:Key=value</c> arguments, its URL read from the "listening on" line.
/// </summary>
public sealed class HostProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private HostProcess(ChildProcess process, Uri endpoint, string? fingerprint, string signer)
    {
        Process = process;
        Endpoint = endpoint;
        Fingerprint = fingerprint;
        Signer = signer;
    }

    public ChildProcess Process { get; }

    public Uri Endpoint { get; }

    /// <summary>SHA-256 of the ephemeral certificate, when no Tls was configured.</summary>
    public string? Fingerprint { get; }

    /// <summary>The signer it printed at start.</summary>
    public string Signer { get; }

    /// <summary>The arguments of a valid host: the built library and a sealed key in <paramref name="dir"/>.</summary>
    public static Dictionary<string, string> DefaultSettings(TempDir dir) => new()
    {
        ["LibraryPath"] = TestPaths.EnclaveLibrary,
        ["SealedKeyPath"] = dir.File("enclave.sealed"),
    };

    /// <summary>Starts the host process without waiting.</summary>
    public static ChildProcess Launch(TempDir dir, IReadOnlyDictionary<string, string> settings, params string[] extraArgs) =>
        new("dotnet", [TestPaths.HostDll, .. settings.Select(s => $"--EnclaveHost:{s.Key}={s.Value}"), .. extraArgs], dir.Path);

    /// <summary>Starts the host and waits (bounded) until it listens.</summary>
    public static HostProcess Start(TempDir dir, IReadOnlyDictionary<string, string> settings)
    {
        ChildProcess p = Launch(dir, settings);
        try
        {
            string? url = p.WaitForLine("enclave-host listening on ", StartTimeout)
                          ?? throw new InvalidOperationException($"the enclave host did not start within {StartTimeout}:\n{p.Output}");
            string signerLine = p.WaitForLine("enclave-host signer ", TimeSpan.FromSeconds(1)) ?? "";
            string? fingerprint = p.WaitForLine("enclave-host tls certificate sha256 ", TimeSpan.Zero)?.Split(' ')[0];
            return new HostProcess(p, new Uri(url), fingerprint, signerLine.Split(' ')[0]);
        }
        catch
        {
            p.Dispose();
            throw;
        }
    }

    public EnclaveClient Client(string? caCertificatePath = null, string? pin = null) => new(new EnclaveClientOptions
    {
        Endpoint = Endpoint,
        CaCertificatePath = caCertificatePath,
        PinnedSha256 = pin,
        Timeout = TimeSpan.FromSeconds(30),
    });

    public void Dispose() => Process.Dispose();
}
