using System.Numerics;
using Oracle.Evm;

namespace Oracle.Relayer.Attestation;

/// <summary>
/// A registry entry as attestation verifiers sign it (EIP-712 <c>EnclaveEntry</c> under the
/// <c>OracleRegistry</c>/<c>1</c> domain of the registry's chain and address; contracts/src/OracleRegistry.sol).
/// </summary>
/// <param name="Validator">The validator (operator) whose enclave this is.</param>
/// <param name="Power">Its voting power.</param>
/// <param name="Signer">The enclave's secp256k1 key as an address.</param>
/// <param name="X25519">The enclave's X25519 public key (32 bytes).</param>
/// <param name="Measurement">MRENCLAVE (32 bytes).</param>
/// <param name="TcbStatus">The verified TCB status (<see cref="Oracle.Attestation.TcbStatus"/>), or <see cref="SimulatedStatus"/>.</param>
/// <param name="ExpiresAt">When the entry lapses (unix seconds, chain time).</param>
/// <param name="IssuedAt">When it was issued (chain time); strictly increasing per validator on chain.</param>
public sealed record EnclaveEntry(EthAddress Validator, ulong Power, EthAddress Signer, byte[] X25519, byte[] Measurement, byte TcbStatus, ulong ExpiresAt, ulong IssuedAt)
{
    /// <summary>The EIP-712 type.</summary>
    public const string TypeString = "EnclaveEntry(address validator,uint64 power,address signer,bytes32 x25519,bytes32 measurement,uint8 tcbStatus,uint64 expiresAt,uint64 issuedAt)";

    /// <summary>The TCB status recorded for simulated evidence.</summary>
    public const byte SimulatedStatus = 255;

    /// <summary>The ABI signature of the registry's write path.</summary>
    public const string RegisterSignature = "registerEnclave((address,uint64,address,bytes32,bytes32,uint8,uint64,uint64),bytes[])";

    /// <summary>The operator id an enclave's REPORTDATA binds for <paramref name="validator"/>: its address in lower-case hex.</summary>
    public static string OperatorId(EthAddress validator) => validator.ToLowerHex();

    /// <summary>The values in field order.</summary>
    public object?[] Values() =>
        [Validator, (BigInteger)Power, Signer, X25519, Measurement, (BigInteger)TcbStatus, (BigInteger)ExpiresAt, (BigInteger)IssuedAt];

    /// <summary>The digest verifiers sign for the registry at <paramref name="registry"/> on chain <paramref name="chainId"/>.</summary>
    public byte[] Digest(BigInteger chainId, EthAddress registry) =>
        Eip712.TypedDataHash(Eip712.DomainSeparator("OracleRegistry", "1", chainId, registry), Eip712.HashStruct(TypeString, Values()));

    /// <summary>Whether <paramref name="other"/> names the same enclave (validator, power, signer, keys, measurement, status).</summary>
    public bool SameEnclave(EnclaveEntry other) =>
        Validator == other.Validator && Power == other.Power && Signer == other.Signer && X25519.AsSpan().SequenceEqual(other.X25519)
        && Measurement.AsSpan().SequenceEqual(other.Measurement) && TcbStatus == other.TcbStatus;
}

/// <summary>One verifier's signature over an entry.</summary>
/// <param name="Verifier">The verifier's address.</param>
/// <param name="Signature">65 bytes r || s || v (v = 27 or 28).</param>
public sealed record EntrySignature(EthAddress Verifier, byte[] Signature);
