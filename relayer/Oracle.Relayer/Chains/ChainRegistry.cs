namespace Oracle.Relayer.Chains;

/// <summary>The configured chain endpoints, by name.</summary>
public sealed class ChainRegistry
{
    private readonly Dictionary<string, IChainEndpoint> chains;

    /// <summary>Creates the registry over the endpoints built at start.</summary>
    public ChainRegistry(IEnumerable<IChainEndpoint> endpoints) =>
        chains = endpoints.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>All endpoints.</summary>
    public IReadOnlyCollection<IChainEndpoint> All => chains.Values;

    /// <summary>The endpoint of this name.</summary>
    /// <exception cref="KeyNotFoundException">No chain has this name.</exception>
    public IChainEndpoint Get(string name) =>
        chains.TryGetValue(name, out var c) ? c : throw new KeyNotFoundException($"no chain named '{name}'");
}
