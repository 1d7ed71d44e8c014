// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

interface IOracleHubReads {
  function latestObservedAt(bytes32 feedId) external view returns (uint64);
  function latestRoundDataOf(bytes32 feedId)
    external
    view
    returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
  function getRoundDataOf(bytes32 feedId, uint80 roundId)
    external
    view
    returns (uint80, int256, uint256, uint256, uint80);
}

/// @title OracleHubFeed: one OracleHub feed as a Chainlink AggregatorV3Interface, for readers.
/// @notice Created by OracleHub.createFeed. Answers live in the hub; this contract only forwards reads.
/// Proofs go to the hub (`registry()`), not here.
contract OracleHubFeed is AggregatorV3Interface {
  address public immutable registry;
  bytes32 public immutable feedId;
  uint8 public immutable decimals;
  string private _description;

  constructor(bytes32 feedId_, uint8 decimals_, string memory description_) {
    registry = msg.sender;
    feedId = feedId_;
    decimals = decimals_;
    _description = description_;
  }

  function description() external view returns (string memory) {
    return _description;
  }

  function version() external pure returns (uint256) {
    return 1;
  }

  function latestObservedAt() external view returns (uint64) {
    return IOracleHubReads(registry).latestObservedAt(feedId);
  }

  function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
    return IOracleHubReads(registry).latestRoundDataOf(feedId);
  }

  function getRoundData(uint80 roundId) external view returns (uint80, int256, uint256, uint256, uint80) {
    return IOracleHubReads(registry).getRoundDataOf(feedId, roundId);
  }
}
