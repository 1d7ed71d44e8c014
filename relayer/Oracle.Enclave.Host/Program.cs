// Oracle.Enclave.Host: the enclave behind a gRPC door (DESIGN.md section 7; --help lists the settings).
using Oracle.Enclave.Host;

if (HelpText.Requested(args))
{
    Console.WriteLine(HelpText.Text);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddEnclaveHost();           // options (validated), NativeEnclave, certificate, gRPC, Kestrel: HTTP/2 + TLS

// Build, map the gRPC service and /healthz, run; a setup error exits 2 naming its setting.
return await builder.RunEnclaveHostAsync();
