namespace Oracle.Sources;

/// <summary>One source of a feed: a template name and its parameters, e.g. <c>coinbase {base: BTC, quote: USD}</c>.</summary>
/// <param name="Adapter">A template name known to the <see cref="SourceCatalog"/>.</param>
/// <param name="Params">The template's parameters by name (see <see cref="ISourceTemplate.Params"/>).</param>
public sealed record SourceRequest(string Adapter, IReadOnlyDictionary<string, string> Params)
{
    /// <summary>Convenience constructor from name/value pairs.</summary>
    public static SourceRequest Of(string adapter, params (string Name, string Value)[] parameters) =>
        new(adapter, parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));
}
