using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>Options are validated with messages naming the setting, in the constructor and at host start.</summary>
public sealed class CometRpcOptionsTests
{
    private static CometRpcOptions Valid() => new() { BaseUri = new Uri("http://127.0.0.1:26657/") };

    /// <summary>Rows: one setting of valid options made bad, and the setting the message must name.</summary>
    public static TheoryData<string, string> BadSettings => new()
    {
        { "BaseUri", "missing" },
        { "BaseUri", "ftp://127.0.0.1/" },
        { "Timeout", "zero" },
        { "Timeout", "infinite" },
        { "MaxResponseBytes", "100" },
        { "ValidatorsPerPage", "0" },
        { "ValidatorsPerPage", "101" },
        { "MaxValidatorPages", "0" },
        { "ReconnectAttempts", "-1" },
        { "ReconnectBackoff", "-1 ms" },
        { "ReconnectBackoffMax", "below ReconnectBackoff" },
    };

    private static void Break(CometRpcOptions o, string setting, string how)
    {
        switch (setting, how)
        {
            case ("BaseUri", "missing"): o.BaseUri = null; break;
            case ("BaseUri", _): o.BaseUri = new Uri(how); break;
            case ("Timeout", "zero"): o.Timeout = TimeSpan.Zero; break;
            case ("Timeout", _): o.Timeout = Timeout.InfiniteTimeSpan; break;
            case ("MaxResponseBytes", _): o.MaxResponseBytes = 100; break;
            case ("ValidatorsPerPage", _): o.ValidatorsPerPage = int.Parse(how, System.Globalization.CultureInfo.InvariantCulture); break;
            case ("MaxValidatorPages", _): o.MaxValidatorPages = 0; break;
            case ("ReconnectAttempts", _): o.ReconnectAttempts = -1; break;
            case ("ReconnectBackoff", _): o.ReconnectBackoff = TimeSpan.FromMilliseconds(-1); break;
            case ("ReconnectBackoffMax", _): o.ReconnectBackoffMax = o.ReconnectBackoff / 2; break;
            default: throw new ArgumentException(setting);
        }
    }

    [Fact]
    public void Validate_Succeeds_WhenOnlyBaseUriIsSet()
    {
        Assert.Empty(CometRpcOptionsValidator.Failures(Valid()));
        Assert.Equal(16 * 1024 * 1024, Valid().MaxResponseBytes);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Constructor_ThrowsNamingTheSetting_WhenOneSettingIsBad(string setting, string how)
    {
        var options = Valid();
        Break(options, setting, how);

        var e = Assert.Throws<ArgumentException>(() => new CometRpcClient(new HttpClient(), options));

        Assert.Contains($"CometRpc:{setting}:", e.Message);
        Assert.Single(CometRpcOptionsValidator.Failures(options));
    }

    [Fact]
    public async Task AddCometRpc_FailsAtStart_NamingEverySettingThatIsBad()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CometRpc:BaseUri"] = "ftp://127.0.0.1/",
            ["CometRpc:ValidatorsPerPage"] = "500",
        });
        builder.AddCometRpc();
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("CometRpc:BaseUri:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("CometRpc:ValidatorsPerPage:", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCometRpc_ResolvesAClient_WithTheBoundOptions()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CometRpc:BaseUri"] = "http://127.0.0.1:26657",
            ["CometRpc:Timeout"] = "00:00:02",
        });
        builder.AddCometRpc();
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<CometRpcClient>();

        Assert.Equal(new Uri("http://127.0.0.1:26657"), client.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(2), client.Options.Timeout);
    }
}
