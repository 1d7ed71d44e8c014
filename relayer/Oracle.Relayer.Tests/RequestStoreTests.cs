using Oracle.Evm;
using Oracle.Relayer.Requests;

namespace Oracle.Relayer.Tests;

/// <summary>The request path's durable state and planning, without a chain.</summary>
public sealed class RequestStoreTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), $"oracle-store-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static SeenRequest Seen(string id, ulong block, string hash = "0xaa", int quorum = 1) =>
        new(id, block, hash, "0x" + new string('1', 64), [1, 2, 3], "12345", quorum, "0x" + new string('2', 40));

    [Fact]
    public void Advance_IsAtomicAndIdempotent_AndSurvivesReopening()
    {
        string db = Path.Combine(dir, "r.db");
        using (var s = new RequestStore(db, "devnet:0xabc"))
        {
            Assert.Null(s.Cursor());
            var added = s.Advance([(10, "0x10"), (11, "0x11")], [Seen("0x01", 10), Seen("0x02", 11)], 11);
            Assert.Equal(2, added.Count);
            // The same events seen again (a rescan) are not new.
            Assert.Empty(s.Advance([(11, "0x11")], [Seen("0x02", 11)], 11));
            s.SetStatus("0x01", "done", "0xtx", null);
        }
        using (var s = new RequestStore(db, "devnet:0xabc"))
        {
            Assert.Equal(11UL, s.Cursor());
            Assert.Equal("0x11", s.BlockHash(11));
            Assert.Equal(["0x02"], s.Open().Select(r => r.RequestId));
            var done = s.Get("0x01")!;
            Assert.Equal("done", done.Status);
            Assert.Equal("0xtx", done.Transaction);
            Assert.Equal([1, 2, 3], done.Request.Spec);
        }
        // Another watch in the same file sees none of it.
        using (var other = new RequestStore(db, "devnet:0xdef"))
        {
            Assert.Null(other.Cursor());
            Assert.Empty(other.Open());
        }
    }

    [Fact]
    public void Rewind_ForgetsRequestsAndHashesAboveTheFork_AndMovesTheCursorBack()
    {
        using var s = new RequestStore(Path.Combine(dir, "r.db"), "w");
        s.Advance([(5, "0x05"), (6, "0x06"), (7, "0x07")], [Seen("0x05", 5), Seen("0x06", 6), Seen("0x07", 7)], 7);
        var gone = s.Rewind(5);
        Assert.Equal(["0x06", "0x07"], gone.OrderBy(x => x));
        Assert.Equal(5UL, s.Cursor());
        Assert.Equal("0x05", s.BlockHash(5));
        Assert.Null(s.BlockHash(6));
        Assert.Equal(["0x05"], s.Open().Select(r => r.RequestId));
        // The replacement fork's blocks and a re-mined request are taken as new.
        Assert.Single(s.Advance([(6, "0x66")], [Seen("0x06", 6, "0x66")], 6));
        Assert.Equal("0x66", s.Get("0x06")!.Request.BlockHash);
    }

    [Fact]
    public void Advance_KeepsOnlyTheRecentBlockHashes()
    {
        using var s = new RequestStore(Path.Combine(dir, "r.db"), "w");
        ulong last = RequestStore.KeptBlocks + 100;
        s.Advance([.. Enumerable.Range(1, (int)last).Select(n => ((ulong)n, $"0x{n:x}"))], [], last);
        Assert.Null(s.BlockHash(1));
        Assert.Null(s.BlockHash(last - RequestStore.KeptBlocks - 1));
        Assert.NotNull(s.BlockHash(last - RequestStore.KeptBlocks));
        Assert.NotNull(s.BlockHash(last));
    }

    [Theory]
    [InlineData(1, 100, 100, 3, 3, 1)] // the request block itself: attempt 0 only
    [InlineData(1, 100, 102, 3, 3, 1)]
    [InlineData(1, 100, 103, 3, 3, 2)] // one window later: the first backup
    [InlineData(1, 100, 106, 3, 3, 3)]
    [InlineData(1, 100, 200, 3, 3, 3)] // never more than the validators
    [InlineData(2, 100, 100, 3, 3, 2)] // quorum 2: leader and one follower from the start
    [InlineData(2, 100, 103, 3, 3, 3)]
    [InlineData(1, 100, 50, 3, 3, 1)] // a block before the request (a lagging node): as at the request block
    public void Open_FollowsTheContract(int quorum, ulong requestBlock, ulong block, ulong window, int validators, int expected) =>
        Assert.Equal(expected, RequestPlan.Open(quorum, requestBlock, block, window, validators));

    [Fact]
    public void Plan_LeadsOnlyItsOwnOpenAttempt_FollowersDoNotLead_BackupsLeadWhenTheirWindowOpens()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => EthKey.Generate().Address).ToList();
        var validators = keys.Select((k, i) => new RegistryValidator(i, k, 1, EthKey.Generate().Address)).ToList();
        var r = Seen("0x" + new string('7', 64), 100);
        var order = Election.Order([1, 1, 1], 12345, Hex.Decode(r.RequestId), 3);
        var first = keys[order[0]];
        var backup = keys[order[1]];
        Assert.True(RequestPlan.For(r, validators, first, 100, 3).Leads);
        Assert.False(RequestPlan.For(r, validators, backup, 102, 3).Leads);
        var b = RequestPlan.For(r, validators, backup, 103, 3);
        Assert.True(b.Leads);
        Assert.Equal(1, b.Attempt);
        Assert.Equal(103UL, b.OpensAtBlock);
        Assert.Equal(-1, RequestPlan.For(r, validators, EthKey.Generate().Address, 200, 3).Attempt);

        // Quorum 2: attempt 1 is a follower (asked to endorse), attempt 2 a backup leader one window later.
        var q = Seen(r.RequestId, 100, quorum: 2);
        Assert.True(RequestPlan.For(q, validators, first, 100, 3).Leads);
        Assert.False(RequestPlan.For(q, validators, backup, 200, 3).Leads);
        Assert.False(RequestPlan.For(q, validators, keys[order[2]], 102, 3).Leads);
        Assert.True(RequestPlan.For(q, validators, keys[order[2]], 103, 3).Leads);
    }
}
