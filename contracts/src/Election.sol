// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Election: who fetches (DESIGN.md section 6).
/// @notice All relayers compute the same answer from on-chain data:
///   seed       = keccak256(abi.encode(randomness, requestId))
///   attempt a  : among validators not yet chosen (by attempts 0..a-1),
///                x = uint256(keccak256(abi.encode(seed, a))) % remainingPower,
///                the first (registry order) whose cumulative power exceeds x.
/// Oracle.Relayer's Election class implements the same; a differential test compares them.
library Election {
  error NoValidators();
  error ZeroPower(uint256 index);
  error AttemptOutOfRange(uint256 attempt, uint256 validators);

  function seedOf(uint256 randomness, bytes32 requestId) internal pure returns (bytes32) {
    return keccak256(abi.encode(randomness, requestId));
  }

  /// @return index the registry index of the validator elected for `attempt`.
  function elect(uint64[] memory powers, uint256 randomness, bytes32 requestId, uint256 attempt)
    internal
    pure
    returns (uint256 index)
  {
    uint256 n = powers.length;
    if (n == 0) revert NoValidators();
    if (attempt >= n) revert AttemptOutOfRange(attempt, n);
    uint256 remaining;
    for (uint256 i = 0; i < n; i++) {
      if (powers[i] == 0) revert ZeroPower(i);
      remaining += powers[i];
    }
    bytes32 seed = seedOf(randomness, requestId);
    bool[] memory chosen = new bool[](n);
    for (uint256 a = 0; a <= attempt; a++) {
      uint256 x = uint256(keccak256(abi.encode(seed, a))) % remaining;
      uint256 cumulative = 0;
      for (uint256 i = 0; i < n; i++) {
        if (chosen[i]) continue;
        cumulative += powers[i];
        if (cumulative > x) {
          index = i;
          break;
        }
      }
      chosen[index] = true;
      remaining -= powers[index];
    }
  }
}

/// @notice Exposes the library for eth_call (tests and tools); holds no state.
contract ElectionHarness {
  function elect(uint64[] calldata powers, uint256 randomness, bytes32 requestId, uint256 attempt)
    external
    pure
    returns (uint256)
  {
    return Election.elect(powers, randomness, requestId, attempt);
  }
}
