using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Oracle.Cosmos.Rpc;

/// <summary>Wiring of the CometBFT RPC client.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers a singleton <see cref="CometRpcClient"/> over a named <see cref="HttpClient"/>, with
    /// <see cref="CometRpcOptions"/> bound from <paramref name="sectionName"/> and validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddCometRpc(this IHostApplicationBuilder builder, string sectionName = CometRpcOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CometRpcOptions>().BindConfiguration(sectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CometRpcOptions>, CometRpcOptionsValidator>();
        builder.Services.AddHttpClient(nameof(CometRpcClient));
        builder.Services.AddSingleton(sp => new CometRpcClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(CometRpcClient)),
            sp.GetRequiredService<IOptions<CometRpcOptions>>().Value));
        return builder;
    }
}
