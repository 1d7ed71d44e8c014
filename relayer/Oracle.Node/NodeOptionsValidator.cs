using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Oracle.Relayer.Options;

namespace Oracle.Node;

/// <summary>Checks the <c>Node</c> section against the relayer options it sits beside, reporting every failure with its key.</summary>
public sealed partial class NodeOptionsValidator(RelayerOptions relayer) : IValidateOptions<NodeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var failures = new List<string>();
        void Fail(string key, string message) => failures.Add($"{NodeOptions.Section}:{key}: {message}");

        var l = options.Listen;
        if (!IPAddress.TryParse(l.Address, out _)) Fail("Listen:Address", $"'{l.Address}' is not an IP address");
        if (l.Port is < 0 or > 65535) Fail("Listen:Port", $"{l.Port} is not a TCP port (0: any free port)");
        if (l.GrpcPort is < 0 or > 65535) Fail("Listen:GrpcPort", $"{l.GrpcPort} is not a TCP port (0: any free port)");
        if (l.Port != 0 && l.Port == l.GrpcPort) Fail("Listen:GrpcPort", $"{l.GrpcPort} is also Listen:Port; the JSON API (HTTP/1.1) and gRPC (h2c) need a port each");
        if (options.DefaultMaxAge < TimeSpan.Zero) Fail("DefaultMaxAge", "must not be negative");

        var chains = relayer.Chains.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Registries.Count; i++)
        {
            var r = options.Registries[i];
            if (!chains.Contains(r.Chain)) Fail($"Registries:{i}:Chain", $"'{r.Chain}' names no chain in Relayer:Chains");
            else if (!seen.Add(r.Chain)) Fail($"Registries:{i}:Chain", $"'{r.Chain}' has two registries");
            if (!AddressRegex().IsMatch(r.Address)) Fail($"Registries:{i}:Address", $"'{r.Address}' is not a 0x-prefixed 20-byte address");
        }
        var ids = new Dictionary<ulong, string>();
        for (int i = 0; i < relayer.Chains.Count; i++)
            if (!ids.TryAdd(relayer.Chains[i].ChainId, relayer.Chains[i].Name) && relayer.Chains[i].ChainId != 0)
                failures.Add($"{RelayerOptions.Section}:Chains:{i}:ChainId: {relayer.Chains[i].ChainId} is also chain '{ids[relayer.Chains[i].ChainId]}''s; the node finds a chain by its id");

        var m = options.Limits;
        if (m.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024) Fail("Limits:MaxRequestBodyBytes", $"{m.MaxRequestBodyBytes} is outside 1024..16777216");
        if (m.MaxConcurrentRequests is < 1 or > 4096) Fail("Limits:MaxConcurrentRequests", $"{m.MaxConcurrentRequests} is outside 1..4096");
        if (m.QueueLength is < 0 or > 100_000) Fail("Limits:QueueLength", $"{m.QueueLength} is outside 0..100000");
        if (m.ProofTimeout <= TimeSpan.Zero) Fail("Limits:ProofTimeout", "must be positive");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex AddressRegex();
}
