using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Oracle.Node;

namespace Oracle.Cli;

/// <summary><c>oracle node</c>: the proof node (Oracle.Node) in this process.</summary>
internal static class NodeCommand
{
    public const string Usage = """
          node --config FILE [--listen ADDR:PORT] [--grpc-port N]
              the proof node: on request, runs a feed's job in the enclave and returns a fresh signed
              report for one consumer contract (JSON and the compact proof), and judges proofs as
              OracleProof does. FILE is the relayer's configuration (EnclaveClient, Relayer:Chains,
              Relayer:Feeds; a chain needs no paying key here) plus a Node section (Listen, DefaultMaxAge,
              Registries, Limits; relayer/README.md, "Pull proofs"). No schedule, no request watcher.
                --listen ADDR:PORT  the JSON API, HTTP/1.1 (default Node:Listen, 127.0.0.1:7380; port 0: any)
                --grpc-port N       the gRPC service oracle.node.v1.Proofs, h2c (default 7381; 0: any)
              prints 'node listening on http://ADDR:PORT' once it serves; runs until Ctrl+C.
              The node has no authentication: keep it on loopback or behind a proxy.
              exit 0: stopped; 2: bad usage or configuration, or a port in use
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var a = new Args("node", args, new HashSet<string>(), new HashSet<string> { "--config", "--listen", "--grpc-port" });
        string config = a.Get("--config") ?? throw new UsageException("node: --config FILE is required (the relayer's configuration with a Node section)");
        if (!File.Exists(config)) throw new UsageException($"node: --config {config}: file not found");
        var overrides = new Dictionary<string, string?>();
        if (a.Get("--listen") is { } listen)
        {
            if (!IPEndPoint.TryParse(listen, out var ep) || !listen.Contains(':', StringComparison.Ordinal))
                throw new UsageException($"node: --listen {listen}: expected ADDR:PORT, e.g. 127.0.0.1:7380");
            overrides["Node:Listen:Address"] = ep.Address.ToString();
            overrides["Node:Listen:Port"] = ep.Port.ToString(CultureInfo.InvariantCulture);
            if (!IPAddress.IsLoopback(ep.Address))
                Console.Error.WriteLine($"oracle node: warning: listening on {ep.Address}, not loopback; the node has no authentication");
        }
        if (a.Has("--grpc-port")) overrides["Node:Listen:GrpcPort"] = a.GetInt("--grpc-port", 0, 0, 65535).ToString(CultureInfo.InvariantCulture);

        string full = Path.GetFullPath(config);
        var b = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetDirectoryName(full), Args = [] });
        try
        {
            b.Configuration.AddJsonFile(full, optional: false);
        }
        catch (InvalidDataException e)
        {
            Exception cause = e;
            while (cause.InnerException is not null) cause = cause.InnerException;
            Console.Error.WriteLine($"oracle node: {config}: {e.Message} {(ReferenceEquals(cause, e) ? "" : cause.Message)}");
            return 2;
        }
        b.Configuration.AddInMemoryCollection(overrides);
        // Relative paths in the file (the enclave host's CA certificate) are relative to the file.
        Directory.SetCurrentDirectory(b.Environment.ContentRootPath);
        b.AddProofNode();
        return await b.RunProofNodeAsync();
    }
}
