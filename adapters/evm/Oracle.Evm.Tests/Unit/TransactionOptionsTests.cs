namespace Oracle.Evm.Tests.Unit;

public sealed class TransactionOptionsTests
{
    [Fact]
    public void Validate_NamesEveryBadSetting_WhenSeveralAreWrong()
    {
        var options = new TransactionOptions { Confirmations = -1, FeeBumpPercent = 5, PollInterval = TimeSpan.Zero };

        var problems = string.Join("; ", options.Validate());

        Assert.Contains("Confirmations", problems);
        Assert.Contains("FeeBumpPercent", problems);
        Assert.Contains("PollInterval", problems);
    }
}
