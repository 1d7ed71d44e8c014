using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Oracle.Sources;
using Quartz;

namespace Oracle.Relayer.Options;

/// <summary>
/// Checks every relayer setting at start and reports all failures at once, each naming the
/// setting as it is written in configuration (e.g. <c>Relayer:Feeds:0:Schedule</c>).
/// </summary>
public sealed partial class RelayerOptionsValidator : IValidateOptions<RelayerOptions>
{
    private readonly SourceCatalog catalog;

    /// <summary>Creates the validator over the source catalog that feeds name adapters from.</summary>
    public RelayerOptionsValidator(SourceCatalog catalog) => this.catalog = catalog;

    /// <summary>
    /// Whether every chain must name the account that pays for submissions (<c>PrivateKey</c> or
    /// <c>PrivateKeyFile</c>). True for the relayer; the proof node only reads chains, so it may leave both
    /// out (a key that is given is still checked).
    /// </summary>
    public bool RequirePayingKey { get; init; } = true;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RelayerOptions options)
    {
        var failures = new List<string>();
        void Fail(string key, string message) => failures.Add($"{RelayerOptions.Section}:{key}: {message}");

        if (options.Chains.Count == 0) Fail("Chains", "no chain configured; add at least one target chain");
        var chainNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Chains.Count; i++)
        {
            var c = options.Chains[i];
            string k = $"Chains:{i}";
            if (string.IsNullOrWhiteSpace(c.Name)) Fail($"{k}:Name", "missing");
            else if (!chainNames.Add(c.Name)) Fail($"{k}:Name", $"'{c.Name}' is used by two chains");
            if (c.Kind != "evm") Fail($"{k}:Kind", $"'{c.Kind}' is not supported (supported: evm)");
            if (!Uri.TryCreate(c.RpcUrl, UriKind.Absolute, out var rpc) || (rpc.Scheme != "http" && rpc.Scheme != "https"))
                Fail($"{k}:RpcUrl", $"'{c.RpcUrl}' is not an http(s) URL");
            if (c.ChainId == 0) Fail($"{k}:ChainId", "missing or 0");
            bool hasKey = !string.IsNullOrWhiteSpace(c.PrivateKey), hasFile = !string.IsNullOrWhiteSpace(c.PrivateKeyFile);
            if (hasKey && hasFile) Fail($"{k}:PrivateKey", "set exactly one of PrivateKey and PrivateKeyFile");
            else if (!hasKey && !hasFile && RequirePayingKey) Fail($"{k}:PrivateKey", "set exactly one of PrivateKey and PrivateKeyFile");
            else if (hasKey && !IsHex32(c.PrivateKey!)) Fail($"{k}:PrivateKey", "not a 32-byte hex key");
            else if (hasFile && !File.Exists(c.PrivateKeyFile)) Fail($"{k}:PrivateKeyFile", $"file not found: {c.PrivateKeyFile}");
            else if (hasFile && !IsHex32(File.ReadAllText(c.PrivateKeyFile!).Trim())) Fail($"{k}:PrivateKeyFile", $"{c.PrivateKeyFile} does not hold a 32-byte hex key");
            if (c.Confirmations is < 0 or > 64) Fail($"{k}:Confirmations", $"{c.Confirmations} is outside 0..64");
            if (c.StuckAfter <= TimeSpan.Zero) Fail($"{k}:StuckAfter", "must be positive");
            if (c.MaxReplacements is < 0 or > 20) Fail($"{k}:MaxReplacements", $"{c.MaxReplacements} is outside 0..20");
            if (c.ReceiptTimeout <= TimeSpan.Zero) Fail($"{k}:ReceiptTimeout", "must be positive");
            if (c.PollInterval <= TimeSpan.Zero) Fail($"{k}:PollInterval", "must be positive");
            if (c.RpcTimeout <= TimeSpan.Zero) Fail($"{k}:RpcTimeout", "must be positive");
        }

        if (options.Feeds.Count == 0 && options.Requests.Count == 0) Fail("Feeds", "no feed and no request contract configured (Relayer:Feeds, Relayer:Requests)");
        var feedNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Feeds.Count; i++)
        {
            var f = options.Feeds[i];
            string k = $"Feeds:{i}";
            if (string.IsNullOrWhiteSpace(f.Name)) Fail($"{k}:Name", "missing");
            else if (!feedNames.Add(f.Name)) Fail($"{k}:Name", $"'{f.Name}' is used by two feeds");
            if (string.IsNullOrWhiteSpace(f.Schedule)) Fail($"{k}:Schedule", "missing (a Quartz cron expression with seconds, e.g. \"0/10 * * * * ?\")");
            else if (!CronExpression.TryParse(f.Schedule, out _)) Fail($"{k}:Schedule", $"'{f.Schedule}' is not a valid Quartz cron expression (with seconds, e.g. \"0/10 * * * * ?\")");
            if (f.Decimals is < 0 or > 36) Fail($"{k}:Decimals", $"{f.Decimals} is outside 0..36");
            if (f.Sources.Count == 0) Fail($"{k}:Sources", "no source");
            if (f.Sources.Count > 16) Fail($"{k}:Sources", $"{f.Sources.Count} sources; the enclave takes at most 16");
            for (int j = 0; j < f.Sources.Count; j++)
            {
                var s = f.Sources[j];
                try
                {
                    catalog.Get(s.Adapter).BuildSource(s.Params, null);
                }
                catch (SourceException e)
                {
                    Fail($"{k}:Sources:{j}", e.Message);
                }
                if (s.PortOverride is < 1 or > 65535) Fail($"{k}:Sources:{j}:PortOverride", $"{s.PortOverride} is not a TCP port");
                if (s.HostOverride is not null && Uri.CheckHostName(s.HostOverride) == UriHostNameType.Unknown)
                    Fail($"{k}:Sources:{j}:HostOverride", $"'{s.HostOverride}' is not a host name");
            }
            if (f.MinSources < 1 || f.MinSources > Math.Max(1, f.Sources.Count))
                Fail($"{k}:MinSources", $"{f.MinSources} is outside 1..{Math.Max(1, f.Sources.Count)} (the number of sources)");
            if (f.MaxDeviationBps is < 0 or > 10000) Fail($"{k}:MaxDeviationBps", $"{f.MaxDeviationBps} is outside 0..10000");
            if (f.Targets.Count == 0) Fail($"{k}:Targets", "no target chain");
            if (f.Targets.Count > 8) Fail($"{k}:Targets", $"{f.Targets.Count} targets; the enclave signs for at most 8");
            for (int j = 0; j < f.Targets.Count; j++)
            {
                var t = f.Targets[j];
                if (!chainNames.Contains(t.Chain)) Fail($"{k}:Targets:{j}:Chain", $"'{t.Chain}' names no chain in {RelayerOptions.Section}:Chains");
                if (!AddressRegex().IsMatch(t.Contract)) Fail($"{k}:Targets:{j}:Contract", $"'{t.Contract}' is not a 0x-prefixed 20-byte address");
            }
            if (f.MaxAttempts is < 1 or > 100) Fail($"{k}:MaxAttempts", $"{f.MaxAttempts} is outside 1..100");
            if (f.RetryDelay < TimeSpan.Zero) Fail($"{k}:RetryDelay", "must not be negative");
            if (f.Quorum is < 1 or > 16) Fail($"{k}:Quorum", $"{f.Quorum} is outside 1..16");
            else if (f.Quorum > 1 && f.Peers.Count < f.Quorum - 1)
                Fail($"{k}:Peers", $"quorum {f.Quorum} needs at least {f.Quorum - 1} peer enclave host(s), {f.Peers.Count} configured");
            ValidatePeers(f.Peers, $"{k}:Peers", Fail);
        }
        var databases = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Requests.Count; i++)
        {
            var r = options.Requests[i];
            string k = $"Requests:{i}";
            if (!chainNames.Contains(r.Chain)) Fail($"{k}:Chain", $"'{r.Chain}' names no chain in {RelayerOptions.Section}:Chains");
            if (!AddressRegex().IsMatch(r.Contract)) Fail($"{k}:Contract", $"'{r.Contract}' is not a 0x-prefixed 20-byte address");
            if (!AddressRegex().IsMatch(r.Validator)) Fail($"{k}:Validator", $"'{r.Validator}' is not a 0x-prefixed 20-byte address");
            if (r.Confirmations is < 0 or > 64) Fail($"{k}:Confirmations", $"{r.Confirmations} is outside 0..64");
            if (r.PollInterval <= TimeSpan.Zero) Fail($"{k}:PollInterval", "must be positive");
            if (r.MaxBlockRange is < 1 or > 10000) Fail($"{k}:MaxBlockRange", $"{r.MaxBlockRange} is outside 1..10000");
            if (string.IsNullOrWhiteSpace(r.Database)) Fail($"{k}:Database", "missing (a SQLite file path)");
            else if (!databases.Add(Path.GetFullPath(r.Database) + "|" + r.Contract.ToLowerInvariant())) Fail($"{k}:Database", "two request watches of the same contract share one database");
            for (int j = 0; j < r.JobFiles.Count; j++)
                if (!File.Exists(r.JobFiles[j])) Fail($"{k}:JobFiles:{j}", $"file not found: {r.JobFiles[j]}");
            ValidatePeers(r.Peers, $"{k}:Peers", Fail);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePeers(List<PeerOptions> peers, string key, Action<string, string> fail)
    {
        for (int j = 0; j < peers.Count; j++)
        {
            var peer = peers[j];
            if (!AddressRegex().IsMatch(peer.Validator)) fail($"{key}:{j}:Validator", $"'{peer.Validator}' is not a 0x-prefixed 20-byte address");
            if (peer.Endpoint is null || peer.Endpoint.Scheme != "https") fail($"{key}:{j}:Endpoint", "missing or not an https URL");
            if (string.IsNullOrWhiteSpace(peer.CaCertificatePath) && string.IsNullOrWhiteSpace(peer.PinnedSha256))
                fail($"{key}:{j}", "set CaCertificatePath or PinnedSha256 (the host's certificate is always checked)");
        }
    }

    private static bool IsHex32(string s)
    {
        var h = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? s[2..] : s;
        return h.Length == 64 && h.All(Uri.IsHexDigit) && h.Any(ch => ch != '0');
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressRegex();
}
