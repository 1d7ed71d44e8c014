// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOracleConsumer, OracleRequests} from "./OracleRequests.sol";

/// @title ExampleRequester: asks OracleRequests for data and keeps the answers its callback receives.
/// @notice `failCallbacks` makes the callback revert (tests show the fulfilment stands regardless);
/// `burn` makes it spend gas until it runs out.
contract ExampleRequester is IOracleConsumer {
  error NotTheOracle(address caller);

  struct Answer {
    bool answered;
    bool ok;
    int256 value;
    bytes data;
  }

  OracleRequests public immutable oracle;
  bool public failCallbacks;
  bool public burn;
  uint256 public answers;
  mapping(bytes32 requestId => Answer) public answerOf;

  constructor(OracleRequests oracle_) {
    oracle = oracle_;
  }

  function setCallbackMode(bool fail, bool burn_) external {
    failCallbacks = fail;
    burn = burn_;
  }

  /// @notice Requests `spec` (canonical JSON) with this contract as the callback.
  function ask(bytes calldata spec, uint32 callbackGas, uint8 quorum) external returns (bytes32) {
    return oracle.request(bytes32(0), spec, address(this), callbackGas, quorum);
  }

  /// @notice Requests a job the relayers know by its hash.
  function askByHash(bytes32 specHash, uint32 callbackGas, uint8 quorum) external returns (bytes32) {
    return oracle.request(specHash, "", address(this), callbackGas, quorum);
  }

  function onOracleResult(bytes32 requestId, bool ok, int256 value, bytes calldata data) external {
    if (msg.sender != address(oracle)) revert NotTheOracle(msg.sender);
    if (failCallbacks) revert("ExampleRequester: told to fail");
    if (burn) {
      while (true) {}
    }
    answerOf[requestId] = Answer(true, ok, value, data);
    answers++;
  }
}

/// @notice The smallest callback: bench/requests measures fulfill with it.
contract TrivialCallback is IOracleConsumer {
  function onOracleResult(bytes32, bool, int256, bytes calldata) external {}
}
