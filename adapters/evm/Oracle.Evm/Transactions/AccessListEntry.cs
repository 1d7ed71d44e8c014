namespace Oracle.Evm;

/// <summary>An EIP-2930 access list entry: an address and the storage slots the transaction touches there.</summary>
/// <param name="Address">The account.</param>
/// <param name="StorageKeys">32-byte storage slots.</param>
public sealed record AccessListEntry(EthAddress Address, IReadOnlyList<byte[]> StorageKeys);
