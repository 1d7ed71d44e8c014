using System.Text.Json;
using Oracle.Ibc.Tendermint.Protos;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>Reads the tendermint-rs vectors in place from ../shared/vectors/tendermint-light (never copied).</summary>
internal static class TestData
{
    public static string Root { get; } = Locate();

    public static string SingleStepDir => Path.Combine(Root, "light-client", "tests", "support", "model_based", "single_step");

    public static string BisectionDir => Path.Combine(Root, "light-client", "tests", "support", "bisection", "single_peer");

    public static string KnownHashHeader => Path.Combine(Root, "tendermint", "tests", "support", "serialization", "block", "header_with_known_hash.json");

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oracle.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException("Oracle.sln not found above " + AppContext.BaseDirectory);
        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "tendermint-light"));
        if (!Directory.Exists(path))
            throw new InvalidOperationException("tendermint-light vectors not found at " + path);
        return path;
    }

    public static IEnumerable<object[]> SingleStepFiles() =>
        Directory.GetFiles(SingleStepDir, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });

    public static IEnumerable<object[]> BisectionFiles() =>
        Directory.GetFiles(BisectionDir, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });

    public static JsonDocument Load(string path) => TendermintJson.Parse(File.ReadAllBytes(path));

    /// <summary>A duration written as a decimal string of nanoseconds (tendermint-rs' serde form).</summary>
    public static TimeSpan Nanoseconds(JsonElement e) => TimeSpan.FromTicks(long.Parse(e.GetString()!) / 100);

    /// <summary>One single-step case: the initial trusted state, the trusting period, and the steps.</summary>
    public sealed record SingleStepCase(string Description, TrustedState Initial, TimeSpan TrustingPeriod, IReadOnlyList<Step> Steps);

    /// <summary>One step: the block, the time it is verified at, the expected verdict, and its JSON bytes.</summary>
    public sealed record Step(LightClientBlock Block, TmTime Now, Verdict Expected, byte[] BlockJson);

    public static SingleStepCase LoadSingleStep(string file)
    {
        using var doc = Load(Path.Combine(SingleStepDir, file));
        var root = doc.RootElement;
        var initial = root.GetProperty("initial");
        var header = TendermintJson.ReadSignedHeader(initial.GetProperty("signed_header"));
        var next = TendermintJson.ReadValidatorSet(initial.GetProperty("next_validator_set"));
        // As tendermint-rs' driver: the initial block's validators and next validators are both the given next set.
        var trusted = TrustedState.FromBlock(new LightClientBlock(header, next, next));
        var steps = root.GetProperty("input").EnumerateArray().Select(input => new Step(
            TendermintJson.ReadLightBlock(input.GetProperty("block")),
            TendermintJson.ReadTime(input.GetProperty("now")),
            input.GetProperty("verdict").GetString() switch
            {
                "SUCCESS" => Verdict.Success,
                "NOT_ENOUGH_TRUST" => Verdict.NotEnoughTrust,
                "INVALID" => Verdict.Invalid,
                var v => throw new InvalidDataException("unknown verdict " + v),
            },
            JsonSerializer.SerializeToUtf8Bytes(input.GetProperty("block")))).ToList();
        return new(root.GetProperty("description").GetString() ?? file, trusted, Nanoseconds(initial.GetProperty("trusting_period")), steps);
    }

    /// <summary>Options as tendermint-rs' single-step driver sets them: default trust level, no clock drift.</summary>
    public static LightClientOptions SingleStepOptions(TimeSpan trustingPeriod, TmTime now) =>
        new() { TrustingPeriod = trustingPeriod, MaxClockDrift = TimeSpan.Zero, Now = now };

    /// <summary>The first successful step of the first case whose first step succeeds, with its trusted state.</summary>
    public static (TrustedState Trusted, Step Step, LightClientOptions Options) FirstSuccess(string file)
    {
        var c = LoadSingleStep(file);
        var trusted = c.Initial;
        foreach (var step in c.Steps)
        {
            var options = SingleStepOptions(c.TrustingPeriod, step.Now);
            if (step.Expected == Verdict.Success)
                return (trusted, step, options);
            if (LightClient.Verify(trusted, step.Block, options).IsOk)
                trusted = TrustedState.FromBlock(step.Block);
        }
        throw new InvalidDataException(file + " has no successful step");
    }
}
