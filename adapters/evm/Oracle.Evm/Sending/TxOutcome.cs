namespace Oracle.Evm;

/// <summary>A transaction that was mined, succeeded and reached the requested confirmations.</summary>
/// <param name="Hash">The hash of the broadcast that was mined.</param>
/// <param name="Receipt">Its receipt.</param>
/// <param name="Replacements">How many replacements were sent before one was mined.</param>
/// <param name="Nonce">The nonce used.</param>
/// <param name="SentHashes">Every broadcast hash, in order (the original first).</param>
public sealed record TxOutcome(string Hash, TransactionReceipt Receipt, int Replacements, ulong Nonce, IReadOnlyList<string> SentHashes);
