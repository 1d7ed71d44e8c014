using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Oracle.Relayer.Requests;

/// <summary>One request as the watcher saw it in an OracleRequested event.</summary>
public sealed record SeenRequest(
    string RequestId,
    ulong BlockNumber,
    string BlockHash,
    string SpecHash,
    byte[] Spec,
    string Randomness,
    int Quorum,
    string Requester);

/// <summary>A stored request and what became of it.</summary>
public sealed record StoredRequest(SeenRequest Request, string Status, string? Transaction);

/// <summary>
/// The request path's durable state in SQLite (one file per watch, WAL): the cursor (last block
/// scanned), the hashes of recent scanned blocks (to notice reorgs), and every request seen with its
/// status (open, done, forgotten, unanswerable). Every change of one poll commits in one transaction,
/// so a crash leaves either all of it or none.
/// </summary>
public sealed class RequestStore : IDisposable
{
    /// <summary>How many recent block hashes are kept (the deepest reorg that can be traced back).</summary>
    public const int KeptBlocks = 512;

    private readonly SqliteConnection db;
    private readonly string watch;
    private readonly Lock gate = new();

    /// <summary>Opens (or creates) the database.</summary>
    /// <param name="path">SQLite file.</param>
    /// <param name="watch">Key of this watch (chain and contract), so one file can hold several.</param>
    public RequestStore(string path, string watch)
    {
        this.watch = watch;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        Exec("""
            CREATE TABLE IF NOT EXISTS cursor (watch TEXT PRIMARY KEY, block INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS blocks (watch TEXT NOT NULL, number INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (watch, number));
            CREATE TABLE IF NOT EXISTS requests (
              watch TEXT NOT NULL, request_id TEXT NOT NULL, block_number INTEGER NOT NULL, block_hash TEXT NOT NULL,
              spec_hash TEXT NOT NULL, spec BLOB NOT NULL, randomness TEXT NOT NULL, quorum INTEGER NOT NULL,
              requester TEXT NOT NULL, status TEXT NOT NULL, tx TEXT, note TEXT,
              PRIMARY KEY (watch, request_id));
            CREATE INDEX IF NOT EXISTS requests_status ON requests (watch, status);
            """);
    }

    /// <summary>The last scanned block, or null before the first scan.</summary>
    public ulong? Cursor()
    {
        lock (gate)
        {
            using var c = Command("SELECT block FROM cursor WHERE watch = $w");
            return c.ExecuteScalar() is long b ? (ulong)b : null;
        }
    }

    /// <summary>The stored hash of a scanned block, or null.</summary>
    public string? BlockHash(ulong number)
    {
        lock (gate)
        {
            using var c = Command("SELECT hash FROM blocks WHERE watch = $w AND number = $n");
            c.Parameters.AddWithValue("$n", (long)number);
            return c.ExecuteScalar() as string;
        }
    }

