// ICS-23 verifications per second (decode + verify, as a client does with a proof from a relayer) over the same
// proofs @confio/ics23 verifies in bench/ibc/run.sh.
//   ics23-bench gen FILE COUNT SEED        write COUNT valid IAVL proofs (trees of up to 4096 entries)
//   ics23-bench run FILE WINDOW_MS WINDOWS  print {"rates":[...]} (verifications per second per window)
using System.Diagnostics;
using System.Text.Json;
using Oracle.Ibc.Ics23;
using Oracle.Ibc.Tests.Ics23;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ics23-bench gen FILE COUNT SEED | run FILE WINDOW_MS WINDOWS");
    return 2;
}
string file = args[1];
if (args[0] == "gen")
{
    var cases = Ics23Cases.Valid(new Random(int.Parse(args[3])), int.Parse(args[2]), maxEntries: 4096, iavlOnly: true);
    Ics23Case.WriteAll(file, cases);
    return 0;
}
var loaded = JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray().Select(e => new Ics23Case(
    e.GetProperty("kind").GetString()!, e.GetProperty("spec").GetString()!,
    Convert.FromHexString(e.GetProperty("root").GetString()!), Convert.FromHexString(e.GetProperty("key").GetString()!),
    e.TryGetProperty("value", out var v) ? Convert.FromHexString(v.GetString()!) : null,
    Convert.FromHexString(e.GetProperty("proof").GetString()!), "valid")).ToArray();
var spec = ProofSpecs.Iavl;
foreach (var c in loaded)
{
    var r = c.Verify(spec);
    if (!r.IsOk)
        throw new InvalidOperationException("a bench proof does not verify: " + r.Message);
}
int windowMs = int.Parse(args[2]), windows = int.Parse(args[3]);
int index = 0;
long Run(int ms)
{
    long n = 0;
    var sw = Stopwatch.StartNew();
    while (sw.ElapsedMilliseconds < ms)
    {
        for (int k = 0; k < 16; k++)
        {
            if (!loaded[index].Verify(spec).IsOk)
                throw new InvalidOperationException("verification failed");
            index = (index + 1) % loaded.Length;
            n++;
        }
    }
    return n;
}
Run(Math.Min(windowMs, 500));
var rates = new List<double>();
for (int w = 0; w < windows; w++)
{
    var sw = Stopwatch.StartNew();
    long n = Run(windowMs);
    rates.Add(n / sw.Elapsed.TotalSeconds);
}
Console.WriteLine(JsonSerializer.Serialize(new { rates }));
return 0;
