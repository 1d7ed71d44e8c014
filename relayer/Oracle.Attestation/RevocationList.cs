using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Oracle.Attestation;

/// <summary>An X.509 v2 certificate revocation list (RFC 5280 section 5), as Intel's PCS issues them.</summary>
/// <remarks>
/// Parsing checks the DER shape only. <see cref="Verify"/> checks the signature by the issuer
/// and the validity window; <see cref="IsRevoked"/> looks a certificate's serial up.
/// </remarks>
public sealed class RevocationList
{
    private readonly HashSet<string> _revoked;
    private readonly ReadOnlyMemory<byte> _tbs;
    private readonly byte[] _signature;

    private RevocationList(X500DistinguishedName issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, HashSet<string> revoked, ReadOnlyMemory<byte> tbs, byte[] signature, ReadOnlyMemory<byte> der)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revoked = revoked;
        _tbs = tbs;
        _signature = signature;
        Der = der;
    }

    /// <summary>The CRL's issuer.</summary>
    public X500DistinguishedName Issuer { get; }

    /// <summary>When the CRL was issued.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the next CRL is due; the CRL is not used after it.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>The number of revoked serial numbers.</summary>
    public int RevokedCount => _revoked.Count;

    /// <summary>The DER bytes.</summary>
    public ReadOnlyMemory<byte> Der { get; }

    /// <summary>Parses a DER CRL.</summary>
    /// <param name="der">The CRL.</param>
    /// <param name="check">The check code to report a malformed CRL under.</param>
    /// <exception cref="AttestationException">The CRL is not a well-formed v2 CRL signed with ecdsa-with-SHA256.</exception>
    public static RevocationList Parse(ReadOnlyMemory<byte> der, string check)
    {
        var (tbs, algorithm, signature) = Oracle.Attestation.Der.SplitSigned(der, check, "the CRL");
        if (algorithm != Oracle.Attestation.Der.EcdsaWithSha256)
        {
            throw new AttestationException(check, $"the CRL is signed with {algorithm}, not ecdsa-with-SHA256");
        }
        try
        {
            var r = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (r.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                if (!r.TryReadInt32(out int version) || version != 1)
                {
                    throw new AttestationException(check, "the CRL version is not v2");
                }
            }
            var inner = r.ReadSequence();
            if (inner.ReadObjectIdentifier() != Oracle.Attestation.Der.EcdsaWithSha256)
            {
                throw new AttestationException(check, "the CRL's inner signature algorithm is not ecdsa-with-SHA256");
            }
            var issuer = new X500DistinguishedName(r.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(r);
            DateTimeOffset? nextUpdate = null;
            if (r.HasData && (r.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || r.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
            {
                nextUpdate = ReadTime(r);
            }
            var revoked = new HashSet<string>(StringComparer.Ordinal);
            if (r.HasData && r.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var list = r.ReadSequence();
                while (list.HasData)
                {
                    var entry = list.ReadSequence();
                    revoked.Add(Oracle.Attestation.Der.SerialKey(entry.ReadIntegerBytes().Span));
                    ReadTime(entry);
                    if (entry.HasData)
                    {
                        entry.ReadSequence(); // entry extensions
                    }
                    entry.ThrowIfNotEmpty();
                }
            }
            if (r.HasData)
            {
                r.ReadEncodedValue(); // [0] extensions
            }
            r.ThrowIfNotEmpty();
            return new RevocationList(issuer, thisUpdate, nextUpdate, revoked, tbs, signature, der);
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException)
        {
            throw new AttestationException(check, "the CRL is not a well-formed X.509 CRL", e);
        }
    }

    /// <summary>Checks that <paramref name="issuer"/> issued this CRL and that it is current at <paramref name="at"/>.</summary>
    /// <param name="issuer">The CA certificate (already trusted) that must have signed the CRL.</param>
    /// <param name="at">The verification time.</param>
    /// <param name="check">The check code to report failures under.</param>
    /// <param name="what">The CRL's name for messages ("the root CA CRL").</param>
    public void Verify(X509Certificate2 issuer, DateTimeOffset at, string check, string what)
    {
        if (!issuer.SubjectName.RawData.AsSpan().SequenceEqual(Issuer.RawData))
        {
            throw new AttestationException(check, $"{what} is issued by '{Issuer.Name}', not by '{issuer.Subject}'");
        }
        if (!Oracle.Attestation.Der.VerifyEcdsa(issuer, _tbs.Span, _signature))
        {
            throw new AttestationException(check, $"{what}'s signature does not verify under '{issuer.Subject}'");
        }
        if (at < ThisUpdate || (NextUpdate is { } next && at > next))
        {
            throw new AttestationException(check, $"{what} is valid from {ThisUpdate:O} to {NextUpdate:O}, not at {at:O}");
        }
    }

    /// <summary>Whether <paramref name="certificate"/>'s serial number is on this list.</summary>
    public bool IsRevoked(X509Certificate2 certificate) =>
        _revoked.Contains(Oracle.Attestation.Der.SerialKey(certificate.SerialNumberBytes.Span));

    private static DateTimeOffset ReadTime(AsnReader r)
    {
        var tag = r.PeekTag();
        return tag.HasSameClassAndValue(Asn1Tag.UtcTime) ? r.ReadUtcTime() : r.ReadGeneralizedTime();
    }
}
