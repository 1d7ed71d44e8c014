using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Oracle.Enclave.Client;
using Oracle.Relayer.Chains;
using Oracle.Relayer.Feeds;

namespace Oracle.Relayer;

/// <summary>
/// At start, says what the relayer will do and checks that the enclave host and every chain answer.
/// A failing check is logged with what failed; the relayer keeps running (rounds retry on their schedule).
/// </summary>
public sealed class RelayerStartupCheck : IHostedService
{
    private readonly IEnclaveClient enclave;
    private readonly ChainRegistry chains;
    private readonly FeedCatalog feeds;
    private readonly ILogger<RelayerStartupCheck> log;

    /// <summary>Creates the check.</summary>
    public RelayerStartupCheck(IEnclaveClient enclave, ChainRegistry chains, FeedCatalog feeds, ILogger<RelayerStartupCheck> log)
    {
        this.enclave = enclave;
        this.chains = chains;
        this.feeds = feeds;
        this.log = log;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var f in feeds.All)
            log.LogInformation("feed {Feed}: schedule '{Schedule}', feed id {FeedId}, {Sources} source(s), targets {Targets}",
                f.Name, f.Schedule, Evm.Hex.Encode(f.FeedId), f.Job["sources"]!.AsArray().Count,
                string.Join(", ", f.Targets.Select(t => $"{t.Chain.Name}:{t.Contract}")));
        try
        {
            var id = await enclave.IdentityAsync(default, ct);
            log.LogInformation("enclave host answers: signer {Signer}, backend {Backend}{Sim}", id.Signer, id.Backend,
                id.Simulated ? " [SIMULATED: protects nothing]" : "");
        }
        catch (EnclaveClientException e)
        {
            log.LogError("enclave host: {Error}; rounds will fail until it answers", e.Message);
        }
        foreach (var c in chains.All)
        {
            try
            {
                await c.VerifyAsync(ct);
                log.LogInformation("chain {Chain}: answers with chain id {ChainId}", c.Name, c.ChainId);
            }
            catch (RelayerException e)
            {
                log.LogError("chain {Chain}: {Error}; submissions to it will fail until it answers", c.Name, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
