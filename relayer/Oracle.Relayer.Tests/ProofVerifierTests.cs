using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Feeds;
using Oracle.Relayer.Proofs;
using Oracle.Relayer.Requests;

namespace Oracle.Relayer.Tests;

/// <summary>
/// <see cref="ProofVerifier"/> against the contract it mirrors: each row changes one thing of a valid proof, and the
/// verifier's verdict must name the custom error <c>ExampleConsumer.peek</c> (OracleProof.verify, then the feed id)
/// reverts with for the same bytes, on a real anvil with its own <c>OracleRegistry</c> (entries written by the owner
/// with <c>setValidator</c>: two live test keys and one expired).
/// </summary>
public sealed class ProofVerifierTests(ProofVerifierTests.Chain chain) : IClassFixture<ProofVerifierTests.Chain>
{
    private static readonly BigInteger Order = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", NumberStyles.HexNumber);

    public static TheoryData<string, string?> Rows => new()
    {
        // row: what changes; the custom error the contract reverts with (null: accepted)
        { "valid, one signer", null },
        { "valid, two signers ascending", null },
        { "valid, with data", null },
        { "shorter than the fixed part", "ProofTooShort" },
        { "data length beyond the end", "ProofTooShort" },
        { "version 2", "UnsupportedVersion" },
        { "one byte too many", "ProofLengthMismatch" },
        { "no signature", "SignatureCountUnsupported" },
        { "17 signatures", "SignatureCountUnsupported" },
        { "requestId not zero", "NotAFeedProof" },
        { "error report", "ErrorReport" },
        { "older than maxAge", "ProofStale" },
        { "v is 29", "InvalidSignature" },
        { "s in the upper half", "InvalidSignature" },
        { "r is zero", "InvalidSignature" },
        { "two signers descending", "SignersNotSorted" },
        { "one signer twice", "SignersNotSorted" },
        { "unregistered key", "SignerNotRegistered" },
        { "signed for another chain id", "SignerNotRegistered" },
        { "signed for another contract", "SignerNotRegistered" },
        { "expired entry", "SignerExpired" },
        { "registry without code", "RegistryUnavailable" },
        { "another feed", "WrongFeedId" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task VerifyAsync_NamesTheErrorTheContractRevertsWith(string row, string? contractError)
    {
        var (proof, consumer, registry) = await BuildAsync(row);
        var verifier = new ProofVerifier(chain.Rpc, Chain.ChainId);

        var verdict = await verifier.VerifyAsync(proof, new ProofRequirements(consumer, registry, TimeSpan.FromSeconds(Chain.MaxAge)) { FeedId = chain.FeedId });
        string? reverted = await PeekRevertAsync(consumer, proof);

        Assert.Equal(contractError, reverted);
        Assert.True(contractError is null == verdict.Ok, $"{row}: {verdict.Check}: {verdict.Reason}");
        Assert.Equal(contractError, verdict.ContractError);
        Assert.Equal(contractError is null ? null : OracleProofAbi.CheckOf(contractError), verdict.Check);
        if (verdict.Ok)
        {
            Assert.NotEmpty(verdict.Signers);
            Assert.All(verdict.Signers, s => Assert.True(s.Registered && s.Simulated));
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
        }
        if (verdict.Check == ProofCheck.SignerNotRegistered)
            Assert.Contains("another chain id or another contract", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RefusesTooFewSigners_WhenAQuorumIsRequired()
    {
        var (proof, consumer, registry) = await BuildAsync("valid, one signer");
        var verdict = await new ProofVerifier(chain.Rpc, Chain.ChainId).VerifyAsync(proof, new ProofRequirements(consumer, registry, TimeSpan.FromHours(1)) { MinSigners = 2 });
        Assert.Equal(ProofCheck.TooFewSigners, verdict.Check);
        Assert.Null(verdict.ChainTime); // judged before the chain is read
    }

    [Fact]
    public async Task VerifyAsync_Throws_WhenTheEndpointServesAnotherChain()
    {
        var (proof, consumer, registry) = await BuildAsync("valid, one signer");
        var e = await Assert.ThrowsAsync<ProofVerificationException>(() =>
            new ProofVerifier(chain.Rpc, 1).VerifyAsync(proof, new ProofRequirements(consumer, registry, TimeSpan.FromHours(1))));
        Assert.Equal(ProofVerificationErrorKind.WrongChain, e.Kind);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task VerifyAsync_ThrowsARetryableError_WhenTheEndpointIsDown()
    {
        var (proof, consumer, registry) = await BuildAsync("valid, one signer");
        var down = new EthJsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, new Uri($"http://127.0.0.1:{AnvilNode.FreePort()}"));
        var e = await Assert.ThrowsAsync<ProofVerificationException>(() =>
            new ProofVerifier(down, Chain.ChainId).VerifyAsync(proof, new ProofRequirements(consumer, registry, TimeSpan.FromHours(1))));
        Assert.Equal(ProofVerificationErrorKind.Rpc, e.Kind);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task VerifyAsync_JudgesMalformedBytesWithoutTheChain()
    {
        var down = new EthJsonRpcClient(new HttpClient(), new Uri($"http://127.0.0.1:{AnvilNode.FreePort()}"));
        var verdict = await new ProofVerifier(down, Chain.ChainId).VerifyAsync(new byte[] { 1, 2, 3 }, new ProofRequirements(chain.Consumer, chain.Registry, TimeSpan.Zero));
        Assert.Equal(ProofCheck.Malformed, verdict.Check);
        Assert.Equal("ProofTooShort", verdict.ContractError);
        Assert.Contains("3 bytes", verdict.Reason, StringComparison.Ordinal);
        Assert.Null(verdict.Proof);
    }

    private async Task<string?> PeekRevertAsync(EthAddress consumer, byte[] proof)
    {
        try
        {
            var ret = await chain.Rpc.CallAsync(new CallRequest { To = consumer, Data = Abi.EncodeCall("peek(bytes)", proof) });
            Assert.Equal(32, ret.Length);
            return null;
        }
        catch (EvmException e) when (e.Kind == EvmErrorKind.Reverted)
        {
            return e.Revert!.Name;
        }
    }

    /// <summary>The proof of <paramref name="row"/>, the consumer it goes to and the registry that consumer trusts.</summary>
    private async Task<(byte[] Proof, EthAddress Consumer, EthAddress Registry)> BuildAsync(string row)
    {
        ulong now = (await chain.Rpc.GetBlockAsync(BlockTag.Latest))!.Timestamp;
        var report = new CompactProof(chain.FeedId, new byte[32], 7, 6_123_456_789_000, now, Keccak256.Hash("sources"), [], []);
        var signers = new List<EthKey> { chain.Live[0] };
        BigInteger chainId = Chain.ChainId;
        EthAddress consumer = chain.Consumer, signedFor = chain.Consumer, registry = chain.Registry;
        switch (row)
        {
            case "valid, two signers ascending": signers = [.. chain.Live]; break;
            case "valid, with data": report = report with { Data = "hello"u8.ToArray() }; break;
            case "requestId not zero": report = report with { RequestId = Keccak256.Hash("request") }; break;
            case "error report": report = report with { SourcesHash = RequestsAbi.ErrorSourcesHash, Data = "job_url"u8.ToArray(), Value = 0 }; break;
            case "older than maxAge": report = report with { ObservedAt = now - Chain.MaxAge - 100 }; break;
            case "two signers descending": signers = [chain.Live[1], chain.Live[0]]; break;
            case "one signer twice": signers = [chain.Live[0], chain.Live[0]]; break;
            case "unregistered key": signers = [chain.Unregistered]; break;
            case "signed for another chain id": chainId = 1; break;
            case "signed for another contract": signedFor = chain.Registry; break;
            case "expired entry": signers = [chain.Expired]; break;
            case "registry without code": consumer = signedFor = chain.NoRegistryConsumer; registry = chain.NoCode; break;
            case "another feed": report = report with { FeedId = Keccak256.Hash("another feed") }; break;
        }
        byte[] digest = report.Digest(chainId, signedFor);
        report = report with { Signatures = signers.Select(k => k.Sign(digest).ToBytes65()).ToList() };
        byte[] proof = report.Encode();
        int sigAt = 148 + report.Data.Length;
        switch (row)
        {
            case "shorter than the fixed part": proof = proof[..147]; break;
            case "data length beyond the end": proof[145] = 0xff; break;
            case "version 2": proof[0] = 2; break;
            case "one byte too many": proof = [.. proof, 0]; break;
            case "no signature": proof = [.. proof[..sigAt]]; proof[^1] = 0; break;
            case "17 signatures":
                proof = [.. proof[..sigAt], .. Enumerable.Repeat(proof[sigAt..], 17).SelectMany(s => s)];
                proof[sigAt - 1] = 17;
                break;
            case "v is 29": proof[sigAt + 64] = 29; break;
            case "s in the upper half":
                var s = new BigInteger(proof.AsSpan(sigAt + 32, 32), isUnsigned: true, isBigEndian: true);
                (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(proof, sigAt + 32);
                proof[sigAt + 64] ^= 1; // 27 <-> 28: the same key recovers from (r, n - s, v')
                break;
            case "r is zero": proof.AsSpan(sigAt, 32).Clear(); break;
        }
        return (proof, consumer, registry);
    }

    /// <summary>A stand-alone anvil with an OracleRegistry whose owner wrote the test keys' entries, and ExampleConsumers.</summary>
    public sealed class Chain : IAsyncLifetime
    {
        public const ulong ChainId = 31342;
        public const ulong MaxAge = 3600;

        private AnvilNode anvil = null!;
        private readonly string dir = Directory.CreateTempSubdirectory("oracle-proofverifier-").FullName;

        public EthJsonRpcClient Rpc { get; private set; } = null!;
        public EthAddress Registry { get; private set; }
        public EthAddress Consumer { get; private set; }
        public EthAddress NoRegistryConsumer { get; private set; }
        public EthAddress NoCode { get; } = EthKey.Generate().Address;
        public byte[] FeedId { get; } = Keccak256.Hash("ProofVerifierTests feed");
        public IReadOnlyList<EthKey> Live { get; private set; } = [];
        public EthKey Expired { get; } = EthKey.Generate();
        public EthKey Unregistered { get; } = EthKey.Generate();

        public async Task InitializeAsync()
        {
            var paths = RepoPaths.Find();
            anvil = await AnvilNode.StartAsync(paths.Anvil, dir, null, chainId: ChainId);
            Rpc = new EthJsonRpcClient(new HttpClient { Timeout = TimeSpan.FromSeconds(15) }, anvil.RpcUrl, new RevertDecoder(OracleProofAbi.Errors));
            using var owner = EthKey.FromPrivateKey(anvil.DevKeys[0]);
            var deployer = new ContractDeployer(Rpc, owner, paths);
            var ct = CancellationToken.None;
            Registry = await deployer.DeployAsync("OracleRegistry", [], ct);
            Consumer = await deployer.DeployAsync("ExampleConsumer", [Registry, FeedId, (BigInteger)MaxAge], ct);
            NoRegistryConsumer = await deployer.DeployAsync("ExampleConsumer", [NoCode, FeedId, (BigInteger)MaxAge], ct);
            // Two live keys, ordered by address (the order signatures must come in), and one that expires.
            Live = new[] { EthKey.Generate(), EthKey.Generate() }.OrderBy(k => k.Address.ToLowerHex(), StringComparer.Ordinal).ToList();
            ulong now = (await Rpc.GetBlockAsync(BlockTag.Latest))!.Timestamp;
            foreach (var (key, expiresAt) in Live.Select(k => (k, now + 86_400)).Append((Expired, now + 30)))
                await deployer.CallAsync(Registry, "setValidator(address,uint64,address,bytes32,uint8,uint64)",
                    [EthKey.Generate().Address, (BigInteger)1, key.Address, new byte[32], (BigInteger)OracleProofAbi.SimulatedTcbStatus, (BigInteger)expiresAt], ct);
            await Rpc.SendRawAsync("evm_increaseTime", new JsonArray(60), ct);
            await Rpc.SendRawAsync("evm_mine", new JsonArray(), ct);
        }

        public async Task DisposeAsync()
        {
            if (anvil is not null) await anvil.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
