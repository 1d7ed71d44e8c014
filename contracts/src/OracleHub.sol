// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AttestedReport, IAttestedReportErrors} from "./AttestedReport.sol";
import {OracleHubFeed} from "./OracleHubFeed.sol";
import {OracleRegistry} from "./OracleRegistry.sol";
import {PackedRound} from "./PackedRound.sol";

/// @title OracleHub: the registry and every push feed in one contract, so a submit reads the
/// signer's registry entry with a plain SLOAD instead of a call to another account (2,600 gas cold).
/// @notice Each feed also gets an OracleHubFeed, its AggregatorV3Interface for readers.
/// The proof names its feed: a proof for a feed that was never created reverts UnknownFeed.
/// Per feed, the latest answer and the feed's configuration share one word (PackedRound, meta =
/// CONFIGURED | historyLength), so a steady submit touches two cold slots: the signer's registry
/// entry and that word (plus one ring slot when historyLength > 0).
///   roundId   the feed's own counter, 1, 2, 3, ... per accepted answer (not the report's `round`)
///   startedAt the report's observedAt; updatedAt block.timestamp of the block that stored it
/// Storage (after OracleRegistry's slots 0-4):
///   slot 5  _latest:  feedId => PackedRound
///   slot 6  _history: feedId => (roundId % historyLength) => PackedRound (the last historyLength rounds)
///   slot 7  feedAdapter: feedId => OracleHubFeed
/// Entry points: `submit(bytes)` (ABI), or the raw proof as the whole calldata (no selector, no ABI
/// head: about 330 gas cheaper); no function selector of this contract starts with 0x01, the
/// proof's version byte, so the two cannot collide.
contract OracleHub is OracleRegistry, IAttestedReportErrors {
  using PackedRound for uint256;

  /// Emitted for every accepted answer; signer is the enclave key that signed the report.
  event AnswerReported(bytes32 indexed feedId, uint256 roundId, int256 answer, uint256 observedAt, address signer);
  event FeedCreated(bytes32 indexed feedId, address adapter, uint8 decimals, string description, uint16 historyLength);

  error UnknownFeed(bytes32 feedId);
  error FeedExists(bytes32 feedId);
  error HistoryTooLong(uint16 historyLength, uint16 max);

  uint256 private constant CONFIGURED = 0x8000;
  uint16 public constant MAX_HISTORY = 0x7fff;

  mapping(bytes32 feedId => uint256 word) internal _latest;
  mapping(bytes32 feedId => mapping(uint256 slot => uint256 word)) internal _history;
  mapping(bytes32 feedId => address adapter) public feedAdapter;

  uint256 private immutable _chainId;
  bytes32 private immutable _separator;

  constructor() {
    _chainId = block.chainid;
    _separator = AttestedReport.domainSeparator(address(this));
  }

  /// @notice The EIP-712 domain separator reports for this hub's feeds are signed under.
  function domainSeparator() public view returns (bytes32) {
    return block.chainid == _chainId ? _separator : AttestedReport.domainSeparator(address(this));
  }

  /// @notice Creates a feed and its AggregatorV3Interface adapter.
  /// @param historyLength rounds getRoundData can serve (0 = the latest only); at most MAX_HISTORY.
  function createFeed(bytes32 feedId, uint8 decimals, string calldata description, uint16 historyLength)
    external
    onlyOwner
    returns (address adapter)
  {
    if (_latest[feedId] != 0) revert FeedExists(feedId);
    if (historyLength > MAX_HISTORY) revert HistoryTooLong(historyLength, MAX_HISTORY);
    adapter = address(new OracleHubFeed(feedId, decimals, description));
    feedAdapter[feedId] = adapter;
    // A nonzero word from the start: the first answer is a nonzero-to-nonzero write too.
    _latest[feedId] = (CONFIGURED | historyLength) << PackedRound.META_SHIFT;
    emit FeedCreated(feedId, adapter, decimals, description, historyLength);
  }

  /// @notice Verifies a compact proof and stores its value as its feed's next round.
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

  function _submit(uint256 p, uint256 len) internal {
    (bytes32 feedId, int256 value, uint64 observedAt, address signer) =
      AttestedReport.recover(p, len, domainSeparator());
    uint256 latest = _latest[feedId];
    uint256 meta = latest.meta();
    if (meta & CONFIGURED == 0) revert UnknownFeed(feedId);

    uint256 entry = _signers[signer];
    if (entry & ACTIVE == 0) revert SignerNotRegistered(signer);
    if (uint64(entry) <= block.timestamp) revert SignerExpired(signer, uint64(entry));

    if (observedAt <= latest.observedAt()) revert StaleReport(observedAt, latest.observedAt());
    if (observedAt > PackedRound.MASK40) revert ObservedAtOutOfRange(observedAt);
    if (value != int256(int128(value))) revert ValueOutOfRange(value);
    uint256 roundId = latest.roundId() + 1;
    uint256 word = PackedRound.pack(value, observedAt, block.timestamp, roundId, meta);
    _latest[feedId] = word;
    uint256 h = meta & MAX_HISTORY;
    if (h != 0) _history[feedId][roundId % h] = word;
    bytes32 topic = AnswerReported.selector;
    assembly ("memory-safe") {
      let m := mload(0x40)
      mstore(m, roundId)
      mstore(add(m, 0x20), value)
      mstore(add(m, 0x40), observedAt)
      mstore(add(m, 0x60), signer)
      log2(m, 0x80, topic, feedId)
    }
  }

  /// @notice The feed's ring size; reverts UnknownFeed for a feed never created.
  function historyLengthOf(bytes32 feedId) public view returns (uint16) {
    uint256 meta = _latest[feedId].meta();
    if (meta & CONFIGURED == 0) revert UnknownFeed(feedId);
    return uint16(meta & MAX_HISTORY);
  }

  function latestObservedAt(bytes32 feedId) external view returns (uint64) {
    return _latest[feedId].observedAt();
  }

  /// @notice AggregatorV3Interface.latestRoundData of one feed; reverts "No data present" before its first answer.
  function latestRoundDataOf(bytes32 feedId)
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    return _unpack(_latest[feedId]);
  }

  /// @notice AggregatorV3Interface.getRoundData of one feed; reverts "No data present" for a round
  /// never stored or already overwritten in the ring.
  function getRoundDataOf(bytes32 feedId, uint80 roundId_)
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
  {
    uint256 latest = _latest[feedId];
    if (roundId_ == latest.roundId()) return _unpack(latest);
    uint256 h = latest.meta() & MAX_HISTORY;
    if (h == 0 || roundId_ == 0 || roundId_ > latest.roundId()) revert("No data present");
    uint256 word = _history[feedId][roundId_ % h];
    if (word.roundId() != roundId_) revert("No data present");
    return _unpack(word);
  }

  function _unpack(uint256 word)
    private
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
