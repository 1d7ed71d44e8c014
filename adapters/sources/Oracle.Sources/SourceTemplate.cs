using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Oracle.Sources;

/// <summary>The shared part of the templates: parameter checking, URL assembly with an override, the
/// source object's layout. A template supplies its host, parameters and <see cref="Build"/>.</summary>
public abstract partial class SourceTemplate : ISourceTemplate
{
    /// <summary>Headers every template sends: some API front ends refuse requests without a User-Agent, and the
    /// enclave sends none of its own. They are part of the job, hence of the feed id.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> CommonHeaders =
    [
        new("Accept", "application/json"),
        new("User-Agent", "AttestedOracle/1"),
    ];

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public abstract string Host { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<ParamSpec> Params { get; }

    /// <summary>What <see cref="Build"/> returns: the path and query (already encoded), the pointer, and extra headers.</summary>
    protected sealed record Endpoint(string PathAndQuery, string Pointer, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

    /// <summary>Builds the endpoint from parameters that <see cref="BuildSource"/> has already validated.</summary>
    /// <param name="p">Valid parameters; optional ones may be absent.</param>
    protected abstract Endpoint Build(IReadOnlyDictionary<string, string> p);

    /// <inheritdoc />
    public JsonObject BuildSource(IReadOnlyDictionary<string, string> p, SourceEndpointOverride? ov)
    {
        ArgumentNullException.ThrowIfNull(p);
        Validate(p);
        var endpoint = Build(p);
        var host = Host;
        var port = "";
        if (ov is not null)
        {
            if (ov.Host is not null)
            {
                if (!IsDnsName(ov.Host))
                    throw new SourceException(SourceErrorCode.InvalidOverride,
                        $"{Name}: override host \"{ov.Host}\" is not a DNS name (IP literals cannot be checked against certificates)", Name, "host");
                host = ov.Host.ToLowerInvariant();
            }
            if (ov.Port is { } n)
            {
                if (n is < 1 or > 65535)
                    throw new SourceException(SourceErrorCode.InvalidOverride, $"{Name}: override port {n} must be 1 to 65535", Name, "port");
                if (n != 443) port = ":" + n.ToString(CultureInfo.InvariantCulture);
            }
        }
        var source = new JsonObject { ["url"] = $"https://{host}{port}{endpoint.PathAndQuery}" };
        var headers = new JsonObject();
        foreach (var (k, v) in CommonHeaders) headers[k] = v;
        foreach (var (k, v) in endpoint.Headers ?? []) headers[k] = v;
        source["headers"] = headers;
        source["pointer"] = endpoint.Pointer;
        return source;
    }

    /// <summary>Percent-encodes a validated value for a path segment or query value (a no-op for the charsets the
    /// templates admit; kept so a looser pattern can never inject).</summary>
    protected static string Enc(string value) => Uri.EscapeDataString(value);

    /// <summary>Escapes one RFC 6901 reference token.</summary>
    protected static string Tok(string value) => JsonPointer.EscapeToken(value);

    private void Validate(IReadOnlyDictionary<string, string> p)
    {
        foreach (var key in p.Keys)
        {
            if (!Params.Any(s => s.Name == key))
                throw new SourceException(SourceErrorCode.UnknownParam,
                    $"{Name}: unknown param \"{key}\" (known: {string.Join(", ", Params.Select(s => s.Name))})", Name, key);
        }
        foreach (var spec in Params)
        {
            if (!p.TryGetValue(spec.Name, out var value) || string.IsNullOrEmpty(value))
            {
                if (spec.Required)
                    throw new SourceException(SourceErrorCode.MissingParam, $"{Name}: missing param \"{spec.Name}\" ({spec.Description})", Name, spec.Name);
                if (value is not null)
                    throw new SourceException(SourceErrorCode.InvalidParam, $"{Name}: param \"{spec.Name}\" is empty", Name, spec.Name);
                continue;
            }
            if (!spec.IsValid(value))
                throw new SourceException(SourceErrorCode.InvalidParam,
                    $"{Name}: param \"{spec.Name}\" must match {spec.Pattern}", Name, spec.Name);
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex DnsName();

    private static bool IsDnsName(string host) => DnsName().IsMatch(host);
}
