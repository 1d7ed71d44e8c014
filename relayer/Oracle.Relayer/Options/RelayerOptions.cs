namespace Oracle.Relayer.Options;

/// <summary>
/// The relayer's settings, bound from the <c>Relayer</c> section of <c>appsettings.json</c>
/// and validated at start by <see cref="RelayerOptionsValidator"/>.
/// </summary>
public sealed class RelayerOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Relayer";

    /// <summary>Target chains, by name.</summary>
    public List<ChainOptions> Chains { get; set; } = [];

    /// <summary>Scheduled feeds.</summary>
    public List<FeedOptions> Feeds { get; set; } = [];

    /// <summary>On-demand request contracts this relayer answers (OracleRequests, DESIGN.md section 6).</summary>
    public List<RequestWatchOptions> Requests { get; set; } = [];
}

/// <summary>
/// One OracleRequests contract on one chain, answered for one validator: the relayer watches its
/// OracleRequested events and fulfils the attempts that elect <see cref="Validator"/>.
/// </summary>
public sealed class RequestWatchOptions
{
    /// <summary>Name of a chain in <see cref="RelayerOptions.Chains"/>.</summary>
    public string Chain { get; set; } = "";

    /// <summary>Address of the OracleRequests contract (reports are signed for it).</summary>
    public string Contract { get; set; } = "";

    /// <summary>The validator this relayer acts for (its registry address); its enclave is <c>EnclaveClient</c>.</summary>
    public string Validator { get; set; } = "";

    /// <summary>Blocks on top of a request's block before it is acted on (a reorg deeper than this is still
    /// handled: the request is forgotten and nothing is submitted for it).</summary>
    public int Confirmations { get; set; }

    /// <summary>How often the chain is polled for new blocks.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most blocks read per poll (eth_getLogs range).</summary>
    public int MaxBlockRange { get; set; } = 500;

    /// <summary>First block to scan on the very first start (later starts resume from the stored cursor).</summary>
    public ulong StartBlock { get; set; }

    /// <summary>SQLite file of the cursor, the recent block hashes and the requests seen (created if missing).</summary>
    public string Database { get; set; } = "relayer-requests.db";

    /// <summary>Files of job specs (canonical JSON) that requests may name by hash instead of inline.</summary>
    public List<string> JobFiles { get; set; } = [];

    /// <summary>Other validators' enclave hosts, asked to endorse this relayer's reports in quorum mode.</summary>
    public List<PeerOptions> Peers { get; set; } = [];
}

/// <summary>Another validator's enclave host (quorum mode).</summary>
public sealed class PeerOptions
{
    /// <summary>The validator's registry address.</summary>
    public string Validator { get; set; } = "";

    /// <summary>Its enclave host, https://host:port.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>PEM of the CA that issued the host's certificate.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>SHA-256 of the host certificate (alternative or addition to the CA).</summary>
    public string? PinnedSha256 { get; set; }
}

/// <summary>One target chain. Only <c>Kind = "evm"</c> exists so far.</summary>
public sealed class ChainOptions
{
    /// <summary>Name that feeds use in their targets.</summary>
    public string Name { get; set; } = "";

    /// <summary>Chain kind: "evm".</summary>
    public string Kind { get; set; } = "evm";

    /// <summary>JSON-RPC endpoint (http or https).</summary>
    public string RpcUrl { get; set; } = "";

    /// <summary>The chain id the endpoint must report; checked before the first submission.</summary>
    public ulong ChainId { get; set; }

    /// <summary>Hex private key of the account that pays for submissions. Prefer <see cref="PrivateKeyFile"/>.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>File holding the hex private key of the paying account.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>Blocks on top of the inclusion block before a submission counts as done.</summary>
    public int Confirmations { get; set; } = 1;

    /// <summary>A transaction not mined after this long is replaced with higher fees.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a stuck transaction is replaced before the round gives up.</summary>
    public int MaxReplacements { get; set; } = 3;

    /// <summary>How long to wait for a receipt (and its confirmations) in all.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Receipt polling interval.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Timeout of one JSON-RPC call.</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>One scheduled feed: what the enclave fetches, when, and where the result goes.</summary>
public sealed class FeedOptions
{
    /// <summary>Display name, e.g. "BTC/USD".</summary>
    public string Name { get; set; } = "";

    /// <summary>Quartz cron expression (with seconds), e.g. "0/10 * * * * ?".</summary>
    public string Schedule { get; set; } = "";

    /// <summary>Decimals of the on-chain answer.</summary>
    public int Decimals { get; set; } = 8;

    /// <summary>Sources by catalog adapter name and parameters.</summary>
    public List<FeedSourceOptions> Sources { get; set; } = [];

    /// <summary>Sources that must succeed.</summary>
    public int MinSources { get; set; } = 1;

    /// <summary>Largest allowed distance of a source from the median, in basis points (0: no check).</summary>
    public int MaxDeviationBps { get; set; }

    /// <summary>Where each round's report goes.</summary>
    public List<FeedTargetOptions> Targets { get; set; } = [];

    /// <summary>Attempts of one round (execute and submit) before it is logged as failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Pause between attempts of one round.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Distinct enclaves that sign each answer (quorum mode; the targets must be OracleQuorumFeed
    /// contracts with the same quorum). 1: this relayer's enclave alone.</summary>
    public int Quorum { get; set; } = 1;

    /// <summary>Other validators' enclave hosts, asked in this order to endorse each round's report (quorum mode).</summary>
    public List<PeerOptions> Peers { get; set; } = [];
}

/// <summary>One source of a feed.</summary>
public sealed class FeedSourceOptions
{
    /// <summary>Catalog adapter name (coinbase, kraken, binance, bitstamp, coingecko).</summary>
    public string Adapter { get; set; } = "";

    /// <summary>The adapter's parameters.</summary>
    public Dictionary<string, string> Params { get; set; } = [];

    /// <summary>Devnet and tests only: replace the template's host.</summary>
    public string? HostOverride { get; set; }

    /// <summary>Devnet and tests only: replace the template's port.</summary>
    public int? PortOverride { get; set; }
}

/// <summary>A feed contract on a chain.</summary>
public sealed class FeedTargetOptions
{
    /// <summary>Name of a chain in <see cref="RelayerOptions.Chains"/>.</summary>
    public string Chain { get; set; } = "";

    /// <summary>Address of the feed contract.</summary>
    public string Contract { get; set; } = "";
}
