// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PackedRound: one stored answer in one storage word.
/// @notice Layout, low bits first:
///   [  0,128) answer     int128 (two's complement)
///   [128,168) observedAt uint40, unix seconds, from the report (the sources' Date headers)
///   [168,208) updatedAt  uint40, block.timestamp when the answer was stored
///   [208,240) roundId    uint32, the feed's own counter: 1, 2, 3, ... per accepted answer
///   [240,256) meta       uint16, owner's bits: OracleHub keeps the feed's configuration here
library PackedRound {
  uint256 internal constant MASK40 = 0xffffffffff;
  uint256 internal constant MASK32 = 0xffffffff;
  uint256 internal constant META_SHIFT = 240;

  function answer(uint256 word) internal pure returns (int256 a) {
    assembly ("memory-safe") {
      a := signextend(15, word)
    }
  }

  function observedAt(uint256 word) internal pure returns (uint64) {
    return uint64((word >> 128) & MASK40);
  }

  function updatedAt(uint256 word) internal pure returns (uint64) {
    return uint64((word >> 168) & MASK40);
  }

  function roundId(uint256 word) internal pure returns (uint32) {
    return uint32((word >> 208) & MASK32);
  }

  function meta(uint256 word) internal pure returns (uint16) {
    return uint16(word >> META_SHIFT);
  }

  /// @dev Callers check the ranges: answer fits int128, observedAt and updatedAt fit uint40.
  function pack(int256 answer_, uint256 observedAt_, uint256 updatedAt_, uint256 roundId_, uint256 meta_)
    internal
    pure
    returns (uint256 word)
  {
    assembly ("memory-safe") {
      word := or(
        and(answer_, 0xffffffffffffffffffffffffffffffff),
        or(shl(128, observedAt_), or(shl(168, updatedAt_), or(shl(208, roundId_), shl(240, meta_))))
      )
    }
  }
}
