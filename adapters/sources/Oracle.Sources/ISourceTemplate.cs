using System.Text.Json.Nodes;

namespace Oracle.Sources;

/// <summary>A public API whose price the enclave can fetch: turns parameters into an enclave source object.</summary>
public interface ISourceTemplate
{
    /// <summary>The adapter name used in <see cref="SourceRequest.Adapter"/> (e.g. <c>coinbase</c>).</summary>
    string Name { get; }

    /// <summary>One line: the API and the value it yields.</summary>
    string Description { get; }

    /// <summary>The host name of the real API (what a certificate must name).</summary>
    string Host { get; }

    /// <summary>The parameters the template takes.</summary>
    IReadOnlyList<ParamSpec> Params { get; }

    /// <summary>Builds the enclave's source object <c>{"url", "method"?, "headers"?, "pointer"}</c>.</summary>
    /// <param name="p">The parameters; every one is checked against <see cref="Params"/>.</param>
    /// <param name="ov">Optional host/port replacement (devnet).</param>
    /// <returns>A new object, properties in the enclave README's order.</returns>
    /// <exception cref="SourceException">A parameter is missing, unknown or invalid, or the override is unusable;
    /// the message names the adapter and the parameter.</exception>
    JsonObject BuildSource(IReadOnlyDictionary<string, string> p, SourceEndpointOverride? ov);
}
