using Oracle.Evm.Tests.Support;

namespace Oracle.Evm.Tests.Anvil;

public sealed class NonceManagerTests
{
    [Fact]
    public async Task Release_HandsTheNonceOutAgainBeforeNewOnes()
    {
        await using var anvil = await AnvilNode.StartAsync();
        var nonces = new NonceManager(anvil.Rpc);
        var sender = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

        var first = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => nonces.NextAsync(sender, ct)));
        nonces.Release(sender, 1);
        nonces.Release(sender, 4);

        Assert.Equal(new ulong[] { 0, 1, 2, 3, 4 }, first.Order());
        Assert.Equal(1UL, await nonces.NextAsync(sender, ct)); // the gap first
        Assert.Equal(4UL, await nonces.NextAsync(sender, ct)); // the top was folded back into the counter
        Assert.Equal(5UL, await nonces.NextAsync(sender, ct));
        await nonces.ResyncAsync(sender, ct);
        Assert.Equal(0UL, await nonces.NextAsync(sender, ct)); // nothing was sent: the chain says 0
    }
}
