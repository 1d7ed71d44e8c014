using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Oracle.Enclave.Client;

/// <summary>Wiring of the enclave client.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers <see cref="IEnclaveClient"/> (a singleton <see cref="EnclaveClient"/>) with
    /// <see cref="EnclaveClientOptions"/> bound from <paramref name="sectionName"/> and validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddEnclaveClient(this IHostApplicationBuilder builder, string sectionName = EnclaveClientOptions.SectionName)
    {
        builder.Services.AddOptions<EnclaveClientOptions>().BindConfiguration(sectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EnclaveClientOptions>, EnclaveClientOptionsValidator>();
        builder.Services.AddSingleton<EnclaveClient>();
        builder.Services.AddSingleton<IEnclaveClient>(sp => sp.GetRequiredService<EnclaveClient>());
        return builder;
    }
}
