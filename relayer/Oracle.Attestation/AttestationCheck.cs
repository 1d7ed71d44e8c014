namespace Oracle.Attestation;

/// <summary>The stable codes carried by <see cref="AttestationException.Check"/>.</summary>
public static class AttestationCheck
{
    /// <summary>The quote is shorter than its 48-byte header.</summary>
    public const string Header = "quote.header";
    /// <summary>The quote version is not 3 or 4.</summary>
    public const string HeaderVersion = "quote.header.version";
    /// <summary>The attestation key type is not 2 (ECDSA P-256).</summary>
    public const string HeaderAttestationKeyType = "quote.header.attestation_key_type";
    /// <summary>The TEE type is not 0 (SGX).</summary>
    public const string HeaderTeeType = "quote.header.tee_type";
    /// <summary>The quote ends inside its 384-byte report body.</summary>
    public const string ReportBody = "quote.report_body";
    /// <summary>The signature data length is missing or does not match the rest of the quote.</summary>
    public const string SignatureDataLength = "quote.signature_data.length";
    /// <summary>The signature data ends inside the 64-byte quote signature.</summary>
    public const string SignatureDataQuoteSignature = "quote.signature_data.quote_signature";
    /// <summary>The signature data ends inside the 64-byte attestation public key.</summary>
    public const string SignatureDataAttestationKey = "quote.signature_data.attestation_key";
    /// <summary>The signature data ends inside the 384-byte QE report body.</summary>
    public const string SignatureDataQeReportBody = "quote.signature_data.qe_report_body";
    /// <summary>The signature data ends inside the 64-byte QE report signature.</summary>
    public const string SignatureDataQeReportSignature = "quote.signature_data.qe_report_signature";
    /// <summary>The QE authentication data length or bytes run past the signature data.</summary>
    public const string SignatureDataQeAuthData = "quote.signature_data.qe_auth_data";
    /// <summary>Bytes are left over after the certification data.</summary>
    public const string SignatureDataTrailing = "quote.signature_data.trailing";
    /// <summary>The certification data type is missing or not the one expected (6 outside in v4, 5 for the PCK chain).</summary>
    public const string CertificationDataType = "quote.certification_data.type";
    /// <summary>The certification data size is missing or runs past its container.</summary>
    public const string CertificationDataSize = "quote.certification_data.size";
    /// <summary>The PCK chain in the certification data is not a list of PEM X.509 certificates.</summary>
    public const string CertificationDataPckChain = "quote.certification_data.pck_chain";

    /// <summary>The attestation public key is not a point on P-256.</summary>
    public const string AttestationKey = "quote.attestation_key";
    /// <summary>The quote signature does not verify under the attestation key over header || report body.</summary>
    public const string QuoteSignature = "quote.signature";
    /// <summary>The QE report data is not sha256(attestation key || QE auth data) followed by 32 zero bytes.</summary>
    public const string QeReportData = "qe.report_data";
    /// <summary>The QE report signature does not verify under the PCK leaf certificate's key.</summary>
    public const string QeReportSignature = "qe.report_signature";
    /// <summary>The PCK leaf certificate has no usable ECDSA P-256 public key.</summary>
    public const string PckLeafPublicKey = "pck.leaf.public_key";

    /// <summary>The PCK chain does not have exactly three certificates (leaf, intermediate, root).</summary>
    public const string PckChainLength = "pck.chain.length";
    /// <summary>The chain's root is not the pinned Intel SGX Root CA.</summary>
    public const string PckChainRootFingerprint = "pck.chain.root_fingerprint";
    /// <summary>A certificate of the chain is not valid at the verification time.</summary>
    public const string PckChainValidity = "pck.chain.validity";
    /// <summary>A link of the chain (leaf to intermediate to root) does not verify.</summary>
    public const string PckChainSignature = "pck.chain.signature";

