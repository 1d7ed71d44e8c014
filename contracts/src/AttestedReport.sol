// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Errors a proof can fail with, shared by every contract that takes a compact proof.
interface IAttestedReportErrors {
  /// The proof is shorter than its fixed header (148 bytes), or than the header plus its `data`.
  error ProofTooShort(uint256 length);
  /// The first byte is not 1.
  error UnsupportedVersion(uint8 version);
  /// The length is not 148 + dataLen + 65 * sigCount.
  error ProofLengthMismatch(uint256 expected, uint256 length);
  /// Feeds take exactly one signature; quorum entry points take 1 to 16 (DESIGN.md section 6).
  error SignatureCountUnsupported(uint8 count);
  /// v is not 27 or 28, s is in the upper half of the curve order, or ecrecover found no key.
  error InvalidSignature();
  /// The proof was signed for another feed.
  error WrongFeed(bytes32 expected, bytes32 got);
  /// The recovered enclave key has no active registry entry.
  error SignerNotRegistered(address recovered);
  /// The enclave key's attestation expired (expiresAt <= block.timestamp).
  error SignerExpired(address signer, uint64 expiresAt);
  /// observedAt is not later than the latest stored answer's.
  error StaleReport(uint64 observedAt, uint64 latestObservedAt);
  /// The value does not fit the stored int128.
  error ValueOutOfRange(int256 value);
  /// observedAt does not fit the stored uint40 (later than year 36812).
  error ObservedAtOutOfRange(uint64 observedAt);
}

