using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Host.Native;

namespace Oracle.Enclave.Host;

/// <summary>Wiring of the enclave host: services, endpoints, and the run loop that turns setup errors into exit codes.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers the enclave host: <see cref="EnclaveHostOptions"/> (validated at start), the process's
    /// <see cref="NativeEnclave"/>, the TLS certificate, gRPC and the health check, and Kestrel listening
    /// with HTTP/2 over TLS only on <c>EnclaveHost:Listen</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEnclaveHost(this IHostApplicationBuilder builder)
    {
        // Defaults below every other source, so appsettings.json, the environment or the command line override them:
        // one line per execute from EnclaveService, not four per request from ASP.NET Core.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

        IServiceCollection services = builder.Services;
        services.AddOptions<EnclaveHostOptions>().BindConfiguration(EnclaveHostOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EnclaveHostOptions>, EnclaveHostOptionsValidator>();
        services.AddSingleton<NativeEnclave>();
        services.AddSingleton<HostCertificate>();
        services.AddHostedService<EnclaveStartup>();
        services.AddGrpc(o => o.MaxReceiveMessageSize = EnclaveService.MaxRequestBytes + 1024);
        services.AddHealthChecks().AddCheck<EnclaveHealthCheck>("enclave");
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<EnclaveHostOptions>, HostCertificate>((kestrel, options, certificate) =>
        {
            EnclaveHostOptions.ListenOptions listen = options.Value.Listen;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(listen.Address), listen.Port, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.UseHttps(https =>
                {
                    https.ServerCertificate = certificate.Certificate;
                    https.ServerCertificateChain = certificate.Chain;
                });
            });
        });
        return builder;
    }

    /// <summary>Maps the gRPC service and <c>/healthz</c>.</summary>
    public static WebApplication MapEnclaveHost(this WebApplication app)
    {
        app.MapGrpcService<EnclaveService>();
        app.MapHealthChecks("/healthz");
        return app;
    }

    /// <summary>
    /// Builds the application, maps its endpoints (<see cref="MapEnclaveHost"/>) and runs it until stopped.
    /// A wrong setting or an enclave that cannot be opened ends it with exit code 2 and one line per
    /// problem on standard error, each naming its setting.
    /// </summary>
    /// <returns>0 after a clean shutdown, 2 when the host could not start.</returns>
    public static async Task<int> RunEnclaveHostAsync(this WebApplicationBuilder builder)
    {
        try
        {
            // Build() already resolves Kestrel's options, hence the validated settings and the certificate.
            await using WebApplication app = builder.Build();
            app.MapEnclaveHost();
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (StartupFailures(e) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync("enclave-host: cannot start:");
            foreach (string f in failures) await Console.Error.WriteLineAsync("  " + f);
            await Console.Error.WriteLineAsync("(see --help for the settings)");
            return 2;
        }
    }

    private static List<string> StartupFailures(Exception e) => e switch
    {
        OptionsValidationException v => [.. v.Failures],
        EnclaveException { Kind: EnclaveFailureKind.Setup } s => [s.Message],
        IOException io when io.InnerException is AddressInUseException => [$"{EnclaveHostOptions.SectionName}:Listen: {io.Message}"],
        AggregateException a => [.. a.InnerExceptions.SelectMany(StartupFailures)],
        _ => [],
    };
}
