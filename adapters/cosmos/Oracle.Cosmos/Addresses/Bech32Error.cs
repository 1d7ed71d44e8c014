namespace Oracle.Cosmos.Addresses;

/// <summary>What is wrong with a bech32 string or address. The numbers are stable codes.</summary>
public enum Bech32Error
{
    /// <summary>The string mixes upper- and lower-case letters.</summary>
    MixedCase = 1,

    /// <summary>The string is longer than 90 characters.</summary>
    TooLong = 2,

    /// <summary>There is no '1' separator, or fewer than 6 characters (the checksum) follow it.</summary>
    NoSeparator = 3,

    /// <summary>The human-readable part is empty or has a character outside ASCII 33..126.</summary>
    BadPrefix = 4,

    /// <summary>The data part has a character outside the bech32 alphabet.</summary>
    InvalidChar = 5,

    /// <summary>The checksum does not verify (bech32, constant 1; bech32m strings fail here too).</summary>
    BadChecksum = 6,

    /// <summary>The 5-bit data does not convert to whole bytes (more than 4 padding bits, or non-zero padding).</summary>
    BadPadding = 7,

    /// <summary>The prefix is valid but not the one expected (e.g. "osmo" where "cosmos" was asked for).</summary>
    WrongPrefix = 8,

    /// <summary>An account address does not carry 20 bytes.</summary>
    BadAddressLength = 9,
}

/// <summary>A bech32 failure naming the rule that failed (<see cref="Code"/>).</summary>
public sealed class Bech32Exception(Bech32Error code, string message) : Exception($"{code}: {message}")
{
    /// <summary>The failed rule.</summary>
    public Bech32Error Code { get; } = code;
}
