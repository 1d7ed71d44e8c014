using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oracle.Evm;
using Oracle.Node;
using Oracle.Relayer.Proofs;

namespace Oracle.Cli;

/// <summary><c>oracle proof get|verify|submit</c>: pull proofs from a node, judged offline, sent to a consumer.</summary>
internal static class ProofCommand
{
    public const string Usage = """
          proof get --node URL --feed FEEDID --chain-id N --contract ADDR [--out FILE] [--format json|hex|bin] [--json]
              a fresh signed report from a node (GET /v1/proofs/FEEDID?chainId=N&contract=ADDR), signed for
              the consumer ADDR on chain N: prints value, observedAt, signer, whether the enclave is
              simulated and the sources; --out writes the node's JSON (or the proof as hex or raw bytes)
              to FILE; --json prints the node's JSON. exit 0: got one; 1: the node refused or failed
          proof verify FILE --rpc URL --registry ADDR --chain-id N --contract ADDR [--max-age S] [--feed FEEDID]
                       [--min-signers K] [--json]
              judges a proof as OracleProof.verify does in a transaction of ADDR, at the chain's latest
              block: shape, requestId 0, not an error report, freshness (observedAt + S >= chain time;
              default S 60), each signature under chain N's and ADDR's EIP-712 domain, signers ascending,
              each with a live entry in the registry (read over --rpc), then the feed id (--feed).
              FILE: the node's JSON, or the proof as hex or raw bytes. Offline but for the RPC reads.
              exit 0: valid; 1: refused (the check's code and reason are printed) or the chain failed
          proof submit FILE --rpc URL --contract ADDR --key FILE [--function SIG] [--chain-id N] [--json]
              sends the proof to a consumer's function taking bytes (default "settle(bytes)"), from the
              account of --key (a file holding a hex private key), simulated first: a revert is printed
              with its decoded error (ProofStale, SignerNotRegistered, WrongFeedId, ...) and nothing is
              sent. --chain-id: refuse unless the RPC serves chain N. exit 0: included; 1: reverted or failed
        """;

    public static Task<int> RunAsync(IReadOnlyList<string> args) => args.Count == 0
        ? throw new UsageException("proof: expected 'proof get', 'proof verify FILE' or 'proof submit FILE'")
        : args[0] switch
        {
            "get" => GetAsync(new Args("proof get", args.Skip(1).ToList(), new HashSet<string> { "--json" },
                new HashSet<string> { "--node", "--feed", "--chain-id", "--contract", "--out", "--format" })),
            "verify" => VerifyAsync(args.Skip(1).ToList()),
            "submit" => SubmitAsync(args.Skip(1).ToList()),
            _ => throw new UsageException($"proof: unknown subcommand '{args[0]}' (get, verify, submit)"),
        };

