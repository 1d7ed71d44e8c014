namespace Oracle.Sources.DevExchange;

/// <summary>One response a <see cref="DevExchangeServer"/> sent.</summary>
/// <param name="Time">When it was answered (the server's clock; the price is a function of its whole seconds).</param>
/// <param name="Path">The request's path and query.</param>
/// <param name="Status">The HTTP status sent (or 0 for a stalled request that was never answered).</param>
/// <param name="Value">The price exactly as written in the body (the first one, if several), or null.</param>
public sealed record ServedQuote(DateTimeOffset Time, string Path, int Status, string? Value);

/// <summary>How a <see cref="DevExchangeServer"/> answers, switchable while it runs.</summary>
public enum DevExchangeMode
{
    /// <summary>200 with the API's body.</summary>
    Normal,
    /// <summary>503 Service Unavailable.</summary>
    Http503,
    /// <summary>Reads the request and never answers (until the client gives up or the server stops).</summary>
    Stall,
}
