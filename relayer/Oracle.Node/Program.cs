// Oracle.Node: pull proofs over HTTP and gRPC (relayer/README.md, "Pull proofs"). Normally started
// by `./oracle node --config FILE`; alone: `dotnet Oracle.Node.dll --Node:Listen:Port=7380 ...`
// with the relayer's settings (EnclaveClient, Relayer:Chains, Relayer:Feeds) and a Node section.
using Oracle.Node;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddProofNode();         // settings (checked), enclave client, chain readers, proof service, gRPC, limits, Kestrel
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("oracle node: bad configuration:");
    foreach (var f in e.Failures) Console.Error.WriteLine($"  {f}");
    return 2;
}

// Build, map the JSON API and the gRPC service, run; a port in use exits 2 naming Node:Listen.
return await builder.RunProofNodeAsync();
