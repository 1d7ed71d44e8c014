namespace Oracle.Evm;

/// <summary>One broadcast of a transaction (the original or a replacement), raised by <see cref="TransactionSender.Broadcast"/>.</summary>
/// <param name="Hash">The transaction hash.</param>
/// <param name="From">The sender.</param>
/// <param name="Nonce">The nonce.</param>
/// <param name="Fees">The fees offered.</param>
/// <param name="Replacement">0 for the original, n for the n-th replacement.</param>
public sealed record TransactionBroadcast(string Hash, EthAddress From, ulong Nonce, Eip1559Fees Fees, int Replacement);
