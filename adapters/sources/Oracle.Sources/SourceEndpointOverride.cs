namespace Oracle.Sources;

/// <summary>Points a template at another server (devnet): replaces the URL's host and/or port, nothing else.</summary>
/// <param name="Host">A DNS name (the enclave refuses IP literals), or null to keep the template's host.</param>
/// <param name="Port">1 to 65535, or null to keep the default (443).</param>
/// <remarks>For a local exchange keep the real host and change only the port, and let the enclave host resolve
/// the name to 127.0.0.1 (<c>--resolve</c>): the certificate is still checked for the real name.</remarks>
public sealed record SourceEndpointOverride(string? Host, int? Port);
