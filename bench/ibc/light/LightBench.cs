using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Oracle.Ibc.Tendermint;
using Oracle.Ibc.Tendermint.Protos;
using Oracle.Ibc.Tendermint.Testing;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Oracle.Bench.IbcLight;

/// <summary>
/// Light-client verifications per second of a 100-validator block (the full <see cref="LightClient.Verify"/>:
/// validation, hashes, sign bytes, signatures) beside the floor: the same ed25519 (key, message, signature)
/// triples that verification checks, verified with BouncyCastle's plain <c>Ed25519.Verify</c> from raw bytes.
/// Windows alternate between the two; the figures are medians.
/// </summary>
internal static class LightBench
{
    private const int Validators = 100;
    private static readonly TmTime T0 = new(1_700_000_000, 0);

    public static int Run(string[] args)
    {
        var json = args.Contains("--json");
        var windows = IntArg(args, "--windows", 7);
        var windowMs = IntArg(args, "--window-ms", 1000);
        var seed = IntArg(args, "--seed", 6);
        var randomPower = args.Contains("--random-power");

        var powerRandom = new Random(seed);
        var chain = new TestChain(Validators, seed, "bench-chain", randomPower ? _ => powerRandom.Next(1, 1000) : null);
        var trusted = TrustedState.FromBlock(chain.Block(100, T0));
        var adjacent = chain.Block(101, T0.Add(TimeSpan.FromSeconds(5)));
        var skipping = chain.Block(110, T0.Add(TimeSpan.FromSeconds(50)));
        var options = new LightClientOptions { TrustingPeriod = TimeSpan.FromDays(14), Now = T0.Add(TimeSpan.FromSeconds(60)) };
        foreach (var block in new[] { adjacent, skipping })
        {
            var r = LightClient.Verify(trusted, block, options);
            if (!r.IsOk)
            {
                Console.Error.WriteLine($"bench block {block.Height} does not verify: {r}");
                return 1;
            }
        }

        // The floor: what each verification checks. Adjacent: signatures in commit order until > 2/3 of the power.
        // Skipping: > 1/3 of the trusted set, then > 2/3 of the new one; each signature is verified once.
        var adjacentTriples = Triples(adjacent, TrustThreshold.TwoThirds);
        var skippingTriples = Triples(skipping, TrustThreshold.TwoThirds); // the 1/3 prefix is contained in it (same set)

        Func<int> ours = () => LightClient.Verify(trusted, adjacent, options).IsOk ? 1 : Fail();
        Func<int> floor = () => VerifyAll(adjacentTriples);
        Func<int> oursSkipping = () => LightClient.Verify(trusted, skipping, options).IsOk ? 1 : Fail();
        Func<int> floorSkipping = () => VerifyAll(skippingTriples);

        var rates = new Dictionary<string, List<double>> { ["ours"] = [], ["floor"] = [], ["ours_skip"] = [], ["floor_skip"] = [] };
        foreach (var (_, f) in new[] { ("warm", ours), ("warm", floor), ("warm", oursSkipping), ("warm", floorSkipping) })
            Measure(f, Math.Max(200, windowMs / 2));
        for (var w = 0; w < windows; w++)
        {
            rates["ours"].Add(Measure(ours, windowMs));
            rates["floor"].Add(Measure(floor, windowMs));
            rates["ours_skip"].Add(Measure(oursSkipping, windowMs));
            rates["floor_skip"].Add(Measure(floorSkipping, windowMs));
        }
        var oursRate = Median(rates["ours"]);
        var floorRate = Median(rates["floor"]);
        var skipRate = Median(rates["ours_skip"]);
        var skipFloorRate = Median(rates["floor_skip"]);
        var ratio = floorRate / oursRate;
        var skipRatio = skipFloorRate / skipRate;
        var result = new Dictionary<string, object>
        {
            ["bench"] = "light",
            ["validators"] = Validators,
            ["power"] = randomPower ? "random 1..999" : "equal",
            ["adjacent_signatures_checked"] = adjacentTriples.Count,
            ["skipping_signatures_checked"] = skippingTriples.Count,
            ["adjacent_verifications_per_s"] = Math.Round(oursRate, 1),
            ["adjacent_floor_per_s"] = Math.Round(floorRate, 1),
            ["adjacent_ratio_ours_time_over_floor"] = Math.Round(ratio, 3),
            ["skipping_verifications_per_s"] = Math.Round(skipRate, 1),
            ["skipping_floor_per_s"] = Math.Round(skipFloorRate, 1),
            ["skipping_ratio_ours_time_over_floor"] = Math.Round(skipRatio, 3),
            ["target"] = "adjacent verification within 1.5x of the ed25519 floor",
            ["target_met"] = ratio <= 1.5,
            ["public_key_cache"] = "none: keys are decoded from bytes in every verification, as in the floor",
            ["windows"] = windows,
            ["window_ms"] = windowMs,
            ["seed"] = seed,
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Tendermint light client, {Validators} validators ({result["power"]} power), all signing; medians of {windows} windows of {windowMs} ms");
        Console.WriteLine(string.Format(inv, "  {0,-44} {1,10} {2,12} {3,10}", "", "ours /s", "floor /s", "ours/floor"));
        Console.WriteLine(string.Format(inv, "  {0,-44} {1,10:F1} {2,12:F1} {3,9:F2}x", $"adjacent Verify ({adjacentTriples.Count} signatures checked)", oursRate, floorRate, ratio));
        Console.WriteLine(string.Format(inv, "  {0,-44} {1,10:F1} {2,12:F1} {3,9:F2}x", $"skipping Verify, trust 1/3 ({skippingTriples.Count} signatures)", skipRate, skipFloorRate, skipRatio));
        Console.WriteLine("  floor: the same (public key, sign bytes, signature) triples through BouncyCastle Ed25519.Verify from raw bytes");
        Console.WriteLine("  public keys: no cache (decoded from bytes in every verification, as in the floor)");
        Console.WriteLine($"  target: {result["target"]}: {(ratio <= 1.5 ? "met" : "NOT met")} ({ratio.ToString("F2", inv)}x)");
        return 0;
    }

    private static List<(byte[] Key, byte[] Message, byte[] Signature)> Triples(LightClientBlock block, TrustThreshold threshold)
    {
        var commit = block.SignedHeader.Commit;
        var vals = block.Validators.Validators;
        var total = vals.Sum(v => v.VotingPower);
        long tally = 0;
        var triples = new List<(byte[], byte[], byte[])>();
        for (var i = 0; i < commit.Signatures.Count && !threshold.IsEnoughPower(tally, total); i++)
        {
            if (commit.Signatures[i].BlockIdFlag != BlockIDFlag.Commit)
                continue;
            triples.Add((vals[i].PubKey.Ed25519.ToByteArray(), SignBytes.ForCommitSig(block.SignedHeader.Header.ChainId, commit, i), commit.Signatures[i].Signature.ToByteArray()));
            tally += vals[i].VotingPower;
        }
        return triples;
    }

    private static int VerifyAll(List<(byte[] Key, byte[] Message, byte[] Signature)> triples)
    {
        foreach (var (key, message, signature) in triples)
        {
            if (!Ed25519.Verify(signature, 0, key, 0, message, 0, message.Length))
                return Fail();
        }
        return 1;
    }

    private static double Measure(Func<int> op, int windowMs)
    {
        var sw = Stopwatch.StartNew();
        var n = 0;
        while (sw.ElapsedMilliseconds < windowMs)
            n += op();
        return n / sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        var m = s.Count / 2;
        return s.Count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static int Fail() => throw new InvalidOperationException("a verification failed during the benchmark");

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
