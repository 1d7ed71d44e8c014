using System.Security.Cryptography.X509Certificates;
using Oracle.Sources;
using Oracle.Sources.DevExchange;

namespace Oracle.Devnet;

/// <summary>Where one local exchange listens (always 127.0.0.1).</summary>
public sealed record ExchangeEndpoint(string Adapter, string Host, int Port);

/// <summary>Starts the devnet's local HTTPS exchanges.</summary>
public static class DevExchanges
{
    /// <summary>
    /// Starts one exchange per adapter on a free loopback port, each with a certificate issued by
    /// <paramref name="ca"/> for the real API's host name.
    /// </summary>
    public static async Task<IReadOnlyList<DevExchangeServer>> StartAsync(X509Certificate2 ca, SourceCatalog catalog, IEnumerable<string> adapters, CancellationToken ct)
    {
        var started = new List<DevExchangeServer>();
        try
        {
            foreach (var a in adapters)
            {
                var ex = new DevExchangeServer(a, DevCertificates.IssueLeaf(ca, catalog.Get(a).Host), 0);
                started.Add(ex);
                await ex.StartAsync(ct);
            }
            return started;
        }
        catch
        {
            foreach (var ex in started) await ex.DisposeAsync();
            throw;
        }
    }
}
