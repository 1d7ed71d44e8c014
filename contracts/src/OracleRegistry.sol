// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title OracleRegistry: validators, their voting power and their attested enclave signers.
/// @notice DESIGN.md sections 5 and 6. For now the owner writes entries; a later version accepts
/// writes signed by m of n attestation verifiers instead. Every write goes through `_setValidator`
/// or `_removeValidator`, so that change touches only the external entry points.
///
/// Storage:
///   slot 0  owner (address)
///   slot 1  totalPower (uint256)
///   slot 2  _validators: Validator[] in registry order (the election's order, DESIGN.md section 6)
///   slot 3  _indexOf: validator address => index + 1 (0 = not a validator)
///   slot 4  _signers: signer address => packed entry, the ONE word a feed reads per submit:
///           [0,64) expiresAt uint64 | [64,72) tcbStatus uint8 | [72,104) validator index uint32 |
///           [255] active flag
contract OracleRegistry {
  struct Validator {
    address validator; // slot a: 160 bits
    uint64 power; //              64 bits
    uint8 tcbStatus; //           8 bits
    address signer; //  slot b: 160 bits
    uint64 expiresAt; //          64 bits
    bytes32 measurement; // slot c
  }

  uint256 internal constant ACTIVE = 1 << 255;

  address public owner;
  uint256 public totalPower;
  Validator[] internal _validators;
  mapping(address validator => uint256 indexPlusOne) internal _indexOf;
  mapping(address signer => uint256 entry) internal _signers;

  event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
  event ValidatorSet(
    address indexed validator,
    uint64 power,
    address indexed signer,
    bytes32 measurement,
    uint8 tcbStatus,
    uint64 expiresAt
  );
  event ValidatorRemoved(address indexed validator);
  event SignerRemoved(address indexed signer, address indexed validator);

  error NotOwner(address caller);
  error ZeroAddress();
  error ZeroPower();
  error ExpiryInPast(uint64 expiresAt);
  error SignerInUse(address signer, address validator);
  error UnknownValidator(address validator);
  error IndexOutOfRange(uint256 index, uint256 count);

  modifier onlyOwner() {
    if (msg.sender != owner) revert NotOwner(msg.sender);
    _;
  }

  constructor() {
    owner = msg.sender;
    emit OwnershipTransferred(address(0), msg.sender);
  }

  function transferOwnership(address newOwner) external onlyOwner {
    if (newOwner == address(0)) revert ZeroAddress();
    emit OwnershipTransferred(owner, newOwner);
    owner = newOwner;
  }

  /// @notice Adds a validator at the end of the order, or updates it in place.
  /// @dev Replacing a validator's signer removes the old signer's entry in the same call.
  function setValidator(
    address validator,
    uint64 power,
    address signer,
    bytes32 measurement,
    uint8 tcbStatus,
    uint64 expiresAt
  ) external onlyOwner {
    _setValidator(validator, power, signer, measurement, tcbStatus, expiresAt);
  }

  /// @notice Removes a validator and its signer. The last validator takes its place in the order.
  function removeValidator(address validator) external onlyOwner {
    _removeValidator(validator);
  }

  /// @notice The live entry of an enclave signer.
  function signerStatus(address signer) external view returns (bool registered, uint64 expiresAt, address validator) {
    uint256 e = _signers[signer];
    registered = e & ACTIVE != 0;
    if (registered) {
      expiresAt = uint64(e);
      validator = _validators[uint32(e >> 72)].validator;
    }
  }

  /// @notice The packed word feeds read (see the storage note above); 0 when the signer is unknown.
  /// @dev Kept tiny: a feed reads it with one STATICCALL and one cold SLOAD per submit.
  function signerEntry(address signer) external view returns (uint256) {
    return _signers[signer];
  }

  function validatorCount() external view returns (uint256) {
    return _validators.length;
  }

  function validatorAt(uint256 i)
    external
    view
    returns (address validator, uint64 power, address signer, bytes32 measurement, uint8 tcbStatus, uint64 expiresAt)
  {
    if (i >= _validators.length) revert IndexOutOfRange(i, _validators.length);
    Validator storage v = _validators[i];
    return (v.validator, v.power, v.signer, v.measurement, v.tcbStatus, v.expiresAt);
  }

  /// @dev The one place entries are written; a verifier-signed write path will call it too.
  function _setValidator(
    address validator,
    uint64 power,
    address signer,
    bytes32 measurement,
    uint8 tcbStatus,
    uint64 expiresAt
  ) internal {
    if (validator == address(0) || signer == address(0)) revert ZeroAddress();
    if (power == 0) revert ZeroPower();
    if (expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
    uint256 idx = _indexOf[validator];
    uint256 i;
    if (idx == 0) {
      i = _validators.length;
      _validators.push();
      _indexOf[validator] = i + 1;
    } else {
      i = idx - 1;
    }
    Validator storage v = _validators[i];
    uint256 other = _signers[signer];
    if (other & ACTIVE != 0 && uint32(other >> 72) != i) {
      revert SignerInUse(signer, _validators[uint32(other >> 72)].validator);
    }
    address oldSigner = v.signer;
    if (oldSigner != address(0) && oldSigner != signer) {
      delete _signers[oldSigner];
      emit SignerRemoved(oldSigner, validator);
    }
    totalPower = totalPower - v.power + power;
    v.validator = validator;
    v.power = power;
    v.tcbStatus = tcbStatus;
    v.signer = signer;
    v.expiresAt = expiresAt;
    v.measurement = measurement;
    _signers[signer] = ACTIVE | (i << 72) | (uint256(tcbStatus) << 64) | expiresAt;
    emit ValidatorSet(validator, power, signer, measurement, tcbStatus, expiresAt);
  }

  /// @dev Swap-and-pop: O(1), and the resulting order is the same for everyone who replays the events.
  function _removeValidator(address validator) internal {
    uint256 idx = _indexOf[validator];
    if (idx == 0) revert UnknownValidator(validator);
    uint256 i = idx - 1;
    Validator storage v = _validators[i];
    totalPower -= v.power;
    address signer = v.signer;
    delete _signers[signer];
    emit SignerRemoved(signer, validator);
    uint256 last = _validators.length - 1;
    if (i != last) {
      Validator storage moved = _validators[last];
      _validators[i] = moved;
      _indexOf[moved.validator] = idx;
      _signers[moved.signer] = (_signers[moved.signer] & ~(uint256(MASK32) << 72)) | (i << 72);
    }
    _validators.pop();
    delete _indexOf[validator];
    emit ValidatorRemoved(validator);
  }

  uint256 private constant MASK32 = 0xffffffff;
}
