using Oracle.Enclave.Client;
using Oracle.Enclave.Host.Tests.Support;

namespace Oracle.Enclave.Host.Tests;

/// <summary>The client refuses a host it cannot authenticate and names the endpoint when it cannot reach one.</summary>
[Collection(EnclaveWorldCollection.Name)]
public sealed class EnclaveClientTlsTests(EnclaveWorld world)
{
    private readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Identity_ThrowsTls_WhenTheClientTrustsAnotherCa()
    {
        using EnclaveClient client = world.Host.Client(caCertificatePath: world.OtherCaPath);

        var e = await Assert.ThrowsAsync<EnclaveClientException>(() => client.IdentityAsync(cancellationToken: Ct));

        Assert.Equal(EnclaveClientErrorKind.Tls, e.Kind);
        Assert.False(e.IsRetryable);
        Assert.Contains(world.Endpoint.ToString(), e.Message);
        Assert.Contains("does not chain to the configured CA", e.Message);
    }

    [Fact]
    public async Task Identity_ThrowsTls_WhenThePinIsWrong()
    {
        using EnclaveClient client = world.Host.Client(pin: new string('a', 64));

        var e = await Assert.ThrowsAsync<EnclaveClientException>(() => client.IdentityAsync(cancellationToken: Ct));

        Assert.Equal(EnclaveClientErrorKind.Tls, e.Kind);
        Assert.Contains("is not the pinned", e.Message);
    }

    [Fact]
    public async Task Execute_ThrowsUnavailableNamingTheEndpoint_WhenNoHostListens()
    {
        var endpoint = new Uri($"https://127.0.0.1:{Ports.Free()}");
        using var client = new EnclaveClient(new EnclaveClientOptions { Endpoint = endpoint, CaCertificatePath = world.HostCaPath, Timeout = TimeSpan.FromSeconds(10) });

        var e = await Assert.ThrowsAsync<EnclaveClientException>(() => client.ExecuteAsync(EnclaveWorld.Request(world.GoodUrl()), Ct));

        Assert.Equal(EnclaveClientErrorKind.Unavailable, e.Kind);
        Assert.True(e.IsRetryable);
        Assert.Equal(endpoint, e.Endpoint);
        Assert.Contains(endpoint.ToString(), e.Message);
    }

    [Theory]
    [InlineData("no endpoint", null, "ca", null, "EnclaveClient:Endpoint")]
    [InlineData("plain http", "http://127.0.0.1:1", "ca", null, "EnclaveClient:Endpoint")]
    [InlineData("nothing to check the certificate with", "https://127.0.0.1:1", null, null, "EnclaveClient:CaCertificatePath or EnclaveClient:PinnedSha256")]
    [InlineData("missing CA file", "https://127.0.0.1:1", "/nonexistent/ca.pem", null, "EnclaveClient:CaCertificatePath")]
    [InlineData("short pin", "https://127.0.0.1:1", null, "abcd", "EnclaveClient:PinnedSha256")]
    public void Constructor_ThrowsNamingTheSetting_WhenAnOptionIsWrong(string why, string? endpoint, string? ca, string? pin, string setting)
    {
        var options = new EnclaveClientOptions
        {
            Endpoint = endpoint is null ? null : new Uri(endpoint),
            CaCertificatePath = ca == "ca" ? world.HostCaPath : ca,
            PinnedSha256 = pin,
        };

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new EnclaveClient(options));

        Assert.Contains(e.Failures, f => f.StartsWith(setting + ":", StringComparison.Ordinal));
        Assert.NotNull(why);
    }
}
