namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>RFC 3339 times as CometBFT writes them (Go's RFC3339Nano), kept to the nanosecond.</summary>
public sealed class CometTimeTests
{
    [Theory]
    [InlineData("2024-05-01T12:00:41.123456789Z", 1714564841L, 123456789)]
    [InlineData("2024-05-01T12:00:41.5Z", 1714564841L, 500000000)]
    [InlineData("2024-05-01T12:00:41Z", 1714564841L, 0)]
    [InlineData("2024-05-01T14:00:41.000000001+02:00", 1714564841L, 1)]
    [InlineData("0001-01-01T00:00:00Z", -62135596800L, 0)]
    public void TryParse_KeepsEveryNanosecond(string text, long unixSeconds, int nanos)
    {
        Assert.Equal(new CometTime(unixSeconds, nanos), CometTime.TryParse(text));
    }

    [Theory]
    [InlineData("2024-05-01T12:00:41.123456789Z")]
    [InlineData("2024-05-01T12:00:41.5Z")]
    [InlineData("2024-05-01T12:00:41Z")]
    public void ToString_PrintsWhatCometBftPrints(string text)
    {
        Assert.Equal(text, CometTime.TryParse(text)!.Value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01 12:00:41Z")]
    [InlineData("2024-05-01T12:00:41")]
    [InlineData("2024-05-01T12:00:41.Z")]
    [InlineData("2024-05-01T12:00:41.1234567891Z")]
    [InlineData("2024-13-01T12:00:41Z")]
    [InlineData("2024-05-01T12:00:41+2:00")]
    [InlineData("2024-05-01T12:00:41.12a4Z")]
    public void TryParse_ReturnsNull_WhenTheTextIsNotRfc3339(string text)
    {
        Assert.Null(CometTime.TryParse(text));
    }
}
