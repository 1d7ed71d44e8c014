namespace Oracle.Cosmos.Keys;

/// <summary>The BIP-39 English wordlist (2048 words, part of the standard), embedded as a resource.</summary>
public static class Bip39Wordlist
{
    private static readonly Lazy<(string[] Words, Dictionary<string, int> Index)> List = new(Load);

    /// <summary>The 2048 words in order (index = 11-bit value).</summary>
    public static IReadOnlyList<string> English => List.Value.Words;

    /// <summary>The 11-bit index of <paramref name="word"/>, or -1 when it is not in the list.</summary>
    public static int IndexOf(string word) => List.Value.Index.TryGetValue(word, out var i) ? i : -1;

    private static (string[], Dictionary<string, int>) Load()
    {
        using var stream = typeof(Bip39Wordlist).Assembly.GetManifestResourceStream("Oracle.Cosmos.Keys.english.txt")
            ?? throw new InvalidOperationException("the embedded BIP-39 wordlist resource is missing");
        using var reader = new StreamReader(stream);
        var words = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2048)
        {
            throw new InvalidOperationException($"the embedded BIP-39 wordlist has {words.Length} words, not 2048");
        }
        var index = new Dictionary<string, int>(2048, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++)
        {
            index.Add(words[i], i);
        }
        return (words, index);
    }
}
