using Microsoft.Extensions.Options;

namespace Oracle.Enclave.Client;

/// <summary>Checks <see cref="EnclaveClientOptions"/>, reporting every failure with its setting's name.</summary>
public sealed class EnclaveClientOptionsValidator : IValidateOptions<EnclaveClientOptions>
{
    private const string S = EnclaveClientOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EnclaveClientOptions o)
    {
        var failures = new List<string>();
        if (o.Endpoint is null)
            failures.Add($"{S}:Endpoint: required (https://host:port)");
        else if (!o.Endpoint.IsAbsoluteUri || o.Endpoint.Scheme != Uri.UriSchemeHttps)
            failures.Add($"{S}:Endpoint: '{o.Endpoint}' is not an https:// URL (the host speaks TLS only)");

        bool hasCa = !string.IsNullOrWhiteSpace(o.CaCertificatePath);
        bool hasPin = !string.IsNullOrWhiteSpace(o.PinnedSha256);
        if (!hasCa && !hasPin)
            failures.Add($"{S}:CaCertificatePath or {S}:PinnedSha256: one is required (the host's certificate is always checked)");
        if (hasCa && !File.Exists(o.CaCertificatePath))
            failures.Add($"{S}:CaCertificatePath: file not found: {Path.GetFullPath(o.CaCertificatePath!)}");
        if (hasPin && ServerCertificateCheck.ParsePin(o.PinnedSha256!) is null)
            failures.Add($"{S}:PinnedSha256: expected 64 hex digits (colons allowed), got '{o.PinnedSha256}'");
        if (o.Timeout <= TimeSpan.Zero)
            failures.Add($"{S}:Timeout: {o.Timeout} is not positive");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
