namespace Oracle.Node;

/// <summary>
/// The proof node's own settings, section <c>Node</c> of the relayer's configuration file (the node also reads
/// <c>EnclaveClient</c>, <c>Relayer:Chains</c> and <c>Relayer:Feeds</c>). Checked at start by <see cref="NodeOptionsValidator"/>.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Node";

    /// <summary>Where the node listens.</summary>
    public NodeListenOptions Listen { get; set; } = new();

    /// <summary>The maxAge a verification uses when the request names none.</summary>
    public TimeSpan DefaultMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The registry each chain's consumers trust, used by verification when the request names none.</summary>
    public List<NodeRegistryOptions> Registries { get; set; } = [];

    /// <summary>Bounds on what one client may ask of the node.</summary>
    public NodeLimitOptions Limits { get; set; } = new();
}

/// <summary>The node's two listeners: HTTP/1.1 for the JSON API, cleartext HTTP/2 (h2c) for gRPC.</summary>
/// <remarks>Kestrel cannot serve HTTP/1.1 and HTTP/2 on one cleartext port (without TLS there is no ALPN to choose
/// by), hence two ports. The node has no authentication: keep it on loopback or behind a proxy.</remarks>
public sealed class NodeListenOptions
{
    /// <summary>IP address of both listeners.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Port of the HTTP/1.1 JSON API (0: any free port).</summary>
    public int Port { get; set; } = 7380;

    /// <summary>Port of the gRPC service, h2c (0: any free port).</summary>
    public int GrpcPort { get; set; } = 7381;
}

/// <summary>The registry consumers on one chain trust.</summary>
public sealed class NodeRegistryOptions
{
    /// <summary>Name of a chain in <c>Relayer:Chains</c>.</summary>
    public string Chain { get; set; } = "";

    /// <summary>The registry's address (OracleRegistry, or OracleHub, which contains one).</summary>
    public string Address { get; set; } = "";
}

/// <summary>Request limits.</summary>
public sealed class NodeLimitOptions
{
    /// <summary>Largest request body (a verify request, a gRPC message); larger ones get 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests served at once; more wait in the queue.</summary>
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>Requests that may wait for a slot; beyond it, 429.</summary>
    public int QueueLength { get; set; } = 32;

    /// <summary>How long one proof may take (chain read, enclave job, local check); beyond it, 504.</summary>
    public TimeSpan ProofTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
