namespace Oracle.Ibc.Tendermint.Tests;

public sealed class HeaderHashTests
{
    [Fact]
    public void HeaderHash_IsTheKnownHash_ForTheSerializationVector()
    {
        using var doc = TestData.Load(TestData.KnownHashHeader);
        var header = TendermintJson.ReadHeader(doc.RootElement);
        Assert.Equal("F30A71F2409FB15AACAEDB6CC122DFA2525BEE9CAE521721B06BFDCA291B8D56", Convert.ToHexString(Hashing.HeaderHash(header)));
    }
}
