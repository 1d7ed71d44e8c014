// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AttestedReport, IAttestedReportErrors} from "./AttestedReport.sol";

/// @dev Errors a pull proof can fail with, besides those of IAttestedReportErrors.
interface IOracleProofErrors is IAttestedReportErrors {
  /// observedAt + maxAge is earlier than the block's timestamp.
  error ProofStale(uint64 observedAt, uint256 maxAge, uint256 blockTimestamp);
  /// The proof answers an on-chain request (requestId != 0): it belongs to OracleRequests.fulfill.
  error NotAFeedProof(bytes32 requestId);
  /// The proof is a signed error report (the enclave refused the spec), not a value.
  error ErrorReport(bytes32 feedId);
  /// Fewer distinct registered signers than the caller requires.
  error TooFewSigners(uint256 got, uint256 needed);
  /// Signatures must be ordered by signer address, strictly ascending (each enclave counts once).
  error SignersNotSorted(address signer, address previous);
  /// The registry did not answer signerEntry(address) with one word.
  error RegistryUnavailable(address registry);
}

/// @title OracleProof: verify a pull proof inside any contract's own transaction.
/// @notice A user fetches a fresh signed report from a node (GET /v1/proofs/{feedId}?chainId=..&contract=..,
/// or `./oracle proof get`) for the consuming contract's address, and passes the compact proof
/// (DESIGN.md section 4) as an argument. `verify` checks, against the live registry:
///   - the proof's shape and version, 1 to 16 signatures, ascending signer addresses;
///   - the EIP-712 domain: this chain and `address(this)` (the consumer), so a proof for another
///     chain or contract recovers another address and fails as SignerNotRegistered;
///   - each signer has a registry entry that has not expired;
///   - requestId is zero (a feed report, not a request's answer) and it is not an error report;
///   - freshness: observedAt + maxAge >= block.timestamp.
/// It returns the feed id, which the caller must compare with the feed it wants.
library OracleProof {
  bytes4 private constant SIGNER_ENTRY = bytes4(keccak256("signerEntry(address)"));
  uint256 private constant ACTIVE = 1 << 255;

  /// @notice One signer is enough (see verifyQuorum for k distinct signers).
  function verify(bytes calldata proof, uint256 maxAge, address registry)
    internal
    view
    returns (bytes32 feedId, int256 value, uint64 observedAt)
  {
    (feedId, value, observedAt,) = verifyQuorum(proof, maxAge, registry, 1);
  }

  /// @notice As verify, requiring at least `minSigners` distinct registered enclave signers.
  /// @return feedId as signed; the caller checks it is the feed it expects
  /// @return value the report's value (scaled by the feed's decimals)
  /// @return observedAt unix seconds (median of the sources' TLS-authenticated Date headers)
  /// @return signers how many distinct registered signers signed
  function verifyQuorum(bytes calldata proof, uint256 maxAge, address registry, uint256 minSigners)
    internal
    view
    returns (bytes32 feedId, int256 value, uint64 observedAt, uint256 signers)
  {
    uint256 p;
    assembly ("memory-safe") {
      p := proof.offset
    }
    (uint256 dataLen, uint256 sigCount) = AttestedReport.shape(p, proof.length);
    if (sigCount < minSigners) revert IOracleProofErrors.TooFewSigners(sigCount, minSigners);
    bytes32 requestId;
    bytes32 sourcesHash;
    (feedId, requestId,, value, observedAt, sourcesHash) = AttestedReport.fields(p);
    if (requestId != 0) revert IOracleProofErrors.NotAFeedProof(requestId);
    if (sourcesHash == AttestedReport.ERROR_SOURCES_HASH) revert IOracleProofErrors.ErrorReport(feedId);
    if (uint256(observedAt) + maxAge < block.timestamp) {
      revert IOracleProofErrors.ProofStale(observedAt, maxAge, block.timestamp);
    }
    bytes32 d = AttestedReport.digest(p, dataLen, AttestedReport.domainSeparator(address(this)));
    address previous;
    for (uint256 i = 0; i < sigCount; i++) {
      address signer = AttestedReport.signerAt(p, dataLen, i, d);
      if (signer <= previous) revert IOracleProofErrors.SignersNotSorted(signer, previous);
      checkSigner(registry, signer);
      previous = signer;
    }
    signers = sigCount;
  }

  /// @notice Reverts unless `signer` has a live (registered, unexpired) entry in `registry`;
  /// returns the packed entry (OracleRegistry's storage note: expiresAt, tcbStatus, validator index).
  function checkSigner(address registry, address signer) internal view returns (uint256 entry) {
    bytes4 selector = SIGNER_ENTRY;
    bool ok;
    assembly ("memory-safe") {
      mstore(0x00, selector)
      mstore(0x04, signer)
      ok := and(eq(returndatasize(), 0x20), staticcall(gas(), registry, 0x00, 0x24, 0x00, 0x20))
      entry := mload(0x00)
    }
    if (!ok) revert IOracleProofErrors.RegistryUnavailable(registry);
    if (entry & ACTIVE == 0) revert IAttestedReportErrors.SignerNotRegistered(signer);
    if (uint64(entry) <= block.timestamp) revert IAttestedReportErrors.SignerExpired(signer, uint64(entry));
  }
}
