// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AttestedReport} from "./AttestedReport.sol";
import {OracleFeed} from "./OracleFeed.sol";
import {PackedRound} from "./PackedRound.sol";

/// @title OracleQuorumFeed: a push feed in quorum mode (DESIGN.md section 6).
/// @notice As OracleFeed, but every answer needs exactly `quorum` signatures from distinct registered
/// enclaves over the same report: the leader's enclave executed the job, the followers re-executed it
/// in their own enclaves and endorsed the leader's report only if their own value was within the
/// job's tolerance. Signatures are ordered by signer address (strictly ascending: each enclave counts
/// once); the event names the first.
/// It also answers OracleHub's per-feed reads (`latestObservedAt(bytes32)`, `latestRoundDataOf(bytes32)`),
/// so that the relayer reads it as it reads the hub.
contract OracleQuorumFeed is OracleFeed {
  using PackedRound for uint256;

  error BadQuorum(uint256 quorum);
  error UnknownFeed(bytes32 feedId);
  /// The proof must carry exactly `quorum` signatures.
  error FeedSignersMismatch(uint256 got, uint256 needed);
  error SignersNotSorted(address signer, address previous);

  /// Distinct registered enclaves that must sign each answer (2 to 16).
  uint256 public immutable quorum;

  constructor(
    address registry_,
    bytes32 feedId_,
    uint8 decimals_,
    string memory description_,
    uint32 historyLength_,
    uint256 quorum_
  ) OracleFeed(registry_, feedId_, decimals_, description_, historyLength_) {
    if (quorum_ < 2 || quorum_ > AttestedReport.MAX_SIGNATURES) revert BadQuorum(quorum_);
    quorum = quorum_;
  }

  /// @notice observedAt of the latest answer (0 before the first), for this contract's one feed.
  function latestObservedAt(bytes32 feedId_) external view returns (uint64) {
    if (feedId_ != feedId) revert UnknownFeed(feedId_);
    return _latest.observedAt();
  }

  /// @notice latestRoundData, for this contract's one feed.
  function latestRoundDataOf(bytes32 feedId_)
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    if (feedId_ != feedId) revert UnknownFeed(feedId_);
    return _unpack(_latest);
  }

  function _submit(uint256 p, uint256 len) internal override {
    (uint256 dataLen, uint256 sigCount) = AttestedReport.shape(p, len);
    (bytes32 gotFeed,,, int256 value, uint64 observedAt,) = AttestedReport.fields(p);
    if (gotFeed != feedId) revert WrongFeed(feedId, gotFeed);
    if (sigCount != quorum) revert FeedSignersMismatch(sigCount, quorum);
    bytes32 d = AttestedReport.digest(p, dataLen, domainSeparator());
    address first;
    address previous;
    for (uint256 i = 0; i < sigCount; i++) {
      address signer = AttestedReport.signerAt(p, dataLen, i, d);
      if (signer <= previous) revert SignersNotSorted(signer, previous);
      _checkSigner(signer);
      if (i == 0) first = signer;
      previous = signer;
    }
    _accept(value, observedAt, first);
  }
}
