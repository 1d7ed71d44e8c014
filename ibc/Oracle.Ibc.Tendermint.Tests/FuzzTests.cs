using System.Diagnostics;
using Google.Protobuf;
using Oracle.Ibc.Tendermint.Protos;
using Xunit.Abstractions;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>
/// A bounded, seeded fuzz run over the decoders and the verifier: byte flips, truncations, insertions and deletions of
/// vector blocks (protobuf and JSON). Nothing may throw, and nothing whose signed bytes changed may verify.
/// Set ORACLE_TENDERMINT_SEED to repeat a run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 30_000;

    private sealed record Seed(TrustedState Trusted, LightClientBlock Block, LightClientOptions Options, byte[] Proto, byte[] Json);

    [Fact]
    public void MutatedBlocks_NeverThrow_AndNeverVerifyWithChangedSignedBytes()
    {
        var seedValue = Environment.GetEnvironmentVariable("ORACLE_TENDERMINT_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        output.WriteLine($"seed {seedValue} (ORACLE_TENDERMINT_SEED={seedValue} repeats this run)");
        var random = new Random(seedValue);
        var seeds = Seeds();
        var stopwatch = Stopwatch.StartNew();
        int decoded = 0, verified = 0;
        for (var n = 0; n < Iterations; n++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var json = random.Next(2) == 0;
            var input = Mutate(json ? seed.Json : seed.Proto, random);
            LightClientBlock? block;
            try
            {
                if (json)
                {
                    TendermintJson.TryDecodeLightBlock(input, out block);
                }
                else
                {
                    block = TendermintProto.TryDecodeLightBlock(input, out var lb).IsOk ? LightClientBlock.FromProto(lb!, seed.Block.NextValidators) : null;
                }
                if (block is null)
                    continue;
                decoded++;
                if (!LightClient.Verify(seed.Trusted, block, seed.Options).IsOk)
                    continue;
                verified++;
                AssertSignedBytesUnchanged(seed.Block, block, $"seed {seedValue} iteration {n}");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seedValue} iteration {n} ({(json ? "JSON" : "protobuf")}): {e.GetType().Name} escaped: {e.Message}\ninput {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}...");
            }
        }
        output.WriteLine($"{Iterations} mutations in {stopwatch.ElapsedMilliseconds} ms: {decoded} decoded, {verified} still verified (signed bytes unchanged)");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"fuzz run took {stopwatch.Elapsed}");
    }

    private static void AssertSignedBytesUnchanged(LightClientBlock original, LightClientBlock mutated, string where)
    {
        Assert.True(Hashing.HeaderHash(original.SignedHeader.Header).AsSpan().SequenceEqual(Hashing.HeaderHash(mutated.SignedHeader.Header)), where + ": header changed");
        Assert.True(Hashing.ValidatorSetHash(original.Validators).AsSpan().SequenceEqual(Hashing.ValidatorSetHash(mutated.Validators)), where + ": validators changed");
        var o = original.SignedHeader.Commit;
        var m = mutated.SignedHeader.Commit;
        for (var i = 0; i < m.Signatures.Count; i++)
        {
            if (m.Signatures[i].BlockIdFlag != BlockIDFlag.Commit)
                continue;
            Assert.True(i < o.Signatures.Count && o.Signatures[i].BlockIdFlag == BlockIDFlag.Commit, where + $": signature #{i} is new");
            Assert.Equal(o.Signatures[i].Signature, m.Signatures[i].Signature);
            Assert.Equal(o.Signatures[i].ValidatorAddress, m.Signatures[i].ValidatorAddress);
            Assert.Equal(SignBytes.ForCommitSig(original.SignedHeader.Header.ChainId, o, i), SignBytes.ForCommitSig(mutated.SignedHeader.Header.ChainId, m, i));
        }
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                default: bytes.RemoveAt(at); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Every SUCCESS step of the single-step vectors, with its trusted state; verified with every signature checked.</summary>
    private static List<Seed> Seeds()
    {
        var seeds = new List<Seed>();
        foreach (var file in TestData.SingleStepFiles().Select(f => (string)f[0]))
        {
            var c = TestData.LoadSingleStep(file);
            var trusted = c.Initial;
            foreach (var step in c.Steps)
            {
                var options = TestData.SingleStepOptions(c.TrustingPeriod, step.Now) with { VerifyAllSignatures = true };
                if (!LightClient.Verify(trusted, step.Block, options).IsOk)
                    continue;
                seeds.Add(new Seed(trusted, step.Block, options, step.Block.ToProto().ToByteArray(), step.BlockJson));
                trusted = TrustedState.FromBlock(step.Block);
            }
        }
        Assert.NotEmpty(seeds);
        return seeds;
    }
}
