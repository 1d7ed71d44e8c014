using System.Diagnostics;

namespace Oracle.Cosmos.Rpc.Tests;

/// <summary>The size limit on a body without Content-Length, against a real Kestrel server that never ends its answer.</summary>
public sealed class ChunkedBodyLimitTests
{
    [Fact]
    public async Task StatusAsync_StopsReading_WhenAChunkedBodyNeverEnds()
    {
        // No Content-Length: the limit is enforced while reading, and the client hangs up long before the 64 MiB the server would send.
        await using var server = await LoopbackWebServer.StartAsync(endlessBody: true);
        var client = new CometRpcClient(new HttpClient(), server.Options(o => o.MaxResponseBytes = 1024 * 1024));
        var watch = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<CometRpcException>(() => client.StatusAsync());

        var servedWhenRefused = server.BytesServed;
        Assert.Equal(CometRpcError.ResponseTooLarge, e.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.True(servedWhenRefused < 8L * 1024 * 1024, $"server had written {servedWhenRefused} bytes");
    }
}
