// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {AttestedReport, IAttestedReportErrors} from "./AttestedReport.sol";
import {PackedRound} from "./PackedRound.sol";

/// @title OracleFeed: one push feed, fed by attested enclave reports, read through AggregatorV3Interface.
/// @notice Accepts any proof for its feedId signed by an enclave key with a live entry in the registry
/// (registered, not expired), if its observedAt is later than the latest answer's.
///   roundId   the feed's own counter, 1, 2, 3, ... per accepted answer (not the report's `round`)
///   answer    the report's value, stored as int128
///   startedAt the report's observedAt (when the sources said it was)
///   updatedAt block.timestamp of the block that stored it
/// Storage: slot 0 = latest round (PackedRound); slot 1 = mapping roundId % historyLength => PackedRound,
/// the ring of the last historyLength rounds (the latest included); slot 2 = description.
/// Entry points: `submit(bytes)` (ABI), or the raw proof as the whole calldata (no selector, no ABI
/// head: about 330 gas cheaper); no function selector of this contract starts with 0x01, the
/// proof's version byte, so the two cannot collide.
contract OracleFeed is AggregatorV3Interface, IAttestedReportErrors {
  using PackedRound for uint256;

  /// Emitted for every accepted answer; signer is the enclave key that signed the report.
  event AnswerReported(uint256 roundId, int256 answer, uint256 observedAt, address signer);

  bytes4 private constant SIGNER_ENTRY = bytes4(keccak256("signerEntry(address)"));
  uint256 private constant ACTIVE = 1 << 255;

  uint256 internal _latest;
  mapping(uint256 slot => uint256 word) internal _history;
  string internal _description;

  address public immutable registry;
  bytes32 public immutable feedId;
  uint8 public immutable decimals;
  uint32 public immutable historyLength;
  uint256 private immutable _chainId;
  bytes32 private immutable _separator;

  constructor(address registry_, bytes32 feedId_, uint8 decimals_, string memory description_, uint32 historyLength_) {
    registry = registry_;
    feedId = feedId_;
    decimals = decimals_;
    _description = description_;
    historyLength = historyLength_;
    _chainId = block.chainid;
    _separator = AttestedReport.domainSeparator(address(this));
  }

  /// @notice The EIP-712 domain separator reports for this feed are signed under.
  function domainSeparator() public view returns (bytes32) {
    return block.chainid == _chainId ? _separator : AttestedReport.domainSeparator(address(this));
  }

  /// @notice Verifies a compact proof and stores its value as the next round.
  function submit(bytes calldata proof) external {
    uint256 p;
    assembly ("memory-safe") {
      p := proof.offset
    }
    _submit(p, proof.length);
  }

  /// @notice The raw proof as the whole calldata: same as submit(proof), without the ABI overhead.
  fallback() external {
    _submit(0, msg.data.length);
  }

  function _submit(uint256 p, uint256 len) internal virtual {
    (bytes32 gotFeed, int256 value, uint64 observedAt, address signer) =
      AttestedReport.recover(p, len, domainSeparator());
    if (gotFeed != feedId) revert WrongFeed(feedId, gotFeed);
    _checkSigner(signer);
    _accept(value, observedAt, signer);
  }

  /// @dev Reverts unless `signer` has a live entry in the registry (one STATICCALL, one cold SLOAD there).
  function _checkSigner(address signer) internal view {
    address reg = registry;
    bytes4 selector = SIGNER_ENTRY;
    uint256 entry;
    assembly ("memory-safe") {
      mstore(0x00, selector)
      mstore(0x04, signer)
      // Arguments run right to left: the call first, then its return size is checked.
      if iszero(and(eq(returndatasize(), 0x20), staticcall(gas(), reg, 0x00, 0x24, 0x00, 0x20))) { revert(0, 0) }
      entry := mload(0x00)
    }
    if (entry & ACTIVE == 0) revert SignerNotRegistered(signer);
    if (uint64(entry) <= block.timestamp) revert SignerExpired(signer, uint64(entry));
  }

  /// @dev Stores a verified answer as the next round and emits AnswerReported.
  function _accept(int256 value, uint64 observedAt, address signer) internal {
    uint256 latest = _latest;
    if (observedAt <= latest.observedAt()) revert StaleReport(observedAt, latest.observedAt());
    if (observedAt > PackedRound.MASK40) revert ObservedAtOutOfRange(observedAt);
    if (value != int256(int128(value))) revert ValueOutOfRange(value);
    uint256 roundId = latest.roundId() + 1;
    uint256 word = PackedRound.pack(value, observedAt, block.timestamp, roundId, 0);
    _latest = word;
    uint256 h = historyLength;
    if (h != 0) _history[roundId % h] = word;
    bytes32 topic = AnswerReported.selector;
    assembly ("memory-safe") {
      let m := mload(0x40)
      mstore(m, roundId)
      mstore(add(m, 0x20), value)
      mstore(add(m, 0x40), observedAt)
      mstore(add(m, 0x60), signer)
      log1(m, 0x80, topic)
    }
  }

  function description() external view returns (string memory) {
    return _description;
  }

  function version() external pure returns (uint256) {
    return 1;
  }

  function latestObservedAt() external view returns (uint64) {
    return _latest.observedAt();
  }

  function latestRoundData()
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    return _unpack(_latest);
  }

  /// @dev Reverts "No data present", as Chainlink's aggregators do, for a round never stored or
  /// already overwritten in the ring.
  function getRoundData(uint80 roundId_)
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    uint256 latest = _latest;
    if (roundId_ == latest.roundId()) return _unpack(latest);
    uint256 h = historyLength;
    if (h == 0 || roundId_ == 0 || roundId_ > latest.roundId()) revert("No data present");
    uint256 word = _history[roundId_ % h];
    if (word.roundId() != roundId_) revert("No data present");
    return _unpack(word);
  }

  function _unpack(uint256 word)
    internal
    pure
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    roundId = word.roundId();
    if (roundId == 0) revert("No data present");
    answer = word.answer();
    startedAt = word.observedAt();
    updatedAt = word.updatedAt();
    answeredInRound = roundId;
  }
}