    /// <summary>The PCK leaf's SGX extension (OID 1.2.840.113741.1.13.1) is missing, malformed, duplicated or incomplete.</summary>
    public const string PckExtension = "pck.leaf.sgx_extension";

    /// <summary>The collateral JSON is not valid JSON or lacks a field.</summary>
    public const string CollateralJson = "collateral.json";
    /// <summary>The root CA CRL is malformed, not issued by the pinned root, badly signed or not current.</summary>
    public const string RootCaCrl = "collateral.root_ca_crl";
    /// <summary>The PCK CRL is malformed, not issued by the PCK leaf's issuer, badly signed or not current.</summary>
    public const string PckCrl = "collateral.pck_crl";
    /// <summary>The TCB info is not a TCB info document (JSON, fields, version).</summary>
    public const string TcbInfoJson = "collateral.tcb_info.json";
    /// <summary>The PCK CRL's issuer chain is not PEM certificates.</summary>
    public const string PckCrlChainPem = "collateral.pck_crl.chain.pem";
    /// <summary>The TCB info's issuer chain is not PEM certificates.</summary>
    public const string TcbInfoChainPem = "collateral.tcb_info.chain.pem";
    /// <summary>The TCB info signature does not verify over the raw JSON.</summary>
    public const string TcbInfoSignature = "collateral.tcb_info.signature";
    /// <summary>The verification time is outside the TCB info's issueDate..nextUpdate.</summary>
    public const string TcbInfoValidity = "collateral.tcb_info.validity";
    /// <summary>The QE identity is not a QE identity document.</summary>
    public const string QeIdentityJson = "collateral.qe_identity.json";
    /// <summary>The QE identity's issuer chain is not PEM certificates.</summary>
    public const string QeIdentityChainPem = "collateral.qe_identity.chain.pem";
    /// <summary>The QE identity signature does not verify over the raw JSON.</summary>
    public const string QeIdentitySignature = "collateral.qe_identity.signature";
    /// <summary>The verification time is outside the QE identity's issueDate..nextUpdate.</summary>
    public const string QeIdentityValidity = "collateral.qe_identity.validity";

    /// <summary>The QE report's MRSIGNER, ISVPRODID, MISCSELECT or ATTRIBUTES do not match the QE identity.</summary>
    public const string QeIdentityMismatch = "qe.identity";
    /// <summary>The QE's ISVSVN is below every TCB level of the QE identity.</summary>
    public const string QeTcbLevel = "qe.tcb_level";
    /// <summary>The PCK certificate's FMSPC is not the TCB info's.</summary>
    public const string TcbInfoFmspc = "tcb.fmspc";
    /// <summary>The PCK certificate's PCE-ID is not the TCB info's.</summary>
    public const string TcbInfoPceId = "tcb.pce_id";
    /// <summary>The platform's SVNs meet no TCB level of the TCB info.</summary>
    public const string TcbLevel = "tcb.level";
    /// <summary>The converged TCB status is Revoked.</summary>
    public const string TcbRevoked = "tcb.revoked";

    /// <summary>Policy: the enclave runs in DEBUG mode.</summary>
    public const string PolicyDebug = "policy.debug";
    /// <summary>Policy: the TCB status is not among the allowed ones.</summary>
    public const string PolicyTcbStatus = "policy.tcb_status";
    /// <summary>Policy: neither MRENCLAVE nor MRSIGNER + ISVPRODID + minimum ISVSVN is allowed.</summary>
    public const string PolicyMeasurement = "policy.measurement";
    /// <summary>Policy: the evidence is simulated and simulation is not allowed.</summary>
    public const string PolicySimulation = "policy.simulation";
    /// <summary>The REPORTDATA does not bind the keys the enclave reports.</summary>
    public const string ReportDataBinding = "report_data.binding";

    /// <summary>A certificate or key in the evidence or collateral parsed but a part of it does not decode.</summary>
    public const string MalformedEvidence = "evidence.malformed";
}
