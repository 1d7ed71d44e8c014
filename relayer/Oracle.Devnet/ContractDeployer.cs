using System.Text.Json;
using Oracle.Evm;

namespace Oracle.Devnet;

/// <summary>A compiled contract from <c>build/contracts</c> (written by contracts/build.mjs).</summary>
public sealed record ContractArtifact(string Name, byte[] Bytecode, string ConstructorTypes)
{
    /// <summary>Where the artifact of <paramref name="name"/> lives.</summary>
    public static string PathOf(RepoPaths paths, string name) => Path.Combine(paths.ContractsBuild, name + ".json");

    /// <summary>Loads an artifact; the constructor's parameter types come from its ABI.</summary>
    /// <exception cref="FileNotFoundException">Not built.</exception>
    public static ContractArtifact Load(RepoPaths paths, string name)
    {
        string path = PathOf(paths, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} not found: run node contracts/build.mjs (./oracle devnet does)");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        string types = "";
        foreach (var item in root.GetProperty("abi").EnumerateArray())
            if (item.GetProperty("type").GetString() == "constructor")
                types = string.Join(",", item.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        return new ContractArtifact(name, Hex.Decode(root.GetProperty("bytecode").GetString()!), types);
    }
}

/// <summary>Deploys and calls contracts from one account (devnet set-up, tests, benchmarks).</summary>
public sealed class ContractDeployer
{
    private readonly EthJsonRpcClient rpc;
    private readonly EthKey from;
    private readonly RepoPaths paths;
    private readonly TransactionSender sender;

    /// <summary>Creates a deployer sending from <paramref name="from"/>.</summary>
    public ContractDeployer(EthJsonRpcClient rpc, EthKey from, RepoPaths paths)
    {
        this.rpc = rpc;
        this.from = from;
        this.paths = paths;
        sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
    }

    /// <summary>The transaction options used: no confirmations beyond inclusion, generous timeouts.</summary>
    public TransactionOptions TxOptions { get; init; } = new()
    {
        Confirmations = 0,
        StuckAfter = TimeSpan.FromSeconds(30),
        MaxReplacements = 2,
        PollInterval = TimeSpan.FromMilliseconds(100),
        ReceiptTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Deploys the contract <paramref name="name"/> with constructor arguments.</summary>
    /// <returns>The new contract's address.</returns>
    public async Task<EthAddress> DeployAsync(string name, object[] ctorArgs, CancellationToken ct)
    {
        var art = ContractArtifact.Load(paths, name);
        byte[] data = ctorArgs.Length == 0 ? art.Bytecode : [.. art.Bytecode, .. Abi.Encode($"({art.ConstructorTypes})", ctorArgs)];
        var outcome = await sender.SendAsync(from, null, data, null, TxOptions, ct);
        return outcome.Receipt.ContractAddress ?? throw new InvalidOperationException($"deploying {name}: the receipt names no contract address");
    }

    /// <summary>Sends a call of <paramref name="signature"/> (e.g. <c>setValidator(address,uint64)</c>) and waits for its receipt.</summary>
    public async Task<TxOutcome> CallAsync(EthAddress to, string signature, object[] args, CancellationToken ct) =>
        await sender.SendAsync(from, to, Abi.EncodeCall(signature, args), null, TxOptions, ct);
}
