using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>
/// The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's
/// TCB (16 component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC, PPID and SGX type.
/// </summary>
/// <param name="Ppid">The platform provisioning id (16 bytes).</param>
/// <param name="TcbComponents">The 16 SGX TCB component SVNs.</param>
/// <param name="PceSvn">The PCE security version.</param>
/// <param name="CpuSvn">The raw CPUSVN (16 bytes).</param>
/// <param name="PceId">The PCE id (2 bytes).</param>
/// <param name="Fmspc">The family-model-stepping-platform-custom id (6 bytes) naming the TCB info to use.</param>
/// <param name="SgxType">0 Standard, 1 Scalable, 2 Scalable with integrity.</param>
public sealed record PckExtensions(byte[] Ppid, int[] TcbComponents, int PceSvn, byte[] CpuSvn, byte[] PceId, byte[] Fmspc, int SgxType)
{
    /// <summary>The SGX extension OID.</summary>
    public const string Oid = "1.2.840.113741.1.13.1";

    /// <summary>Reads the SGX extension of <paramref name="pckLeaf"/>.</summary>
    /// <exception cref="AttestationException"><see cref="AttestationCheck.PckExtension"/>: missing, malformed, duplicated or incomplete.</exception>
    public static PckExtensions Read(X509Certificate2 pckLeaf)
    {
        ArgumentNullException.ThrowIfNull(pckLeaf);
        X509Extension? found = null;
        foreach (var extension in pckLeaf.Extensions)
        {
            if (extension.Oid?.Value == Oid)
            {
                if (found is not null)
                {
                    throw Bad("the certificate has the SGX extension twice");
                }
                found = extension;
            }
        }
        if (found is null)
        {
            throw Bad("the PCK certificate has no SGX extension (OID 1.2.840.113741.1.13.1)");
        }
        try
        {
            return Parse(found.RawData);
        }
        catch (AsnContentException e)
        {
            throw new AttestationException(AttestationCheck.PckExtension, "the SGX extension is not well-formed DER", e);
        }
    }

    private static PckExtensions Parse(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var seq = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        byte[]? ppid = null, pceId = null, fmspc = null, cpuSvn = null;
        int[]? components = null;
        int pceSvn = -1;
        int? sgxType = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seq.HasData)
        {
            var item = seq.ReadSequence();
            string oid = item.ReadObjectIdentifier();
            if (!seen.Add(oid))
            {
                throw Bad($"the SGX extension has {oid} twice");
            }
            switch (oid)
            {
                case Oid + ".1":
                    ppid = OctetString(item, 16, "PPID");
                    break;
                case Oid + ".2":
                    (components, pceSvn, cpuSvn) = ReadTcb(item.ReadSequence());
                    break;
                case Oid + ".3":
                    pceId = OctetString(item, 2, "PCE-ID");
                    break;
                case Oid + ".4":
                    fmspc = OctetString(item, 6, "FMSPC");
                    break;
                case Oid + ".5":
                    var value = item.ReadEnumeratedBytes();
                    if (value.Length != 1 || value.Span[0] > 2)
                    {
                        throw Bad("the SGX type is not 0, 1 or 2");
                    }
                    sgxType = value.Span[0];
                    break;
                default:
                    // Platform instance id, configuration and later additions: read past them.
                    item.ReadEncodedValue();
                    break;
            }
            item.ThrowIfNotEmpty();
        }
        if (ppid is null || components is null || cpuSvn is null || pceId is null || fmspc is null || sgxType is null)
        {
            throw Bad("the SGX extension lacks one of PPID, TCB, PCE-ID, FMSPC, SGX type");
        }
        return new PckExtensions(ppid, components, pceSvn, cpuSvn, pceId, fmspc, sgxType.Value);
    }

    private static (int[] Components, int PceSvn, byte[] CpuSvn) ReadTcb(AsnReader tcb)
    {
        var components = new int?[16];
        int? pceSvn = null;
        byte[]? cpuSvn = null;
        while (tcb.HasData)
        {
            var item = tcb.ReadSequence();
            string oid = item.ReadObjectIdentifier();
            const string prefix = Oid + ".2.";
            if (!oid.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(oid.AsSpan(prefix.Length), out int n) || n < 1 || n > 18)
            {
                throw Bad($"unexpected {oid} in the SGX TCB");
            }
            if (n <= 16)
            {
                if (components[n - 1] is not null)
                {
                    throw Bad($"TCB component {n} appears twice");
                }
                components[n - 1] = Svn(item, 255, $"TCB component {n}");
            }
            else if (n == 17)
            {
                if (pceSvn is not null)
                {
                    throw Bad("PCESVN appears twice");
                }
                pceSvn = Svn(item, 65535, "PCESVN");
            }
            else
            {
                if (cpuSvn is not null)
                {
                    throw Bad("CPUSVN appears twice");
                }
                cpuSvn = OctetString(item, 16, "CPUSVN");
            }
            item.ThrowIfNotEmpty();
        }
        if (components.Any(c => c is null) || pceSvn is null || cpuSvn is null)
        {
            throw Bad("the SGX TCB lacks a component SVN, PCESVN or CPUSVN");
        }
        return (components.Select(c => c!.Value).ToArray(), pceSvn.Value, cpuSvn);
    }

    private static int Svn(AsnReader item, int max, string what)
    {
        if (!item.TryReadInt32(out int value) || value < 0 || value > max)
        {
            throw Bad($"{what} is not an integer from 0 to {max}");
        }
        return value;
    }

    private static byte[] OctetString(AsnReader item, int length, string what)
    {
        var value = item.ReadOctetString();
        if (value.Length != length)
        {
            throw Bad($"{what} is {value.Length} bytes, not {length}");
        }
        return value;
    }

    private static AttestationException Bad(string message) => new(AttestationCheck.PckExtension, message);
}
