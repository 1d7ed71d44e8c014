using Oracle.Enclave.Client;
using Oracle.Enclave.Host.Tests.Support;

namespace Oracle.Enclave.Host.Tests;

/// <summary>Starting the host: settings refused with their names, the sealed key kept, the ephemeral certificate pinned.</summary>
public sealed class EnclaveHostStartupTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("missing library", "LibraryPath", "/nonexistent/liboracle_enclave.so", "EnclaveHost:LibraryPath: file not found: /nonexistent/liboracle_enclave.so")]
    [InlineData("resolve without port", "Resolve:0", "good.test:127.0.0.1", "EnclaveHost:Resolve:0: ")]
    [InlineData("resolve to a name", "Resolve:0", "good.test:443:localhost", "EnclaveHost:Resolve:0: ")]
    [InlineData("resolve port out of range", "Resolve:0", "good.test:70000:127.0.0.1", "EnclaveHost:Resolve:0: ")]
    [InlineData("sealed key in a missing directory", "SealedKeyPath", "/nonexistent/dir/enclave.sealed", "EnclaveHost:SealedKeyPath: directory not found")]
    [InlineData("unknown backend", "Backend", "sgx", "EnclaveHost:Backend: 'sgx'")]
    [InlineData("certificate without key", "Tls:CertificatePath", "/etc/hostname", "EnclaveHost:Tls: set both")]
    [InlineData("listen on a name", "Listen:Address", "localhost", "EnclaveHost:Listen:Address")]
    public void Host_ExitsNamingTheSetting_WhenASettingIsWrong(string why, string key, string value, string expected)
    {
        Dictionary<string, string> settings = HostProcess.DefaultSettings(_dir);
        settings[key] = value;

        using ChildProcess host = HostProcess.Launch(_dir, settings);

        Assert.True(host.WaitForExit(ExitTimeout) is int code && code != 0, $"{why}: expected a non-zero exit\n{host.Output}");
        Assert.Contains(expected, host.Stderr);
    }

    [Fact]
    public void Host_ReportsEveryWrongSetting_AtOnce()
    {
        var settings = new Dictionary<string, string>
        {
            ["LibraryPath"] = "/nonexistent/lib.so",
            ["Resolve:0"] = "bad",
        };

        using ChildProcess host = HostProcess.Launch(_dir, settings);

        Assert.Equal(2, host.WaitForExit(ExitTimeout));
        Assert.Contains("EnclaveHost:LibraryPath", host.Stderr);
        Assert.Contains("EnclaveHost:SealedKeyPath: required", host.Stderr);
        Assert.Contains("EnclaveHost:Resolve:0", host.Stderr);
    }

    [Fact]
    public void Host_ExitsNamingTheSealedKey_WhenTheFileIsNotASealedKey()
    {
        Dictionary<string, string> settings = HostProcess.DefaultSettings(_dir);
        File.WriteAllBytes(settings["SealedKeyPath"], new byte[98]);

        using ChildProcess host = HostProcess.Launch(_dir, settings);

        Assert.Equal(2, host.WaitForExit(ExitTimeout));
        Assert.Contains("EnclaveHost:SealedKeyPath: ", host.Stderr);
        Assert.Contains("was not sealed by this enclave", host.Stderr);
    }

    [Fact]
    public void Host_ExitsNamingTheBackend_WhenTheLibraryIsBuiltForAnother()
    {
        Dictionary<string, string> settings = HostProcess.DefaultSettings(_dir);
        settings["Backend"] = "openenclave";
        settings["ImagePath"] = TestPaths.EnclaveLibrary;

        using ChildProcess host = HostProcess.Launch(_dir, settings);

        Assert.Equal(2, host.WaitForExit(ExitTimeout));
        Assert.Contains("EnclaveHost:Backend: 'openenclave', but", host.Stderr);
    }

    [Fact]
    public async Task Host_KeepsItsSigner_WhenRestartedWithTheSameSealedKey()
    {
        Dictionary<string, string> settings = HostProcess.DefaultSettings(_dir);
        string first;
        using (HostProcess host = HostProcess.Start(_dir, settings))
        {
            using EnclaveClient client = host.Client(pin: host.Fingerprint);
            first = (await client.IdentityAsync(cancellationToken: Ct)).Signer;
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(settings["SealedKeyPath"]));
        Assert.Empty(Directory.GetFiles(_dir.Path, "enclave.sealed.tmp*"));

        using (HostProcess host = HostProcess.Start(_dir, settings))
        {
            using EnclaveClient client = host.Client(pin: host.Fingerprint);
            Assert.Equal(first, (await client.IdentityAsync(cancellationToken: Ct)).Signer);
        }

        settings["SealedKeyPath"] = _dir.File("other.sealed");
        using (HostProcess host = HostProcess.Start(_dir, settings))
            Assert.NotEqual(first, host.Signer);
    }

    [Fact]
    public async Task Host_PrintsAFingerprintThatClientsCanPin_WhenNoCertificateIsConfigured()
    {
        using HostProcess host = HostProcess.Start(_dir, HostProcess.DefaultSettings(_dir));
        Assert.Matches("^[0-9a-f]{64}$", host.Fingerprint);
        Assert.Equal("https", host.Endpoint.Scheme);
        Assert.Equal("127.0.0.1", host.Endpoint.Host);

        using EnclaveClient client = host.Client(pin: host.Fingerprint);
        EnclaveIdentity identity = await client.IdentityAsync(cancellationToken: Ct);

        Assert.Equal(host.Signer, identity.Signer);
    }

    [Fact]
    public void Help_ListsTheSettings_WithTheirEnvironmentForm()
    {
        using ChildProcess help = HostProcess.Launch(_dir, new Dictionary<string, string>(), "--help");

        Assert.Equal(0, help.WaitForExit(ExitTimeout));
        Assert.Contains("EnclaveHost:SealedKeyPath", help.Stdout);
        Assert.Contains("EnclaveHost__SealedKeyPath", help.Stdout);
        Assert.Contains("EnclaveHost:Resolve:N", help.Stdout);
        Assert.Contains("enclave-host listening on https://127.0.0.1:PORT", help.Stdout);
    }
}
