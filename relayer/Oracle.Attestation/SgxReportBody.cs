using System.Buffers.Binary;

namespace Oracle.Attestation;

/// <summary>
/// A 384-byte SGX report body: the enclave's report in a quote, and the quoting enclave's
/// report in its signature data.
/// </summary>
/// <param name="CpuSvn">The CPU security version (16 bytes).</param>
/// <param name="MiscSelect">The MISCSELECT bits.</param>
/// <param name="Attributes">The 16-byte ATTRIBUTES field (flags u64 LE, then XFRM u64 LE).</param>
/// <param name="MrEnclave">The enclave measurement (32 bytes).</param>
/// <param name="MrSigner">The hash of the enclave signer's public key (32 bytes).</param>
/// <param name="IsvProdId">The product id the signer gave the enclave.</param>
/// <param name="IsvSvn">The security version the signer gave the enclave.</param>
/// <param name="ReportData">The 64 bytes of REPORTDATA the enclave chose.</param>
/// <param name="Raw">The 384 bytes as they appear in the quote (what signatures cover).</param>
public sealed record SgxReportBody(
    ReadOnlyMemory<byte> CpuSvn,
    uint MiscSelect,
    ReadOnlyMemory<byte> Attributes,
    ReadOnlyMemory<byte> MrEnclave,
    ReadOnlyMemory<byte> MrSigner,
    ushort IsvProdId,
    ushort IsvSvn,
    ReadOnlyMemory<byte> ReportData,
    ReadOnlyMemory<byte> Raw)
{
    /// <summary>The size of a report body in bytes.</summary>
    public const int Size = 384;

    /// <summary>The attribute flags (the first 8 bytes of <see cref="Attributes"/>, little-endian).</summary>
    public ulong Flags => BinaryPrimitives.ReadUInt64LittleEndian(Attributes.Span);

    /// <summary>Whether the enclave runs in debug mode (flags bit 1): its memory is open to the host.</summary>
    public bool Debug => (Flags & 0x2) != 0;

    /// <summary>Reads a report body from exactly <see cref="Size"/> bytes; the caller has checked the length.</summary>
    internal static SgxReportBody Read(ReadOnlyMemory<byte> raw)
    {
        var s = raw.Span;
        // Offsets: cpusvn 0, miscselect 16, reserved 20, attributes 48, mrenclave 64, reserved 96,
        // mrsigner 128, reserved 160, isvprodid 256, isvsvn 258, reserved 260, reportdata 320.
        return new SgxReportBody(
            raw[..16],
            BinaryPrimitives.ReadUInt32LittleEndian(s[16..]),
            raw.Slice(48, 16),
            raw.Slice(64, 32),
            raw.Slice(128, 32),
            BinaryPrimitives.ReadUInt16LittleEndian(s[256..]),
            BinaryPrimitives.ReadUInt16LittleEndian(s[258..]),
            raw.Slice(320, 64),
            raw);
    }
}
