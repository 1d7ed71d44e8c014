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
    (index,) = _run(powers, remaining, randomness, requestId, attempt + 1);
  }

  /// @return attemptOf attemptOf[i] = 1 + the attempt (among 0..attempts-1) that elects validator i,
  /// or 0 when none does (attempts is capped at the validator count).
  function attemptsOf(uint64[] memory powers, uint256 randomness, bytes32 requestId, uint256 attempts)
    internal
    pure
    returns (uint256[] memory attemptOf)
  {
    uint256 n = powers.length;
    if (n == 0) revert NoValidators();
    if (attempts > n) attempts = n;
    uint256 remaining;
    for (uint256 i = 0; i < n; i++) {
      if (powers[i] == 0) revert ZeroPower(i);
      remaining += powers[i];
    }
    (, attemptOf) = _run(powers, remaining, randomness, requestId, attempts);
  }

  /// @dev Runs attempts 0..attempts-1; returns the last one's index and, per validator, 1 + the
  /// attempt that chose it (0: not chosen).
  function _run(uint64[] memory powers, uint256 remaining, uint256 randomness, bytes32 requestId, uint256 attempts)
    private
    pure
    returns (uint256 index, uint256[] memory chosen)
  {
    uint256 n = powers.length;
    bytes32 seed = seedOf(randomness, requestId);
    chosen = new uint256[](n);
    for (uint256 a = 0; a < attempts; a++) {
      uint256 x = uint256(keccak256(abi.encode(seed, a))) % remaining;
      uint256 cumulative = 0;
      for (uint256 i = 0; i < n; i++) {
        if (chosen[i] != 0) continue;
        cumulative += powers[i];
        if (cumulative > x) {
          index = i;
          break;
        }
      }
      chosen[index] = a + 1;
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
