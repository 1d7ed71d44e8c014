using System.Globalization;
using Oracle.Ibc.Channel.Protos;

namespace Oracle.Ibc.Channel;

/// <summary>IBC heights: comparison and the "revision-height" text form of ibc-go's <c>clienttypes.Height</c>.</summary>
public static class Heights
{
    /// <summary>The zero height: "no timeout height".</summary>
    public static bool IsZero(Height? height) => height is null || (height.RevisionNumber == 0 && height.RevisionHeight == 0);

    /// <summary>Orders by revision number, then by height within the revision.</summary>
    public static int Compare(Height a, Height b) =>
        a.RevisionNumber != b.RevisionNumber
            ? a.RevisionNumber.CompareTo(b.RevisionNumber)
            : a.RevisionHeight.CompareTo(b.RevisionHeight);

    /// <summary><c>{revision}-{height}</c>, as in consensus state paths.</summary>
    public static string Format(Height height) =>
        string.Create(CultureInfo.InvariantCulture, $"{height.RevisionNumber}-{height.RevisionHeight}");

    /// <summary>Parses <c>{revision}-{height}</c>.</summary>
    /// <exception cref="ChannelException"><see cref="ChannelError.InvalidHeight"/>.</exception>
    public static Height Parse(string text)
    {
        string[] parts = text.Split('-');
        if (parts.Length != 2 ||
            !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong revision) ||
            !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong height))
            throw new ChannelException(ChannelError.InvalidHeight, $"height '{text}' is not revision-height with two unsigned integers");
        return new Height { RevisionNumber = revision, RevisionHeight = height };
    }
}
