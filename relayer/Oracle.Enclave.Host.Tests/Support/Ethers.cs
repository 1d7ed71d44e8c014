using System.Diagnostics;

namespace Oracle.Enclave.Host.Tests.Support;

/// <summary>The ethers referee (node_modules/ethers, as enclave-tls/tests/peers uses it).</summary>
public static class Ethers
{
    /// <summary>ethers.recoverAddress(digest, signature), lowercase.</summary>
    public static string RecoverAddress(string digest, string signatureHex)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
                 {
                     "-e", "const {ethers} = require(process.argv[1]); console.log(ethers.recoverAddress(process.argv[2], process.argv[3]))",
                     TestPaths.Ethers, digest, signatureHex,
                 })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("node did not answer within 30 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"node failed: {stderr.Result}");
        return stdout.Result.Trim().ToLowerInvariant();
    }
}
