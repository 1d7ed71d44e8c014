using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Oracle.Attestation;
using Oracle.Devnet;
using Oracle.Enclave.Client;
using Oracle.Evm;
using Oracle.Relayer;
using Oracle.Relayer.Attestation;

namespace Oracle.Cli;

/// <summary><c>oracle enclave register</c>: the registry gate, driven end to end against a devnet.</summary>
internal static class EnclaveCommand
{
    public const string Usage = """
          enclave register --work DIR [--validator ADDR] [--power N] [--if-due SECONDS] [--key FILE]
              register (or renew) the enclave in the devnet's registry through its attestation
              verifiers: each fetches the enclave's evidence over gRPC, verifies the DCAP quote
              (SIMULATED root on the devnet), the policy and the REPORTDATA key binding, and signs
              the entry; the registry accepts it with its threshold of signatures (2 of 3).
                --work DIR       the devnet's work folder (relayer.json, verifier-N.key)
                --validator ADDR the validator (default: the one holding the enclave's signer now)
                --power N        its voting power (default: its power now, or 1)
                --if-due S       only when the entry is missing or lapses within S seconds
                --key FILE       the account that sends the transaction (hex private key; default:
                                 the relayer's, from relayer.json; anyone may submit a signed entry)
              exit 0: registered (or not due); 1: refused (the reason is printed); 2: bad usage
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "register")
        {
            throw new UsageException("enclave: expected 'enclave register --work DIR ...'");
        }
        var a = new Args("enclave register", args.Skip(1).ToList(), new HashSet<string>(),
            new HashSet<string> { "--work", "--validator", "--power", "--if-due", "--key" });
        string work = a.Get("--work") ?? throw new UsageException("enclave register: --work DIR is required (the devnet's work folder)");
        string configPath = Path.Combine(work, "relayer.json");
        if (!File.Exists(configPath)) throw new UsageException($"enclave register: {configPath}: file not found (is --work a devnet work folder?)");
        var keys = Directory.GetFiles(work, "verifier-*.key").Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0) throw new UsageException($"enclave register: no verifier-N.key in {work}");
        int ifDue = a.GetInt("--if-due", -1, 0, int.MaxValue);

        var config = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath)).Build();
        string Setting(string key) => config[key] ?? throw new UsageException($"enclave register: {configPath} has no {key}");
        var rpcUrl = new Uri(Setting("Relayer:Chains:0:RpcUrl"));
        var chainId = BigInteger.Parse(Setting("Relayer:Chains:0:ChainId"), CultureInfo.InvariantCulture);
        var registry = EthAddress.Parse(Setting("Relayer:Feeds:0:Targets:0:Contract"));
        string submitterHex = a.Get("--key") is { } keyFile
            ? (File.Exists(keyFile) ? File.ReadAllText(keyFile).Trim() : throw new UsageException($"enclave register: --key {keyFile}: file not found"))
            : Setting("Relayer:Chains:0:PrivateKey");
        using var submitter = EthKey.FromPrivateKey(submitterHex);
        var paths = RepoPaths.Find();
        var verifiers = keys.Select(k => LocalDevnet.SimulationVerifier(paths, EthKey.FromPrivateKey(File.ReadAllText(k).Trim()), TimeSpan.FromDays(7))).ToList();

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Information));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var rpc = new EthJsonRpcClient(http, rpcUrl, new RevertDecoder(["NotEnoughSignatures(uint256,uint256)", "NotAVerifier(address)", "SignaturesNotSorted(address,address)", "StaleEntry(uint64,uint64)", "VerifiersNotConfigured()", "BadSignature(uint256)", "EntryFromTheFuture(uint64,uint256)"]));
        using var enclave = new EnclaveClient(new EnclaveClientOptions
        {
            Endpoint = new Uri(Setting("EnclaveClient:Endpoint")),
            CaCertificatePath = Setting("EnclaveClient:CaCertificatePath"),
        });
        try
        {
            var identity = await enclave.IdentityAsync();
            var signer = EthAddress.Parse(identity.Signer);
            var probe = new EnclaveRegistrar(verifiers, enclave, rpc, submitter, registry, chainId, EthAddress.Zero, 1, loggers.CreateLogger("enclave"));
            var (registered, _) = await probe.SignerStatusAsync(signer, CancellationToken.None);
            EthAddress validator;
            if (a.Get("--validator") is { } v)
            {
                validator = EthAddress.Parse(v);
            }
            else if (registered)
            {
                var data = await rpc.CallAsync(new CallRequest { To = registry, Data = Abi.EncodeCall("signerStatus(address)", signer) });
                validator = (EthAddress)Abi.Decode("bool,uint64,address", data)[2]!;
            }
            else
            {
                throw new UsageException($"enclave register: the enclave {signer} is not registered yet; name its validator with --validator ADDR");
            }
            ulong power = (ulong)a.GetInt("--power", (int)await PowerOfAsync(rpc, registry, validator), 1, int.MaxValue);
            var registrar = new EnclaveRegistrar(verifiers, enclave, rpc, submitter, registry, chainId, validator, power, loggers.CreateLogger("enclave"));
            var (gate, threshold) = await registrar.ReadGateAsync(CancellationToken.None);
            Console.WriteLine($"registry   {registry} on chain {chainId}: {gate.Count} verifiers, {threshold} must sign; {verifiers.Count} verifier key(s) in {work}");
            Console.WriteLine($"enclave    {identity.Signer} ({identity.Backend}{(identity.Simulated ? ", SIMULATED: protects nothing" : "")}) for validator {validator}, power {power}");
            var result = ifDue >= 0
                ? await registrar.RenewIfDueAsync(signer, TimeSpan.FromSeconds(ifDue), CancellationToken.None)
                : await registrar.RegisterAsync(CancellationToken.None);
            if (result is null)
            {
                Console.WriteLine($"result     not due: the entry lapses more than {ifDue} s from now");
                return 0;
            }
            foreach (var refusal in result.Refusals) Console.WriteLine($"refused    {refusal}");
            Console.WriteLine($"verified   by {string.Join(", ", result.Signatures.Select(s => s.Verifier))} (each checked the DCAP quote, policy and key binding itself)");
            Console.WriteLine($"result     REGISTERED in {result.TransactionHash}: signer {result.Entry.Signer}, TCB status {result.Entry.TcbStatus}{(result.Entry.TcbStatus == EnclaveEntry.SimulatedStatus ? " (simulated)" : "")}, " +
                              $"MRENCLAVE {Convert.ToHexStringLower(result.Entry.Measurement)}, expires at {DateTimeOffset.FromUnixTimeSeconds((long)result.Entry.ExpiresAt):yyyy-MM-ddTHH:mm:ssZ}");
            return 0;
        }
        catch (Exception e) when (e is AttestationException or RelayerException or EvmException or EnclaveClientException)
        {
            // A verifier or the registry refused (REFUSED), or the chain or enclave host failed (FAILED).
            string what = e is AttestationException or RelayerException ? "REFUSED" : "FAILED";
            Console.WriteLine($"result     {what}: {(e is EnclaveClientException ? "the enclave host: " : "")}{e.Message}");
            return 1;
        }
    }

    private static async Task<ulong> PowerOfAsync(EthJsonRpcClient rpc, EthAddress registry, EthAddress validator)
    {
        var count = (BigInteger)Abi.Decode("uint256", await rpc.CallAsync(new CallRequest { To = registry, Data = Abi.EncodeCall("validatorCount()") }))[0]!;
        for (var i = BigInteger.Zero; i < count; i++)
        {
            var row = Abi.Decode("address,uint64,address,bytes32,uint8,uint64", await rpc.CallAsync(new CallRequest { To = registry, Data = Abi.EncodeCall("validatorAt(uint256)", i) }));
            if ((EthAddress)row[0]! == validator) return (ulong)(BigInteger)row[1]!;
        }
        return 1;
    }
}