/// @title AttestedReport: decodes a compact proof from calldata and recovers its signer.
/// @notice Proof layout (DESIGN.md section 4, big-endian, 213 bytes with empty data and one signature):
///   version u8 = 1 | feedId 32 | requestId 32 | round u64 | value int256 32 | observedAt u64 |
///   sourcesHash 32 | dataLen u16 | data | sigCount u8 | (r 32, s 32, v 1) per signature
/// The signature is over the EIP-712 digest of
///   Report(bytes32 feedId,bytes32 requestId,uint64 round,int256 value,bytes data,uint64 observedAt,bytes32 sourcesHash)
/// under EIP712Domain(string name,string version,uint256 chainId,address verifyingContract),
/// name "AttestedOracle", version "1".
library AttestedReport {
  bytes32 internal constant REPORT_TYPEHASH = keccak256(
    "Report(bytes32 feedId,bytes32 requestId,uint64 round,int256 value,bytes data,uint64 observedAt,bytes32 sourcesHash)"
  );
  bytes32 internal constant DOMAIN_TYPEHASH =
    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  bytes32 internal constant NAME_HASH = keccak256("AttestedOracle");
  bytes32 internal constant VERSION_HASH = keccak256("1");
  /// keccak256 of empty bytes: the data hash of a report without data, so that case hashes nothing.
  bytes32 internal constant EMPTY_HASH = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470;
  /// secp256k1 order / 2: signatures with a larger s are the malleable twin and are refused.
  uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
  /// Fixed part of a proof: everything but data and signatures, sigCount byte included.
  uint256 internal constant FIXED_LENGTH = 148;
  /// Most signatures a proof may carry (quorum mode, DESIGN.md section 6).
  uint256 internal constant MAX_SIGNATURES = 16;
  /// sourcesHash of a signed error report (the enclave refused the request's spec):
  /// keccak256("AttestedOracle/error/v1"). Real sourcesHashes are hashes of struct hashes.
  bytes32 internal constant ERROR_SOURCES_HASH = keccak256("AttestedOracle/error/v1");

  /// @notice The EIP-712 domain separator for `verifyingContract` on the current chain.
  function domainSeparator(address verifyingContract) internal view returns (bytes32 separator) {
    separator = keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, verifyingContract));
  }

  /// @notice Checks the proof's shape, hashes it per EIP-712 and recovers its one signer.
  /// @dev Feeds' hot path: the same steps as shape + digest + signerAt, written out once more by hand
  /// because the composed version costs a submit 68 gas more (measured with bench/gas).
  /// @param p calldata offset of the proof's first byte.
  /// @param len the proof's length in bytes.
  /// @return feedId as signed
  /// @return value as signed
  /// @return observedAt as signed
  /// @return signer the recovered address, never zero
  function recover(uint256 p, uint256 len, bytes32 separator)
    internal
    view
    returns (bytes32 feedId, int256 value, uint64 observedAt, address signer)
  {
    if (len < FIXED_LENGTH) revert IAttestedReportErrors.ProofTooShort(len);
    uint256 version;
    uint256 dataLen;
    assembly ("memory-safe") {
      version := byte(0, calldataload(p))
      dataLen := shr(240, calldataload(add(p, 145)))
    }
    if (version != 1) revert IAttestedReportErrors.UnsupportedVersion(uint8(version));
    if (len < FIXED_LENGTH + dataLen) revert IAttestedReportErrors.ProofTooShort(len);
    uint256 sigCount;
    assembly ("memory-safe") {
      sigCount := byte(0, calldataload(add(p, add(147, dataLen))))
    }
    uint256 expected = FIXED_LENGTH + dataLen + 65 * sigCount;
    if (len != expected) revert IAttestedReportErrors.ProofLengthMismatch(expected, len);
    if (sigCount != 1) revert IAttestedReportErrors.SignatureCountUnsupported(uint8(sigCount));

    bytes32 d = digest(p, dataLen, separator);
    bool bad;
    assembly ("memory-safe") {
      feedId := calldataload(add(p, 1))
      value := calldataload(add(p, 73))
      observedAt := shr(192, calldataload(add(p, 105)))
      let m := mload(0x40)
      let sig := add(p, add(148, dataLen))
      let s := calldataload(add(sig, 0x20))
      let v := byte(0, calldataload(add(sig, 0x40)))
      bad := or(gt(s, HALF_ORDER), iszero(or(eq(v, 27), eq(v, 28))))
      mstore(m, d)
      mstore(add(m, 0x20), v)
      mstore(add(m, 0x40), calldataload(sig))
      mstore(add(m, 0x60), s)
      mstore(0x00, 0)
      // A failed recovery returns no data, so word 0 stays zero.
      pop(staticcall(gas(), 1, m, 0x80, 0x00, 0x20))
      signer := mload(0x00)
    }
    if (bad || signer == address(0)) revert IAttestedReportErrors.InvalidSignature();
  }

  /// @notice Checks a proof's shape (version, lengths) for any number of signatures (at most
  /// MAX_SIGNATURES), and returns its data length and signature count.
  function shape(uint256 p, uint256 len) internal pure returns (uint256 dataLen, uint256 sigCount) {
    if (len < FIXED_LENGTH) revert IAttestedReportErrors.ProofTooShort(len);
    uint256 version;
    assembly ("memory-safe") {
      version := byte(0, calldataload(p))
      dataLen := shr(240, calldataload(add(p, 145)))
    }
    if (version != 1) revert IAttestedReportErrors.UnsupportedVersion(uint8(version));
    if (len < FIXED_LENGTH + dataLen) revert IAttestedReportErrors.ProofTooShort(len);
    assembly ("memory-safe") {
      sigCount := byte(0, calldataload(add(p, add(147, dataLen))))
    }
    uint256 expected = FIXED_LENGTH + dataLen + 65 * sigCount;
    if (len != expected) revert IAttestedReportErrors.ProofLengthMismatch(expected, len);
    if (sigCount == 0 || sigCount > MAX_SIGNATURES) revert IAttestedReportErrors.SignatureCountUnsupported(uint8(sigCount));
  }

  /// @notice Recovers the signer of signature `i` (0-based) of a proof whose shape was checked.
  /// Reverts InvalidSignature for a high s, a v other than 27/28, or no recoverable key.
  function signerAt(uint256 p, uint256 dataLen, uint256 i, bytes32 digest_) internal view returns (address signer) {
    bool bad;
    assembly ("memory-safe") {
      let m := mload(0x40)
      let sig := add(add(p, add(148, dataLen)), mul(i, 65))
      let s := calldataload(add(sig, 0x20))
      let v := byte(0, calldataload(add(sig, 0x40)))
      bad := or(gt(s, HALF_ORDER), iszero(or(eq(v, 27), eq(v, 28))))
      mstore(m, digest_)
      mstore(add(m, 0x20), v)
      mstore(add(m, 0x40), calldataload(sig))
      mstore(add(m, 0x60), s)
      mstore(0x00, 0)
      pop(staticcall(gas(), 1, m, 0x80, 0x00, 0x20))
      signer := mload(0x00)
    }
    if (bad || signer == address(0)) revert IAttestedReportErrors.InvalidSignature();
  }

  /// @notice The report's fixed fields straight from calldata.
  function fields(uint256 p)
    internal
    pure
    returns (bytes32 feedId, bytes32 requestId, uint64 round, int256 value, uint64 observedAt, bytes32 sourcesHash)
  {
    assembly ("memory-safe") {
      feedId := calldataload(add(p, 1))
      requestId := calldataload(add(p, 33))
      round := shr(192, calldataload(add(p, 65)))
      value := calldataload(add(p, 73))
      observedAt := shr(192, calldataload(add(p, 105)))
      sourcesHash := calldataload(add(p, 113))
    }
  }

  /// @dev keccak256(0x1901 || separator || hashStruct(Report)), built past the free memory pointer
  /// (scratch, not allocated).
  function digest(uint256 p, uint256 dataLen, bytes32 separator) internal pure returns (bytes32 digest_) {
    bytes32 typeHash = REPORT_TYPEHASH;
    assembly ("memory-safe") {
      let m := mload(0x40)
      mstore(m, typeHash)
      mstore(add(m, 0x20), calldataload(add(p, 1)))
      mstore(add(m, 0x40), calldataload(add(p, 33)))
      mstore(add(m, 0x60), shr(192, calldataload(add(p, 65))))
      mstore(add(m, 0x80), calldataload(add(p, 73)))
      let dataHash := EMPTY_HASH
      if dataLen {
        calldatacopy(add(m, 0x100), add(p, 147), dataLen)
        dataHash := keccak256(add(m, 0x100), dataLen)
      }
      mstore(add(m, 0xa0), dataHash)
      mstore(add(m, 0xc0), shr(192, calldataload(add(p, 105))))
      mstore(add(m, 0xe0), calldataload(add(p, 113)))
      let structHash := keccak256(m, 0x100)
      mstore(m, shl(240, 0x1901))
      mstore(add(m, 0x02), separator)
      mstore(add(m, 0x22), structHash)
      digest_ := keccak256(m, 0x42)
    }
  }
}
