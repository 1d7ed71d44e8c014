using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Evm;

namespace Oracle.Relayer.Attestation;

/// <summary>When the renewal service looks at the enclave's entry, and how early it renews.</summary>
public sealed class EnclaveRenewalOptions
{
    /// <summary>How often the entry's expiry is read (default 1 minute).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Renew when the entry lapses within this much chain time (default 1 day).</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(1);
}

/// <summary>
/// Keeps an enclave's registry entry alive: every <see cref="EnclaveRenewalOptions.CheckInterval"/>
/// it reads the entry's expiry and, within <see cref="EnclaveRenewalOptions.RenewBefore"/> of it,
/// has the verifiers verify fresh evidence and writes the renewed entry. A failed attempt is logged
/// and tried again at the next check; the entry's remaining lifetime is the margin.
/// </summary>
public sealed class EnclaveRenewalService(EnclaveRegistrar registrar, EthAddress enclaveSigner, EnclaveRenewalOptions options, ILogger<EnclaveRenewalService> log)
    : BackgroundService
{
    private int _renewals;
    private int _failures;

    /// <summary>How many renewals were written.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>How many checks failed (and were retried at the next).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The last renewal written, if any.</summary>
    public Registration? Last { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var renewed = await registrar.RenewIfDueAsync(enclaveSigner, options.RenewBefore, stoppingToken).ConfigureAwait(false);
                if (renewed is not null)
                {
                    Last = renewed;
                    Interlocked.Increment(ref _renewals);
                    log.LogInformation("enclave {Signer}: entry renewed until {Expires} ({Tx})", enclaveSigner, renewed.Entry.ExpiresAt, renewed.TransactionHash);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RelayerException or EvmException or Oracle.Attestation.AttestationException or Oracle.Enclave.Client.EnclaveClientException or HttpRequestException)
            {
                Interlocked.Increment(ref _failures);
                log.LogWarning("enclave {Signer}: renewal check failed, trying again in {Interval}: {Error}", enclaveSigner, options.CheckInterval, e.Message);
            }
            try
            {
                await Task.Delay(options.CheckInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
