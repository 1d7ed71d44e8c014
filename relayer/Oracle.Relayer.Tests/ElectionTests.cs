using System.Numerics;
using System.Security.Cryptography;
using Oracle.Devnet;
using Oracle.Evm;
using Oracle.Relayer.Requests;
using Xunit.Abstractions;

namespace Oracle.Relayer.Tests;

/// <summary>
/// The election (DESIGN.md section 6) in C# against contracts/src/Election.sol through eth_call on
/// anvil, on random inputs; and its fairness: each validator is chosen in proportion to its power.
/// </summary>
public sealed class ElectionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("election-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    private const string ElectSignature = "elect(uint64[],uint256,bytes32,uint256)";

    [Fact]
    public async Task CSharpAndSolidity_ElectTheSameValidator_On500RandomInputs()
    {
        var paths = RepoPaths.Find();
        await using var anvil = await AnvilNode.StartAsync(paths.Anvil, dir, null, ct: CancellationToken.None);
        var rpc = new EthJsonRpcClient(new HttpClient(), anvil.RpcUrl);
        using var owner = EthKey.FromPrivateKey(anvil.DevKeys[0]);
        var harness = await new ContractDeployer(rpc, owner, paths).DeployAsync("ElectionHarness", [], CancellationToken.None);
        int seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);

        for (int c = 0; c < 500; c++)
        {
            int n = 1 + random.Next(100);
            // Powers from 1 up to the whole uint64 range, mixed: small equal-ish stakes and huge ones.
            var powers = Enumerable.Range(0, n).Select(_ => random.Next(4) switch
            {
                0 => (ulong)random.Next(1, 10),
                1 => (ulong)random.NextInt64(1, 1_000_000),
                2 => (ulong)random.NextInt64(1, long.MaxValue),
                _ => ulong.MaxValue - (ulong)random.Next(1000),
            }).ToList();
            var randomness = new BigInteger(RandomBytes(random, 32), isUnsigned: true, isBigEndian: true);
            var requestId = RandomBytes(random, 32);
            int attempt = random.Next(n);

            int ours = Election.Elect(powers, randomness, requestId, attempt);
            var data = await rpc.CallAsync(new CallRequest
            {
                To = harness,
                Data = Abi.EncodeCall(ElectSignature, powers.Select(p => (object?)(BigInteger)p).ToArray(), randomness, requestId, (BigInteger)attempt),
            });
            var theirs = (BigInteger)Abi.Decode("uint256", data)[0]!;

            Assert.True(ours == theirs, $"case {c} (seed {seed}): n {n}, attempt {attempt}: C# {ours}, Solidity {theirs}");
        }
    }

    [Fact]
    public async Task CSharpAndSolidity_RefuseTheSameBadInputs()
    {
        var paths = RepoPaths.Find();
        await using var anvil = await AnvilNode.StartAsync(paths.Anvil, dir, null, ct: CancellationToken.None);
        var rpc = new EthJsonRpcClient(new HttpClient(), anvil.RpcUrl, new RevertDecoder(["NoValidators()", "ZeroPower(uint256)", "AttemptOutOfRange(uint256,uint256)"]));
        using var owner = EthKey.FromPrivateKey(anvil.DevKeys[0]);
        var harness = await new ContractDeployer(rpc, owner, paths).DeployAsync("ElectionHarness", [], CancellationToken.None);
        var id = new byte[32];

        (ulong[] Powers, int Attempt, string Error)[] rows =
        [
            ([], 0, "NoValidators"),
            ([5, 0, 7], 0, "ZeroPower"),
            ([5, 6], 2, "AttemptOutOfRange"),
        ];
        foreach (var (powers, attempt, error) in rows)
        {
            Assert.ThrowsAny<ArgumentException>(() => Election.Elect(powers, BigInteger.One, id, attempt));
            var e = await Assert.ThrowsAsync<EvmException>(() => rpc.CallAsync(new CallRequest
            {
                To = harness,
                Data = Abi.EncodeCall(ElectSignature, powers.Select(p => (object?)(BigInteger)p).ToArray(), BigInteger.One, id, (BigInteger)attempt),
            }));
            Assert.Equal(error, Abi.DecodeRevert(e.Revert!.Raw, "NoValidators()", "ZeroPower(uint256)", "AttemptOutOfRange(uint256,uint256)").Name);
        }
    }

    [Fact]
    public void FirstChoice_IsProportionalToPower_ChiSquare()
    {
        ulong[] powers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        const int draws = 20_000;
        var counts = new int[powers.Length];
        var random = new Random(7);
        var id = new byte[32];
        for (int i = 0; i < draws; i++)
        {
            random.NextBytes(id);
            counts[Election.Elect(powers, new BigInteger(i), id, 0)]++;
        }
        double total = powers.Sum(p => (double)p);
        double chi = powers.Select((p, i) => Math.Pow(counts[i] - draws * p / total, 2) / (draws * p / total)).Sum();
        output.WriteLine($"counts {string.Join(",", counts)}; chi-square {chi:F2} (df 9; p = 0.001 at 27.88)");

        Assert.True(chi < 27.88, $"chi-square {chi:F2} with 9 degrees of freedom: the choice is not proportional to power (counts {string.Join(",", counts)})");
    }

    [Fact]
    public void Order_ElectsEachValidatorOnce_AcrossAllAttempts()
    {
        ulong[] powers = [3, 1, 4, 1, 5, 9, 2, 6];
        var order = Election.Order(powers, new BigInteger(42), new byte[32], powers.Length);

        Assert.Equal(Enumerable.Range(0, powers.Length), order.Order());
        for (int a = 0; a < powers.Length; a++)
        {
            Assert.Equal(order[a], Election.Elect(powers, new BigInteger(42), new byte[32], a));
        }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}
