using Oracle.Cosmos.Protos.Base.V1Beta1;

namespace Oracle.Cosmos.Tx;

/// <summary>Constructs and checks <see cref="Coin"/> values (cosmos-sdk denom and amount rules).</summary>
public static class Coins
{
    /// <summary>A checked coin.</summary>
    /// <exception cref="TxException"><see cref="TxError.BadCoin"/>.</exception>
    public static Coin Of(string denom, string amount)
    {
        var coin = new Coin { Denom = denom, Amount = amount };
        Check(coin);
        return coin;
    }

    /// <summary>A checked coin from a non-negative integer amount.</summary>
    /// <exception cref="TxException"><see cref="TxError.BadCoin"/>.</exception>
    public static Coin Of(string denom, System.Numerics.BigInteger amount) =>
        Of(denom, amount.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Throws <see cref="TxError.BadCoin"/> naming the broken rule when <paramref name="coin"/> is not valid.</summary>
    public static void Check(Coin coin)
    {
        ArgumentNullException.ThrowIfNull(coin);
        if (!IsValidDenom(coin.Denom))
        {
            throw new TxException(TxError.BadCoin, $"denom \"{coin.Denom}\" does not match [a-zA-Z][a-zA-Z0-9/:._-]{{2,127}}");
        }
        var a = coin.Amount;
        if (a.Length == 0 || a.Length > 78 || !a.All(char.IsAsciiDigit) || (a.Length > 1 && a[0] == '0'))
        {
            throw new TxException(TxError.BadCoin, $"amount \"{a}\" is not a non-negative decimal integer without leading zeros");
        }
    }

    /// <summary>True when <paramref name="denom"/> matches cosmos-sdk's default <c>[a-zA-Z][a-zA-Z0-9/:._-]{2,127}</c>.</summary>
    public static bool IsValidDenom(string denom) =>
        denom.Length is >= 3 and <= 128
        && char.IsAsciiLetter(denom[0])
        && denom.AsSpan(1).IndexOfAnyExcept(DenomChars) < 0;

    private static readonly System.Buffers.SearchValues<char> DenomChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:._-");
}
