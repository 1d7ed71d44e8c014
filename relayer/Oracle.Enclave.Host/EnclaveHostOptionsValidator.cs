using System.Net;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Host.Native;

namespace Oracle.Enclave.Host;

/// <summary>
/// Checks every <see cref="EnclaveHostOptions"/> setting and reports all failures at once, each
/// naming its key (<c>EnclaveHost:LibraryPath: file not found: /x/liboracle_enclave.so</c>).
/// </summary>
public sealed class EnclaveHostOptionsValidator : IValidateOptions<EnclaveHostOptions>
{
    private const string S = EnclaveHostOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EnclaveHostOptions o)
    {
        var failures = new List<string>();

        RequireFile(failures, $"{S}:LibraryPath", o.LibraryPath);
        if (o.Backend is not ("sim" or "openenclave"))
            failures.Add($"{S}:Backend: '{o.Backend}' is not 'sim' or 'openenclave'");
        if (o.Backend == "openenclave")
            RequireFile(failures, $"{S}:ImagePath", o.ImagePath);

        if (string.IsNullOrWhiteSpace(o.SealedKeyPath))
        {
            failures.Add($"{S}:SealedKeyPath: required (the file is created when missing)");
        }
        else
        {
            string full = Path.GetFullPath(o.SealedKeyPath);
            string? dir = Path.GetDirectoryName(full);
            if (Directory.Exists(full))
                failures.Add($"{S}:SealedKeyPath: is a directory: {full}");
            else if (dir is null || !Directory.Exists(dir))
                failures.Add($"{S}:SealedKeyPath: directory not found: {dir}");
            else if (File.Exists(full) && new FileInfo(full).Length is 0 or > NativeMethods.SealedMax)
                failures.Add($"{S}:SealedKeyPath: {full} is empty or larger than {NativeMethods.SealedMax} bytes, so not a sealed key");
        }

        for (int i = 0; i < o.Resolve.Count; i++)
        {
            if (ResolveEntry.Parse(o.Resolve[i], out string error) is null)
                failures.Add($"{S}:Resolve:{i}: {error}");
        }

        if (!IPAddress.TryParse(o.Listen.Address, out _))
            failures.Add($"{S}:Listen:Address: '{o.Listen.Address}' is not an IP address literal");
        if (o.Listen.Port is < 0 or > 65535)
            failures.Add($"{S}:Listen:Port: {o.Listen.Port} is not 0 to 65535");

        bool hasCert = !string.IsNullOrWhiteSpace(o.Tls.CertificatePath);
        bool hasKey = !string.IsNullOrWhiteSpace(o.Tls.KeyPath);
        if (hasCert != hasKey)
            failures.Add($"{S}:Tls: set both CertificatePath and KeyPath, or neither (an ephemeral self-signed certificate)");
        if (hasCert) RequireFile(failures, $"{S}:Tls:CertificatePath", o.Tls.CertificatePath);
        if (hasKey) RequireFile(failures, $"{S}:Tls:KeyPath", o.Tls.KeyPath);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireFile(List<string> failures, string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            failures.Add($"{key}: required");
        else if (!File.Exists(path))
            failures.Add($"{key}: file not found: {Path.GetFullPath(path)}");
    }
}
