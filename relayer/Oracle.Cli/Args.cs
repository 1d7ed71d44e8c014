using System.Globalization;

namespace Oracle.Cli;

/// <summary>A small, strict parser for "--name value" and "--flag" arguments.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="options"/> take one.</summary>
    /// <exception cref="UsageException">An unknown argument or a missing value.</exception>
    public Args(string command, IReadOnlyList<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> options)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? inline = null;
            int eq = a.IndexOf('=');
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = a[(eq + 1)..]; a = a[..eq]; }
            if (flags.Contains(a)) values[a] = null;
            else if (options.Contains(a))
            {
                string? v = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (v is null) throw new UsageException($"{command}: {a} needs a value");
                values[a] = v;
            }
            else throw new UsageException($"{command}: unknown argument '{args[i]}'");
        }
        Command = command;
    }

    public string Command { get; }

    public bool Has(string name) => values.ContainsKey(name);

    public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

    public int GetInt(string name, int fallback, int min, int max)
    {
        var v = Get(name);
        if (v is null) return fallback;
        if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new UsageException($"{Command}: {name} {v}: expected an integer in {min}..{max}");
        return n;
    }

    public double GetSeconds(string name, double fallback, double min, double max)
    {
        var v = Get(name);
        if (v is null) return fallback;
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s < min || s > max)
            throw new UsageException($"{Command}: {name} {v}: expected seconds in {min}..{max}");
        return s;
    }
}

/// <summary>Bad command line: printed with a hint to --help, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
