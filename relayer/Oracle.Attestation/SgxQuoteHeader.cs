using System.Buffers.Binary;

namespace Oracle.Attestation;

/// <summary>The 48-byte header of a DCAP quote (v3 or v4), as Intel's quote library lays it out.</summary>
/// <param name="Version">The quote version: 3 or 4.</param>
/// <param name="AttestationKeyType">2 = ECDSA P-256 (the only type accepted).</param>
/// <param name="TeeType">0 = SGX (the only type accepted; reserved and zero in v3).</param>
/// <param name="QeSvn">The quoting enclave's security version (reserved in v4).</param>
/// <param name="PceSvn">The provisioning certification enclave's security version (reserved in v4).</param>
/// <param name="QeVendorId">The QE vendor id (16 bytes; Intel's is 939a7233f79c4ca9940a0db3957f0607).</param>
/// <param name="UserData">20 bytes of user data (the first 16 are the QE's platform instance id).</param>
/// <param name="Raw">The 48 bytes as they appear in the quote.</param>
public sealed record SgxQuoteHeader(
    ushort Version,
    ushort AttestationKeyType,
    uint TeeType,
    ushort QeSvn,
    ushort PceSvn,
    ReadOnlyMemory<byte> QeVendorId,
    ReadOnlyMemory<byte> UserData,
    ReadOnlyMemory<byte> Raw)
{
    /// <summary>The size of the header in bytes.</summary>
    public const int Size = 48;

    /// <summary>The attestation key type for ECDSA over P-256.</summary>
    public const ushort EcdsaP256 = 2;

    /// <summary>The TEE type for SGX.</summary>
    public const uint TeeTypeSgx = 0;

    /// <summary>Reads a header from exactly <see cref="Size"/> bytes; the caller has checked the length.</summary>
    internal static SgxQuoteHeader Read(ReadOnlyMemory<byte> raw)
    {
        var s = raw.Span;
        return new SgxQuoteHeader(
            BinaryPrimitives.ReadUInt16LittleEndian(s),
            BinaryPrimitives.ReadUInt16LittleEndian(s[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(s[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(s[10..]),
            raw.Slice(12, 16),
            raw.Slice(28, 20),
            raw);
    }
}