    private static async Task<int> GetAsync(Args a)
    {
        string node = a.Get("--node") ?? throw new UsageException("proof get: --node URL is required (the node's JSON API, e.g. http://127.0.0.1:7380)");
        if (!Uri.TryCreate(node, UriKind.Absolute, out var nodeUrl) || nodeUrl.Scheme is not ("http" or "https"))
            throw new UsageException($"proof get: --node {node}: not an http(s) URL");
        string feed = FeedId(a, "proof get") ?? throw new UsageException("proof get: --feed FEEDID is required (0x and 64 hex digits; GET /v1/feeds lists them)");
        ulong chainId = ChainId(a, "proof get") ?? throw new UsageException("proof get: --chain-id N is required (the consumer's chain)");
        var contract = Address(a, "--contract", "proof get") ?? throw new UsageException("proof get: --contract ADDR is required (the consumer the proof is signed for)");
        string format = a.Get("--format") ?? "json";
        if (format is not ("json" or "hex" or "bin")) throw new UsageException($"proof get: --format {format}: expected json, hex or bin");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var url = new Uri(nodeUrl, $"/v1/proofs/{feed}?chainId={chainId}&contract={contract}");
        HttpResponseMessage response;
        string body;
        try
        {
            response = await http.GetAsync(url);
            body = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"result     FAILED: the node at {nodeUrl} did not answer: {e.Message}");
            return 1;
        }
        JsonObject? doc = null;
        try
        {
            doc = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (!response.IsSuccessStatusCode || doc is null || doc["proof"] is null)
        {
            string why = doc?["error"] is { } err ? $"{doc["code"]}: {err}" : $"HTTP {(int)response.StatusCode}: {Clip(body)}";
            Console.WriteLine($"result     REFUSED by the node (HTTP {(int)response.StatusCode}): {why}");
            return 1;
        }
        byte[] proof = Hex.Decode((string)doc["proof"]!);
        if (a.Get("--out") is { } outPath)
        {
            if (format == "bin") await File.WriteAllBytesAsync(outPath, proof);
            else await File.WriteAllTextAsync(outPath, format == "hex" ? Hex.Encode(proof) + "\n" : doc.ToJsonString(Indented) + "\n");
        }
        if (a.Has("--json"))
        {
            Console.WriteLine(doc.ToJsonString(Indented));
            return 0;
        }
        int decimals = (int?)doc["decimals"] ?? 0;
        var value = BigInteger.Parse((string)doc["value"]!, CultureInfo.InvariantCulture);
        ulong observedAt = (ulong)doc["observedAt"]!;
        bool simulated = (bool?)doc["simulated"] ?? false;
        Console.WriteLine($"feed       {doc["feed"]} {doc["feedId"]}");
        Console.WriteLine($"value      {Scaled(value, decimals)} ({value}, {decimals} decimals)");
        Console.WriteLine($"observed   {observedAt} ({Iso(observedAt)}), chain time {doc["chainTime"]}");
        Console.WriteLine($"signer     {doc["signer"]}{(simulated ? " [SIMULATED enclave: protects nothing]" : "")}");
        Console.WriteLine($"target     chain {doc["chainId"]}, contract {doc["contract"]}");
        foreach (var s in doc["sources"]?.AsArray() ?? [])
            Console.WriteLine($"source     {s!["host"]}:{s["port"]} status {s["status"]} {(s["error"] is { } e ? $"error {e}" : $"value {s["value"]}")} (SPKI sha256 {s["spki_sha256"]})");
        Console.WriteLine($"proof      {proof.Length} bytes{(a.Get("--out") is { } o ? $", written to {o} ({format})" : $" {Hex.Encode(proof)}")}");
        return 0;
    }

