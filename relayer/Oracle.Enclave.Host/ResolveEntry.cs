using System.Globalization;
using System.Net;

namespace Oracle.Enclave.Host;

/// <summary>One <c>host:port:address</c> DNS override (<see cref="EnclaveHostOptions.Resolve"/>).</summary>
/// <param name="Name">The DNS name the enclave asks for.</param>
/// <param name="Port">The port it applies to; 0 = any.</param>
/// <param name="Address">The IP address literal the host connects to instead.</param>
public sealed record ResolveEntry(string Name, ushort Port, string Address)
{
    /// <summary>Parses <c>host:port:address</c>; the address may be IPv6 (it is everything after the second colon).</summary>
    /// <returns>The entry, or null with <paramref name="error"/> saying what is wrong.</returns>
    public static ResolveEntry? Parse(string text, out string error)
    {
        error = "";
        string[] parts = text.Split(':', 3);
        if (parts.Length != 3)
        {
            error = $"'{text}': expected host:port:address";
            return null;
        }
        string name = parts[0], address = parts[2];
        if (name.Length is 0 or > 253 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            error = $"'{text}': '{name}' is not a DNS name";
        else if (!ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
            error = $"'{text}': port '{parts[1]}' is not 0 to 65535";
        else if (!IsIpLiteral(address))
            error = $"'{text}': address '{address}' is not an IP address literal";
        else
            return new ResolveEntry(name, port, address);
        return null;
    }

    // What inet_pton accepts: dotted-quad IPv4 or IPv6 without a zone (IPAddress.TryParse also takes "127.1").
    private static bool IsIpLiteral(string text) =>
        IPAddress.TryParse(text, out IPAddress? ip) &&
        (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? !text.Contains('%')
            : text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.'));
}