    /// <summary>Records scanned blocks, the requests in them and the new cursor, atomically.</summary>
    /// <returns>The requests that were new.</returns>
    public IReadOnlyList<SeenRequest> Advance(IReadOnlyList<(ulong Number, string Hash)> blocks, IReadOnlyList<SeenRequest> requests, ulong cursor)
    {
        var added = new List<SeenRequest>();
        lock (gate)
        {
            using var tx = db.BeginTransaction();
            foreach (var (n, h) in blocks)
            {
                using var c = Command("INSERT OR REPLACE INTO blocks (watch, number, hash) VALUES ($w, $n, $h)", tx);
                c.Parameters.AddWithValue("$n", (long)n);
                c.Parameters.AddWithValue("$h", h);
                c.ExecuteNonQuery();
            }
            foreach (var r in requests)
            {
                using var c = Command("""
                    INSERT OR IGNORE INTO requests (watch, request_id, block_number, block_hash, spec_hash, spec, randomness, quorum, requester, status)
                    VALUES ($w, $id, $bn, $bh, $sh, $spec, $rnd, $q, $req, 'open')
                    """, tx);
                c.Parameters.AddWithValue("$id", r.RequestId);
                c.Parameters.AddWithValue("$bn", (long)r.BlockNumber);
                c.Parameters.AddWithValue("$bh", r.BlockHash);
                c.Parameters.AddWithValue("$sh", r.SpecHash);
                c.Parameters.AddWithValue("$spec", r.Spec);
                c.Parameters.AddWithValue("$rnd", r.Randomness);
                c.Parameters.AddWithValue("$q", r.Quorum);
                c.Parameters.AddWithValue("$req", r.Requester);
                if (c.ExecuteNonQuery() == 1) added.Add(r);
            }
            using (var c = Command("INSERT INTO cursor (watch, block) VALUES ($w, $b) ON CONFLICT (watch) DO UPDATE SET block = $b", tx))
            {
                c.Parameters.AddWithValue("$b", (long)cursor);
                c.ExecuteNonQuery();
            }
            using (var c = Command("DELETE FROM blocks WHERE watch = $w AND number < $keep", tx))
            {
                c.Parameters.AddWithValue("$keep", (long)cursor - KeptBlocks);
                c.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return added;
    }

    /// <summary>
    /// Undoes everything above <paramref name="forkBlock"/> (a reorg replaced those blocks): their hashes,
    /// and the requests seen in them, which no longer exist as seen. The cursor goes back to the fork.
    /// </summary>
    /// <returns>The ids of the requests forgotten.</returns>
    public IReadOnlyList<string> Rewind(ulong forkBlock)
    {
        var forgotten = new List<string>();
        lock (gate)
        {
            using var tx = db.BeginTransaction();
            using (var q = Command("SELECT request_id FROM requests WHERE watch = $w AND block_number > $f", tx))
            {
                q.Parameters.AddWithValue("$f", (long)forkBlock);
                using var rd = q.ExecuteReader();
                while (rd.Read()) forgotten.Add(rd.GetString(0));
            }
            foreach (var sql in new[]
                     {
                         "DELETE FROM requests WHERE watch = $w AND block_number > $f",
                         "DELETE FROM blocks WHERE watch = $w AND number > $f",
                         "UPDATE cursor SET block = $f WHERE watch = $w",
                     })
            {
                using var c = Command(sql, tx);
                c.Parameters.AddWithValue("$f", (long)forkBlock);
                c.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return forgotten;
    }

    /// <summary>Requests still waiting for an answer, oldest first.</summary>
    public IReadOnlyList<SeenRequest> Open()
    {
        lock (gate)
        {
            using var c = Command("SELECT request_id, block_number, block_hash, spec_hash, spec, randomness, quorum, requester FROM requests WHERE watch = $w AND status = 'open' ORDER BY block_number, request_id");
            using var rd = c.ExecuteReader();
            var list = new List<SeenRequest>();
            while (rd.Read()) list.Add(Read(rd));
            return list;
        }
    }

    /// <summary>One request, or null.</summary>
    public StoredRequest? Get(string requestId)
    {
        lock (gate)
        {
            using var c = Command("SELECT request_id, block_number, block_hash, spec_hash, spec, randomness, quorum, requester, status, tx FROM requests WHERE watch = $w AND request_id = $id");
            c.Parameters.AddWithValue("$id", requestId);
            using var rd = c.ExecuteReader();
            return rd.Read() ? new StoredRequest(Read(rd), rd.GetString(8), rd.IsDBNull(9) ? null : rd.GetString(9)) : null;
        }
    }

    /// <summary>Sets a request's status (done, forgotten, unanswerable) with the transaction or a note.</summary>
    public void SetStatus(string requestId, string status, string? transaction, string? note)
    {
        lock (gate)
        {
            using var c = Command("UPDATE requests SET status = $s, tx = COALESCE($tx, tx), note = $note WHERE watch = $w AND request_id = $id");
            c.Parameters.AddWithValue("$id", requestId);
            c.Parameters.AddWithValue("$s", status);
            c.Parameters.AddWithValue("$tx", (object?)transaction ?? DBNull.Value);
            c.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
            c.ExecuteNonQuery();
        }
    }

    /// <summary>How many requests have each status.</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (gate)
        {
            using var c = Command("SELECT status, COUNT(*) FROM requests WHERE watch = $w GROUP BY status");
            using var rd = c.ExecuteReader();
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            while (rd.Read()) d[rd.GetString(0)] = rd.GetInt32(1);
            return d;
        }
    }

    /// <inheritdoc />
    public void Dispose() => db.Dispose();

    private static SeenRequest Read(SqliteDataReader rd) => new(
        rd.GetString(0), (ulong)rd.GetInt64(1), rd.GetString(2), rd.GetString(3), (byte[])rd.GetValue(4), rd.GetString(5), rd.GetInt32(6), rd.GetString(7));

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var c = db.CreateCommand();
        c.CommandText = sql;
        c.Transaction = tx;
        c.Parameters.AddWithValue("$w", watch);
        return c;
    }

    private void Exec(string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    internal static string Format(ulong v) => v.ToString(CultureInfo.InvariantCulture);
}
