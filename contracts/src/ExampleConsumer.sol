// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOracleProofErrors, OracleProof} from "./OracleProof.sol";

/// @title ExampleConsumer: a contract that takes a pull proof in its own transaction.
/// @notice A toy settlement: `settle(proof)` verifies a fresh price for the one feed it trusts and
/// records it; `peek(proof)` only verifies (bench/requests measures its marginal gas beside
/// RedStone's); `nop(bytes32)` is the same call without verification, the baseline.
contract ExampleConsumer is IOracleProofErrors {
  error WrongFeedId(bytes32 expected, bytes32 got);

  event Settled(address indexed by, int256 price, uint64 observedAt);

  address public immutable registry;
  bytes32 public immutable feedId;
  uint256 public immutable maxAge;
  int256 public lastPrice;
  uint64 public lastObservedAt;

  constructor(address registry_, bytes32 feedId_, uint256 maxAge_) {
    registry = registry_;
    feedId = feedId_;
    maxAge = maxAge_;
  }

  function settle(bytes calldata proof) external returns (int256 price) {
    uint64 observedAt;
    (price, observedAt) = _price(proof);
    lastPrice = price;
    lastObservedAt = observedAt;
    emit Settled(msg.sender, price, observedAt);
  }

  function peek(bytes calldata proof) external view returns (int256 price) {
    (price,) = _price(proof);
  }

  function nop(bytes32) external {}

  function _price(bytes calldata proof) internal view returns (int256 price, uint64 observedAt) {
    bytes32 got;
    (got, price, observedAt) = OracleProof.verify(proof, maxAge, registry);
    if (got != feedId) revert WrongFeedId(feedId, got);
  }
}
