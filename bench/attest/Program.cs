// Ours: Oracle.Attestation verifying a quote with its collateral.
// attest-bench QUOTE COLLATERAL_JSON UNIX_TIME WINDOWS WINDOW_MS MODE -> {"rates":[...],"status":...}
//   MODE cached: collateral parsed once (as a verifier holding fetched collateral does); every
//                call still checks every chain, CRL and signature of quote and collateral.
//   MODE parse:  the collateral JSON is parsed on every call too (what dcap-qvl's verify does).
using System.Diagnostics;
using System.Text.Json;
using Oracle.Attestation;

var quote = File.ReadAllBytes(args[0]);
var collateralJson = File.ReadAllBytes(args[1]);
var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
int windows = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
int windowMs = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
bool parseEachTime = args[5] == "parse";
using var cached = Collateral.FromJson(collateralJson);

VerifiedQuote Once()
{
    if (!parseEachTime)
    {
        return DcapVerifier.Intel.Verify(quote, cached, at);
    }
    using var collateral = Collateral.FromJson(collateralJson);
    return DcapVerifier.Intel.Verify(quote, collateral, at);
}

var result = Once();
for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;)
{
    Once();
}
var rates = new List<double>();
for (int w = 0; w < windows; w++)
{
    int n = 0;
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < windowMs)
    {
        Once();
        n++;
    }
    rates.Add(n / clock.Elapsed.TotalSeconds);
}
Console.WriteLine(JsonSerializer.Serialize(new { rates, status = result.Status.ToString(), advisory_ids = result.AdvisoryIds }));
