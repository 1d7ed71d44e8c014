using System.Text.Json.Nodes;
using Oracle.Sources.Templates;

namespace Oracle.Sources;

/// <summary>The set of source templates, by adapter name.</summary>
public sealed class SourceCatalog
{
    private readonly Dictionary<string, ISourceTemplate> _templates = new(StringComparer.Ordinal);

    /// <summary>Creates a catalog of the given templates.</summary>
    /// <exception cref="ArgumentException">Two templates share a name.</exception>
    public SourceCatalog(IEnumerable<ISourceTemplate> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var t in templates)
        {
            if (!_templates.TryAdd(t.Name, t)) throw new ArgumentException($"duplicate template name \"{t.Name}\"", nameof(templates));
        }
    }

    /// <summary>A catalog of the built-in templates: coinbase, kraken, binance, bitstamp, coingecko.</summary>
    public static SourceCatalog CreateDefault() =>
        new([new CoinbaseTemplate(), new KrakenTemplate(), new BinanceTemplate(), new BitstampTemplate(), new CoinGeckoTemplate()]);

    /// <summary>The templates, ordered by name.</summary>
    public IReadOnlyList<ISourceTemplate> Templates => _templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>The template called <paramref name="name"/>.</summary>
    /// <exception cref="SourceException"><see cref="SourceErrorCode.UnknownAdapter"/>: no such template (the message lists the known ones).</exception>
    public ISourceTemplate Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_templates.TryGetValue(name, out var t)) return t;
        throw new SourceException(SourceErrorCode.UnknownAdapter,
            $"unknown adapter \"{name}\" (known: {string.Join(", ", Templates.Select(x => x.Name))})", name);
    }

    /// <summary>Builds the enclave source object for one request.</summary>
    /// <exception cref="SourceException">Unknown adapter, or a missing/invalid parameter or override.</exception>
    public JsonObject BuildSource(SourceRequest request, SourceEndpointOverride? ov = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Get(request.Adapter).BuildSource(request.Params, ov);
    }
}
