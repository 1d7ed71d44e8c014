using Microsoft.Extensions.Configuration;
using System.Numerics;
using Oracle.Attestation;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Attestation;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The registry gate on the devnet (issue 4): the sim enclave's DCAP evidence is verified by the
/// devnet's attestation verifiers, and its entry is written only with two of three signatures.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class RegistryGateTests(DevnetFixture fixture)
{
    private static readonly string[] GateErrors =
    [
        "NotEnoughSignatures(uint256,uint256)", "NotAVerifier(address)", "SignaturesNotSorted(address,address)",
        "StaleEntry(uint64,uint64)", "VerifiersConfigured()", "BadSignature(uint256)",
    ];

    private LocalDevnet D => fixture.Devnet;

    [Fact]
    public async Task Devnet_RegistersTheSimEnclave_ThroughTwoOfThreeVerifiers()
    {
        var (verifiers, threshold) = await D.Registrar.ReadGateAsync(CancellationToken.None);

        Assert.Equal(3, verifiers.Count);
        Assert.Equal(2, threshold);
        Assert.Equal(D.Verifiers.Select(v => v.Address), verifiers);
        Assert.Equal(2, D.Registration.Signatures.Count);
        Assert.All(D.Registration.Signatures, s => Assert.Contains(s.Verifier, verifiers));
        Assert.Equal(EthAddress.Parse(D.Identity.Signer), D.Registration.Entry.Signer);
        Assert.Equal(EnclaveEntry.SimulatedStatus, D.Registration.Entry.TcbStatus);
        var (registered, expiresAt) = await D.Registrar.SignerStatusAsync(D.Registration.Entry.Signer, CancellationToken.None);
        Assert.True(registered);
        Assert.True(expiresAt >= D.Registration.Entry.ExpiresAt);
        // The X25519 key the enclave's REPORTDATA binds is on chain beside the signer.
        var keys = Abi.Decode("bytes32,uint64", await D.Rpc.CallAsync(new CallRequest { To = D.Hub, Data = Abi.EncodeCall("enclaveKeys(address)", D.Owner.Address) }, BlockTag.Latest, CancellationToken.None));
        Assert.Equal(D.Registration.Entry.X25519, (byte[])keys[0]!);
        Assert.True((BigInteger)keys[1]! >= D.Registration.Entry.IssuedAt);
    }

    [Fact]
    public async Task RegisterEnclave_WithOneVerifiersSignature_DoesNotRegister()
    {
        // Issued ahead of any renewal another test may have made (the contract allows 15 minutes ahead).
        ulong now = (await D.Rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!.Timestamp + 600;
        var (entry, _) = await D.Verifiers[0].VerifyAsync(D.Enclave, D.Owner.Address, 1, now, CancellationToken.None);
        var one = await D.Verifiers[2].EndorseAsync(D.Enclave, entry, now, 31337, D.Hub, CancellationToken.None);

        var revert = await RevertOfAsync(Abi.EncodeCall(EnclaveEntry.RegisterSignature, entry.Values(), new object?[] { one.Signature }));

        Assert.Equal("NotEnoughSignatures", revert.Name);
        Assert.Equal(new object?[] { (BigInteger)1, (BigInteger)2 }, revert.Args);
    }

    [Fact]
    public async Task RegisterEnclave_SignedByOneVerifierTwice_DoesNotRegister()
    {
        // Issued ahead of any renewal another test may have made (the contract allows 15 minutes ahead).
        ulong now = (await D.Rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!.Timestamp + 600;
        var (entry, _) = await D.Verifiers[0].VerifyAsync(D.Enclave, D.Owner.Address, 1, now, CancellationToken.None);
        var one = await D.Verifiers[1].EndorseAsync(D.Enclave, entry, now, 31337, D.Hub, CancellationToken.None);

        var revert = await RevertOfAsync(Abi.EncodeCall(EnclaveEntry.RegisterSignature, entry.Values(), new object?[] { one.Signature, one.Signature }));

        Assert.Equal("SignaturesNotSorted", revert.Name);
    }

    [Fact]
    public async Task Verifier_RefusesToEndorse_AnEntryThatSaysSomethingElse()
    {
        ulong now = (await D.Rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!.Timestamp;
        var (entry, verified) = await D.Verifiers[0].VerifyAsync(D.Enclave, D.Owner.Address, 1, now, CancellationToken.None);
        Assert.True(verified.Simulated);

        var upgraded = entry with { TcbStatus = (byte)TcbStatus.UpToDate };
        var ex = await Assert.ThrowsAsync<AttestationException>(() => D.Verifiers[1].EndorseAsync(D.Enclave, upgraded, now, 31337, D.Hub, CancellationToken.None));
        Assert.Equal(EnclaveAttestor.EntryMismatch, ex.Check);

        var otherSigner = entry with { Signer = D.RelayerKey.Address };
        ex = await Assert.ThrowsAsync<AttestationException>(() => D.Verifiers[1].EndorseAsync(D.Enclave, otherSigner, now, 31337, D.Hub, CancellationToken.None));
        Assert.Equal(EnclaveAttestor.EntryMismatch, ex.Check);

        var forever = entry with { ExpiresAt = entry.ExpiresAt + 365 * 86400 };
        ex = await Assert.ThrowsAsync<AttestationException>(() => D.Verifiers[1].EndorseAsync(D.Enclave, forever, now, 31337, D.Hub, CancellationToken.None));
        Assert.Equal(EnclaveAttestor.EntryMismatch, ex.Check);
    }

    [Fact]
    public async Task Verifier_TrustingOnlyIntel_RefusesTheSimEnclave()
    {
        var key = EthKey.Generate();
        var collateral = Collateral.FromJson(File.ReadAllBytes(Path.Combine(D.Paths.SimAttestation, "collateral.json")));
        var intelOnly = new EnclaveAttestor(key, DcapVerifier.Intel, (_, _) => Task.FromResult(collateral), new AttestationPolicy { AllowSimulation = true }, TimeSpan.FromDays(1));

        var ex = await Assert.ThrowsAsync<AttestationException>(() => intelOnly.VerifyAsync(D.Enclave, D.Owner.Address, 1, 0, CancellationToken.None));

        Assert.Equal(AttestationCheck.PckChainRootFingerprint, ex.Check);
    }

    [Fact]
    public async Task RenewIfDue_RenewsWithFreshEvidence_OnlyWhenTheEntryLapsesWithinTheWindow()
    {
        var signer = EthAddress.Parse(D.Identity.Signer);
        var (_, before) = await D.Registrar.SignerStatusAsync(signer, CancellationToken.None);

        var notDue = await D.Registrar.RenewIfDueAsync(signer, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Null(notDue);

        // The entry lives 7 days; a renewal window of 8 days makes it due now.
        await Task.Delay(1100);
        var renewed = await D.Registrar.RenewIfDueAsync(signer, TimeSpan.FromDays(8), CancellationToken.None);
        Assert.NotNull(renewed);
        Assert.Equal(2, renewed!.Signatures.Count);
        var (registered, after) = await D.Registrar.SignerStatusAsync(signer, CancellationToken.None);
        Assert.True(registered);
        Assert.True(after > before, $"expiry {after} after renewal, {before} before");
        Assert.True(renewed.Entry.IssuedAt > D.Registration.Entry.IssuedAt);
    }

    private async Task<RevertReason> RevertOfAsync(byte[] data)
    {
        var e = await Assert.ThrowsAsync<EvmException>(() => D.Rpc.CallAsync(new CallRequest { From = D.Owner.Address, To = D.Hub, Data = data }, BlockTag.Latest, CancellationToken.None));
        Assert.Equal(EvmErrorKind.Reverted, e.Kind);
        return Abi.DecodeRevert(e.Revert!.Raw, GateErrors);
    }
}

/// <summary><c>oracle-cli enclave register</c> against the shared devnet, as a user runs it.</summary>
[Collection(DevnetCollection.Name)]
public sealed class EnclaveRegisterCliTests(DevnetFixture fixture) : IClassFixture<CliBadInputTests.Cli>
{
    [Fact]
    public async Task EnclaveRegister_RenewsThroughTheVerifiers_AndSaysNotDue_WhenItIsNot()
    {
        var cli = new CliBadInputTests.Cli();
        await cli.InitializeAsync();
        var d = fixture.Devnet;
        d.WriteRelayerConfig(Path.Combine(d.Options.WorkDir, "relayer.json"));
        // Its own funded anvil account, so that its transaction does not race the relayer's nonces.
        string key = Path.Combine(d.Options.WorkDir, "submitter.key");
        await File.WriteAllTextAsync(key, d.Anvil.DevKeys[3]);

        var notDue = await cli.RunAsync(["enclave", "register", "--work", d.Options.WorkDir, "--if-due", "3600", "--key", key], d.Options.WorkDir);
        var renewed = await cli.RunAsync(["enclave", "register", "--work", d.Options.WorkDir, "--key", key], d.Options.WorkDir);
        var bad = await cli.RunAsync(["enclave", "register", "--work", Path.Combine(d.Options.WorkDir, "missing")], d.Options.WorkDir);

        Assert.True(notDue.ExitCode == 0, notDue.Stdout + notDue.Stderr);
        Assert.Contains("3 verifiers, 2 must sign", notDue.Stdout);
        Assert.Contains("not due", notDue.Stdout);
        Assert.True(renewed.ExitCode == 0, renewed.Stdout + renewed.Stderr);
        Assert.Contains("REGISTERED in 0x", renewed.Stdout);
        Assert.Contains("TCB status 255 (simulated)", renewed.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("relayer.json: file not found", bad.Stderr);
    }
}

/// <summary>The renewal service renews the devnet enclave's entry on its own, with fresh evidence, when it is due.</summary>
[Collection(DevnetCollection.Name)]
public sealed class EnclaveRenewalServiceTests(DevnetFixture fixture)
{
    [Fact]
    public async Task Service_RenewsTheEntry_WhenItLapsesWithinTheWindow_AndOnlyThen()
    {
        var d = fixture.Devnet;
        var signer = EthAddress.Parse(d.Identity.Signer);
        var quiet = new EnclaveRenewalService(d.Registrar, signer, new EnclaveRenewalOptions { RenewBefore = TimeSpan.FromHours(1), CheckInterval = TimeSpan.FromMilliseconds(200) },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EnclaveRenewalService>.Instance);
        await quiet.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await quiet.StopAsync(CancellationToken.None);
        Assert.Equal(0, quiet.Renewals);
        Assert.Equal(0, quiet.Failures);

        var (_, before) = await d.Registrar.SignerStatusAsync(signer, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a later chain time, so the renewal moves the expiry
        // The entry lives 7 days: a window of 8 days makes it due now; once renewed it stays due,
        // so the service is stopped after its first renewal.
        var eager = new EnclaveRenewalService(d.Registrar, signer, new EnclaveRenewalOptions { RenewBefore = TimeSpan.FromDays(8), CheckInterval = TimeSpan.FromSeconds(30) },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EnclaveRenewalService>.Instance);
        await eager.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (eager.Renewals == 0 && eager.Failures == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        await eager.StopAsync(CancellationToken.None);

        Assert.Equal(0, eager.Failures);
        Assert.Equal(1, eager.Renewals);
        Assert.Equal(2, eager.Last!.Signatures.Count);
        var (registered, after) = await d.Registrar.SignerStatusAsync(signer, CancellationToken.None);
        Assert.True(registered);
        Assert.True(after > before, $"expiry {after} after renewal, {before} before");
    }
}

/// <summary>The <c>Attestation</c> section: <c>Attestation:AllowSimulation</c> decides whether the sim enclave's evidence is accepted.</summary>
[Collection(DevnetCollection.Name)]
public sealed class AttestationOptionsTests(DevnetFixture fixture)
{
    private static Microsoft.Extensions.Configuration.IConfiguration Config(IDictionary<string, string?> values) =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public async Task AllowSimulation_True_AcceptsTheSimEnclave_False_RefusesIt()
    {
        var d = fixture.Devnet;
        var settings = LocalDevnet.SimulationSettings(d.Paths);
        var collateral = Collateral.FromJson(File.ReadAllBytes(Path.Combine(d.Paths.SimAttestation, "collateral.json")));
        ulong now = (await d.Rpc.GetBlockAsync(BlockTag.Latest, CancellationToken.None))!.Timestamp;

        var allowed = AttestationOptions.From(Config(settings));
        var attestor = new EnclaveAttestor(EthKey.Generate(), allowed.ToVerifier(), (_, _) => Task.FromResult(collateral), allowed.ToPolicy(), TimeSpan.FromDays(1));
        var (entry, verified) = await attestor.VerifyAsync(d.Enclave, d.Owner.Address, 1, now, CancellationToken.None);
        Assert.True(verified.Simulated);
        Assert.Equal(EnclaveEntry.SimulatedStatus, entry.TcbStatus);

        // AllowSimulation false: Intel's root only, and the policy refuses simulation.
        settings["Attestation:AllowSimulation"] = "false";
        settings.Remove("Attestation:SimulationRootSha256");
        var refused = AttestationOptions.From(Config(settings));
        var strict = new EnclaveAttestor(EthKey.Generate(), refused.ToVerifier(), (_, _) => Task.FromResult(collateral), refused.ToPolicy(), TimeSpan.FromDays(1));
        var ex = await Assert.ThrowsAsync<AttestationException>(() => strict.VerifyAsync(d.Enclave, d.Owner.Address, 1, now, CancellationToken.None));
        Assert.Equal(AttestationCheck.PckChainRootFingerprint, ex.Check);
        Assert.False(refused.ToPolicy().AllowSimulation);
    }

    [Fact]
    public void From_NamesEveryBadKey()
    {
        var ex = Assert.Throws<ArgumentException>(() => AttestationOptions.From(Config(new Dictionary<string, string?>
        {
            ["Attestation:AllowSimulation"] = "true",
            ["Attestation:AllowedTcbStatuses:0"] = "Revoked",
            ["Attestation:MrEnclaves:0"] = "abcd",
            ["Attestation:Signers:0:MrSigner"] = "xyz",
        })));

        Assert.Contains("Attestation:AllowedTcbStatuses:0: 'Revoked'", ex.Message);
        Assert.Contains("Attestation:MrEnclaves:0: 'abcd' is not 32 bytes of hex", ex.Message);
        Assert.Contains("Attestation:Signers:0:MrSigner: 'xyz'", ex.Message);
        Assert.Contains("Attestation:SimulationRootSha256: required when Attestation:AllowSimulation is true", ex.Message);
    }
}
