namespace Oracle.Evm;

/// <summary>A signed transaction ready to broadcast.</summary>
/// <param name="Transaction">The fields that were signed.</param>
/// <param name="Signature">The sender's signature over <see cref="Eip1559Transaction.SigningHash"/>.</param>
/// <param name="RawBytes"><c>0x02 || rlp(fields, yParity, r, s)</c>: what <c>eth_sendRawTransaction</c> takes.</param>
/// <param name="Hash">keccak256(RawBytes), lowercase hex with <c>0x</c>.</param>
public sealed record SignedTransaction(Eip1559Transaction Transaction, EthSignature Signature, byte[] RawBytes, string Hash)
{
    /// <summary>The sender, recovered from the signature.</summary>
    public EthAddress From => Signature.Recover(Transaction.SigningHash());
}
