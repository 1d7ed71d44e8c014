using Microsoft.Extensions.Diagnostics.HealthChecks;
using Oracle.Enclave.Host.Native;

namespace Oracle.Enclave.Host;

/// <summary><c>/healthz</c>: healthy when an identity ECALL answers.</summary>
public sealed class EnclaveHealthCheck(NativeEnclave enclave) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            enclave.Identity(new byte[32]);
            return Task.FromResult(HealthCheckResult.Healthy($"signer {enclave.Signer}, backend {enclave.Backend}"));
        }
        catch (EnclaveException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message));
        }
    }
}
