using Microsoft.Extensions.Options;

namespace Oracle.Cosmos.Rpc;

/// <summary>Checks <see cref="CometRpcOptions"/>, reporting every failure with its setting's name.</summary>
public sealed class CometRpcOptionsValidator : IValidateOptions<CometRpcOptions>
{
    private const string S = CometRpcOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CometRpcOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem with <paramref name="o"/>, each naming its setting; empty when the options are usable.</summary>
    public static IReadOnlyList<string> Failures(CometRpcOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var failures = new List<string>();
        if (o.BaseUri is null)
            failures.Add($"{S}:BaseUri: required (e.g. http://127.0.0.1:26657)");
        else if (!o.BaseUri.IsAbsoluteUri || (o.BaseUri.Scheme != Uri.UriSchemeHttp && o.BaseUri.Scheme != Uri.UriSchemeHttps))
            failures.Add($"{S}:BaseUri: '{o.BaseUri}' is not an absolute http:// or https:// URL");
        if (o.Timeout <= TimeSpan.Zero || o.Timeout == System.Threading.Timeout.InfiniteTimeSpan)
            failures.Add($"{S}:Timeout: {o.Timeout} is not a positive, finite time");
        if (o.MaxResponseBytes < 1024 || o.MaxResponseBytes > int.MaxValue)
            failures.Add($"{S}:MaxResponseBytes: {o.MaxResponseBytes} is outside [1024, {int.MaxValue}]");
        if (o.ValidatorsPerPage is < 1 or > 100)
            failures.Add($"{S}:ValidatorsPerPage: {o.ValidatorsPerPage} is outside [1, 100] (CometBFT's limit)");
        if (o.MaxValidatorPages < 1)
            failures.Add($"{S}:MaxValidatorPages: {o.MaxValidatorPages} is not positive");
        if (o.ReconnectAttempts < 0)
            failures.Add($"{S}:ReconnectAttempts: {o.ReconnectAttempts} is negative");
        if (o.ReconnectBackoff < TimeSpan.Zero)
            failures.Add($"{S}:ReconnectBackoff: {o.ReconnectBackoff} is negative");
        if (o.ReconnectBackoffMax < o.ReconnectBackoff)
            failures.Add($"{S}:ReconnectBackoffMax: {o.ReconnectBackoffMax} is below ReconnectBackoff {o.ReconnectBackoff}");
        return failures;
    }
}
