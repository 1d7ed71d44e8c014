using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Oracle.Enclave.Host.Native;

namespace Oracle.Enclave.Host;

/// <summary>
/// Opens the enclave when the host starts (so a wrong setting stops the start, not the first call) and,
/// once Kestrel listens, prints the lines a parent process reads from standard output:
/// <code>
/// enclave-host signer 0x... backend sim simulated true
/// enclave-host tls certificate sha256 HEX (ephemeral self-signed)    (only without EnclaveHost:Tls)
/// enclave-host listening on https://127.0.0.1:PORT
/// </code>
/// </summary>
public sealed class EnclaveStartup(IServiceProvider services, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    /// <summary>The prefix of the line that carries the bound URL.</summary>
    public const string ListeningPrefix = "enclave-host listening on ";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        NativeEnclave enclave = services.GetRequiredService<NativeEnclave>();
        HostCertificate certificate = services.GetRequiredService<HostCertificate>();
        lifetime.ApplicationStarted.Register(() =>
        {
            Console.Out.WriteLine($"enclave-host signer {enclave.Signer} backend {enclave.Backend} simulated {(enclave.Backend == "sim" ? "true" : "false")}");
            if (certificate.Ephemeral)
                Console.Out.WriteLine($"enclave-host tls certificate sha256 {certificate.Sha256} (ephemeral self-signed)");
            foreach (string address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                Console.Out.WriteLine(ListeningPrefix + address);
            Console.Out.Flush();
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
