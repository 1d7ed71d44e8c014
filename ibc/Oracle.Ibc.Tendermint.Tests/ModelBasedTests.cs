using Xunit.Abstractions;

namespace Oracle.Ibc.Tendermint.Tests;

/// <summary>tendermint-rs' model-based single-step vectors: each step's verdict, the trusted state moving on each success.</summary>
public sealed class ModelBasedTests(ITestOutputHelper output)
{
    [Fact]
    public void SingleStepVectors_AreAllThere() => Assert.Equal(37, TestData.SingleStepFiles().Count());

    [Theory]
    [MemberData(nameof(TestData.SingleStepFiles), MemberType = typeof(TestData))]
    public void Verify_GivesTheModelsVerdict_AtEveryStep(string file)
    {
        var c = TestData.LoadSingleStep(file);
        var trusted = c.Initial;
        for (var i = 0; i < c.Steps.Count; i++)
        {
            var step = c.Steps[i];
            var result = LightClient.Verify(trusted, step.Block, TestData.SingleStepOptions(c.TrustingPeriod, step.Now));
            output.WriteLine($"step {i}: height {step.Block.Height} at {step.Now}: expected {step.Expected}, got {result}");
            Assert.True(step.Expected == result.Verdict, $"{file} step {i}: expected {step.Expected}, got {result}");
            if (result.IsOk)
                trusted = TrustedState.FromBlock(step.Block);
        }
    }
}
