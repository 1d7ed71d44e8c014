namespace Oracle.Cosmos.Tests.Support;

/// <summary>Seeds for randomised tests: fresh each run unless ORACLE_TEST_SEED is set; tests print them.</summary>
internal static class Seeds
{
    public static int Next()
    {
        var text = Environment.GetEnvironmentVariable("ORACLE_TEST_SEED");
        return text is not null && int.TryParse(text, out var seed) ? seed : Random.Shared.Next();
    }
}