    private static async Task<int> VerifyAsync(List<string> args)
    {
        var (file, rest) = Positional(args, "proof verify", ["--rpc", "--registry", "--chain-id", "--contract", "--max-age", "--feed", "--min-signers"]);
        var a = new Args("proof verify", rest, new HashSet<string> { "--json" },
            new HashSet<string> { "--rpc", "--registry", "--chain-id", "--contract", "--max-age", "--feed", "--min-signers" });
        var rpcUrl = Rpc(a, "proof verify");
        var registry = Address(a, "--registry", "proof verify") ?? throw new UsageException("proof verify: --registry ADDR is required (the registry the consumer trusts)");
        ulong chainId = ChainId(a, "proof verify") ?? throw new UsageException("proof verify: --chain-id N is required (the chain the proof is consumed on)");
        var contract = Address(a, "--contract", "proof verify") ?? throw new UsageException("proof verify: --contract ADDR is required (the consumer)");
        int maxAge = a.GetInt("--max-age", 60, 0, int.MaxValue);
        var requirements = new ProofRequirements(contract, registry, TimeSpan.FromSeconds(maxAge))
        {
            FeedId = FeedId(a, "proof verify") is { } f ? Hex.Decode(f) : null,
            MinSigners = a.GetInt("--min-signers", 1, 1, OracleProofAbi.MaxSignatures),
        };
        byte[] proof = ReadProof(file, "proof verify");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var verifier = new ProofVerifier(new EthJsonRpcClient(http, rpcUrl), chainId);
        ProofVerdict v;
        try
        {
            v = await verifier.VerifyAsync(proof, requirements);
        }
        catch (ProofVerificationException e)
        {
            Console.WriteLine($"result     FAILED: could not read the chain: {e.Message}");
            return 1;
        }
        if (a.Has("--json"))
        {
            Console.WriteLine(ProofJson.Verdict(v).ToJsonString(Indented));
            return v.Ok ? 0 : 1;
        }
        if (v.Proof is { } p)
        {
            Console.WriteLine($"proof      {proof.Length} bytes, feed {Hex.Encode(p.FeedId)}, round {p.Round}, {p.Signatures.Count} signature(s)");
            Console.WriteLine($"value      {p.Value} (observedAt {p.ObservedAt}{(v.ChainTime is { } t ? $", {(long)t - (long)p.ObservedAt} s before the chain's time {t}" : "")})");
        }
        foreach (var s in v.Signers)
            Console.WriteLine($"signer     {s.Signer}: {(s.Registered ? "registered" : "NOT registered")}" + (s.Registered
                ? $", validator #{s.ValidatorIndex}, TCB status {s.TcbStatus}{(s.Simulated ? " (SIMULATED evidence: protects nothing)" : "")}, expires at {s.ExpiresAt} ({Iso(s.ExpiresAt)})"
                : ""));
        Console.WriteLine($"judged     for chain {chainId}{(v.BlockNumber is { } b ? $" at block {b}" : "")}, consumer {contract}, registry {registry}, maxAge {maxAge} s");
        Console.WriteLine(v.Ok
            ? $"result     VALID: OracleProof.verify would accept it in a transaction of {contract} now"
            : $"result     REFUSED {v.Check} ({v.ContractError}): {v.Reason}");
        return v.Ok ? 0 : 1;
    }

    private static async Task<int> SubmitAsync(List<string> args)
    {
        var (file, rest) = Positional(args, "proof submit", ["--rpc", "--contract", "--key", "--function", "--chain-id"]);
        var a = new Args("proof submit", rest, new HashSet<string> { "--json" }, new HashSet<string> { "--rpc", "--contract", "--key", "--function", "--chain-id" });
        var rpcUrl = Rpc(a, "proof submit");
        var contract = Address(a, "--contract", "proof submit") ?? throw new UsageException("proof submit: --contract ADDR is required (the consumer)");
        string keyFile = a.Get("--key") ?? throw new UsageException("proof submit: --key FILE is required (a file holding the sender's hex private key)");
        string function = a.Get("--function") ?? OracleProofAbi.Settle;
        AbiSignature signature;
        try
        {
            signature = AbiSignature.Parse(function);
        }
        catch (FormatException e)
        {
            throw new UsageException($"proof submit: --function '{function}': {e.Message}");
        }
        if (signature.Types.Count != 1 || signature.Types[0].CanonicalName != "bytes")
            throw new UsageException($"proof submit: --function '{function}': the function must take exactly one bytes argument, e.g. settle(bytes)");
        ulong? chainId = ChainId(a, "proof submit");
        byte[] proof = ReadProof(file, "proof submit");
        EthKey key;
        try
        {
            key = EthKey.FromPrivateKey(File.ReadAllText(keyFile).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new UsageException($"proof submit: --key {keyFile}: not a readable file holding a hex private key ({e.Message})");
        }

        using (key)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var rpc = new EthJsonRpcClient(http, rpcUrl, new RevertDecoder(OracleProofAbi.Errors));
            var sender = new TransactionSender(rpc, new NonceManager(rpc), new FeeEstimator(rpc));
            var options = new TransactionOptions { Confirmations = 0, PollInterval = TimeSpan.FromMilliseconds(250), ReceiptTimeout = TimeSpan.FromSeconds(120) };
            var result = new JsonObject { ["contract"] = contract.ToString(), ["function"] = signature.Canonical, ["from"] = key.Address.ToString() };
            int exit;
            try
            {
                if (chainId is { } want && await rpc.ChainIdAsync() is var got && got != want)
                {
                    Console.WriteLine($"result     FAILED: {rpcUrl} serves chain id {got}, not {want} (--chain-id); nothing sent");
                    return 1;
                }
                var tx = await sender.SendAsync(key, contract, Abi.EncodeCall(signature.Canonical, proof), null, options, CancellationToken.None);
                result["ok"] = true;
                result["transactionHash"] = tx.Hash;
                result["block"] = tx.Receipt.BlockNumber;
                result["gasUsed"] = tx.Receipt.GasUsed;
                if (!a.Has("--json"))
                {
                    Console.WriteLine($"sent       {signature.Canonical} to {contract} from {key.Address} ({proof.Length}-byte proof)");
                    Console.WriteLine($"result     INCLUDED: tx {tx.Hash} in block {tx.Receipt.BlockNumber}, gas {tx.Receipt.GasUsed.ToString("N0", CultureInfo.InvariantCulture)}");
                }
                exit = 0;
            }
            catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
            {
                string error = e.Revert?.ToString() ?? e.Message;
                string? check = e.Revert is { } r ? OracleProofAbi.CheckOf(r.Name) : null;
                result["ok"] = false;
                result["contractError"] = e.Revert?.Name;
                result["check"] = check;
                result["error"] = error;
                result["transactionHash"] = e.TransactionHash;
                if (!a.Has("--json"))
                    Console.WriteLine(e.TransactionHash is null
                        ? $"result     REVERTED in simulation, nothing sent: {error}{(check is null ? "" : $" [{check}]")}"
                        : $"result     REVERTED in tx {e.TransactionHash}: {error}{(check is null ? "" : $" [{check}]")}");
                exit = 1;
            }
            catch (EvmException e)
            {
                result["ok"] = false;
                result["error"] = e.Message;
                if (!a.Has("--json")) Console.WriteLine($"result     FAILED: {e.Message}");
                exit = 1;
            }
            if (a.Has("--json")) Console.WriteLine(result.ToJsonString(Indented));
            return exit;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The one positional argument (FILE) among <c>--name value</c> options; the rest for <see cref="Args"/>.</summary>
    private static (string File, List<string> Others) Positional(List<string> args, string command, string[] optionsWithValue)
    {
        string? file = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string x = args[i];
            if (x.StartsWith("--", StringComparison.Ordinal))
            {
                rest.Add(x);
                if (!x.Contains('=', StringComparison.Ordinal) && optionsWithValue.Contains(x) && i + 1 < args.Count) rest.Add(args[++i]);
            }
            else if (file is null) file = x;
            else throw new UsageException($"{command}: unexpected argument '{x}' (one FILE only)");
        }
        return (file ?? throw new UsageException($"{command}: FILE is required (the node's JSON, or the proof as hex or raw bytes)"), rest);
    }

    /// <summary>The proof in FILE: the node's JSON (its "proof"), hex text (0x optional), or the raw bytes.</summary>
    private static byte[] ReadProof(string path, string command)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{command}: cannot read {path}: {e.Message}");
        }
        string text = Encoding.UTF8.GetString(bytes).Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text)?["proof"]?.GetValue<string>() is { } hex
                    ? Hex.Decode(hex)
                    : throw new UsageException($"{command}: {path} is JSON without a \"proof\" field (expected the node's answer)");
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new UsageException($"{command}: {path}: not the node's JSON: {e.Message}");
            }
        }
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return digits.Length > 0 && digits.Length % 2 == 0 && digits.All(Uri.IsHexDigit) ? Convert.FromHexString(digits) : bytes;
    }

    private static Uri Rpc(Args a, string command)
    {
        string rpc = a.Get("--rpc") ?? throw new UsageException($"{command}: --rpc URL is required (the chain's JSON-RPC endpoint)");
        return Uri.TryCreate(rpc, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url : throw new UsageException($"{command}: --rpc {rpc}: not an http(s) URL");
    }

    private static ulong? ChainId(Args a, string command)
    {
        if (a.Get("--chain-id") is not { } text) return null;
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id) && id > 0
            ? id : throw new UsageException($"{command}: --chain-id {text}: expected a positive decimal chain id");
    }

    private static EthAddress? Address(Args a, string option, string command)
    {
        if (a.Get(option) is not { } text) return null;
        try
        {
            var address = EthAddress.Parse(text);
            return address.IsZero ? throw new UsageException($"{command}: {option} is the zero address") : address;
        }
        catch (FormatException e)
        {
            throw new UsageException($"{command}: {option} {e.Message}");
        }
    }

    private static string? FeedId(Args a, string command)
    {
        if (a.Get("--feed") is not { } text) return null;
        return text.Length == 66 && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text[2..].All(Uri.IsHexDigit)
            ? text.ToLowerInvariant() : throw new UsageException($"{command}: --feed {text}: expected a feed id, 0x and 64 hex digits");
    }

    private static string Scaled(BigInteger value, int decimals)
    {
        if (decimals == 0) return value.ToString(CultureInfo.InvariantCulture);
        string digits = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        return (value.Sign < 0 ? "-" : "") + digits[..^decimals] + "." + digits[^decimals..];
    }

    private static string Iso(ulong unix) =>
        unix > 253402300799 ? unix.ToString(CultureInfo.InvariantCulture) : DateTimeOffset.FromUnixTimeSeconds((long)unix).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
