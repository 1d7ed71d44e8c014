using System.Security.Cryptography;
using System.Text;

namespace Oracle.Cosmos.Keys;

/// <summary>
/// A BIP-39 mnemonic over the English wordlist: 12, 15, 18, 21 or 24 words encoding 128..256 bits of entropy plus
/// a SHA-256 checksum of entropy-bits/32 bits.
/// </summary>
/// <remarks>
/// Parsing is strict like cosmjs's <c>EnglishMnemonic</c>: lower-case words; any run of ASCII whitespace separates
/// words and the canonical phrase (<see cref="Phrase"/>) joins them with single spaces, which is what the seed is
/// computed from.
/// </remarks>
public sealed class Mnemonic
{
    private readonly byte[] _entropy;

    private Mnemonic(byte[] entropy, string[] words)
    {
        _entropy = entropy;
        Words = words;
        Phrase = string.Join(' ', words);
    }

    /// <summary>The words in order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The words joined by single spaces.</summary>
    public string Phrase { get; }

    /// <summary>A copy of the entropy.</summary>
    public byte[] Entropy => (byte[])_entropy.Clone();

    /// <summary>Encodes entropy (16, 20, 24, 28 or 32 bytes) as a mnemonic.</summary>
    /// <exception cref="KeyException"><see cref="KeyError.BadEntropyLength"/> for any other length.</exception>
    public static Mnemonic FromEntropy(ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length is not (16 or 20 or 24 or 28 or 32))
        {
            throw new KeyException(KeyError.BadEntropyLength, $"entropy is 16, 20, 24, 28 or 32 bytes (got {entropy.Length})");
        }
        int checksumBits = entropy.Length / 4;
        int wordCount = (entropy.Length * 8 + checksumBits) / 11;
        var bits = new byte[entropy.Length + 1];
        entropy.CopyTo(bits);
        bits[^1] = SHA256.HashData(entropy)[0];
        var words = new string[wordCount];
        for (int w = 0; w < wordCount; w++)
        {
            words[w] = Bip39Wordlist.English[ReadBits(bits, w * 11, 11)];
        }
        return new Mnemonic(entropy.ToArray(), words);
    }

    /// <summary>Parses and checks a mnemonic phrase.</summary>
    /// <exception cref="KeyException">
    /// <see cref="KeyError.BadWordCount"/>, <see cref="KeyError.UnknownWord"/> or <see cref="KeyError.BadChecksum"/>.
    /// </exception>
    public static Mnemonic Parse(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var words = phrase.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is not (12 or 15 or 18 or 21 or 24))
        {
            throw new KeyException(KeyError.BadWordCount, $"a mnemonic has 12, 15, 18, 21 or 24 words (got {words.Length})");
        }
        int totalBits = words.Length * 11;
        int checksumBits = totalBits / 33;
        int entropyBytes = (totalBits - checksumBits) / 8;
        var bits = new byte[(totalBits + 7) / 8];
        for (int w = 0; w < words.Length; w++)
        {
            int index = Bip39Wordlist.IndexOf(words[w]);
            if (index < 0)
            {
                throw new KeyException(KeyError.UnknownWord, $"word {w + 1} is not in the BIP-39 English wordlist");
            }
            WriteBits(bits, w * 11, 11, index);
        }
        var entropy = bits[..entropyBytes];
        int expected = SHA256.HashData(entropy)[0] >> (8 - checksumBits);
        int actual = ReadBits(bits, entropyBytes * 8, checksumBits);
        if (expected != actual)
        {
            throw new KeyException(KeyError.BadChecksum, "the mnemonic's checksum does not match its entropy");
        }
        return new Mnemonic(entropy, words);
    }

    /// <summary>The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(phrase), "mnemonic" + NFKD(passphrase), 2048).</summary>
    public byte[] ToSeed(string passphrase = "")
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var password = Encoding.UTF8.GetBytes(Phrase.Normalize(NormalizationForm.FormKD));
        var salt = Encoding.UTF8.GetBytes(("mnemonic" + passphrase).Normalize(NormalizationForm.FormKD));
        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 2048, HashAlgorithmName.SHA512, 64);
    }

    /// <summary>The phrase.</summary>
    public override string ToString() => Phrase;

    private static int ReadBits(byte[] data, int start, int count)
    {
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            int bit = start + i;
            value = (value << 1) | ((data[bit >> 3] >> (7 - (bit & 7))) & 1);
        }
        return value;
    }

    private static void WriteBits(byte[] data, int start, int count, int value)
    {
        for (int i = 0; i < count; i++)
        {
            int bit = start + i;
            if (((value >> (count - 1 - i)) & 1) != 0)
            {
                data[bit >> 3] |= (byte)(0x80 >> (bit & 7));
            }
        }
    }
}
