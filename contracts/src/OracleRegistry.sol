// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title OracleRegistry: validators, their voting power and their attested enclave signers.
/// @notice DESIGN.md sections 5 and 6. Entries are written through `registerEnclave` with EIP-712
/// signatures from m of the n attestation verifiers the owner configured (each verified the
/// enclave's DCAP evidence off-chain and signed the entry). Until verifiers are configured the
/// owner may write entries directly (`setValidator`, bootstrap and tests only); once they are,
/// it may not. Every write goes through `_setValidator` or `_removeValidator`.
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

  /// @notice What m of n verifiers sign (EIP-712, domain "OracleRegistry" version "1").
  struct EnclaveEntry {
    address validator;
    uint64 power;
    address signer; // the enclave's secp256k1 key, as an address
    bytes32 x25519; // the enclave's X25519 public key
    bytes32 measurement; // MRENCLAVE
    uint8 tcbStatus; // Oracle.Attestation's TcbStatus; 255 = simulated
    uint64 expiresAt;
    uint64 issuedAt; // strictly increasing per validator: an older entry cannot be replayed
  }

  uint256 internal constant ACTIVE = 1 << 255;
  bytes32 internal constant ENTRY_TYPEHASH = keccak256(
    "EnclaveEntry(address validator,uint64 power,address signer,bytes32 x25519,bytes32 measurement,uint8 tcbStatus,uint64 expiresAt,uint64 issuedAt)"
  );
  bytes32 internal constant DOMAIN_TYPEHASH =
    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

  address public owner;
  uint256 public totalPower;
  Validator[] internal _validators;
  mapping(address validator => uint256 indexPlusOne) internal _indexOf;
  mapping(address signer => uint256 entry) internal _signers;
  // The gate's state is internal, read through `verifiers()` and `enclaveKeys()`: every external
  // function adds a selector comparison to the hub's dispatch, which each raw-proof submit pays.
  address[] internal _verifiers;
  mapping(address verifier => bool) internal _isVerifier;
  uint256 internal _verifierThreshold;
  mapping(address validator => uint64) internal _entryIssuedAt;
  mapping(address validator => bytes32) internal _x25519Of;

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
  event VerifiersSet(address[] verifiers, uint256 threshold);
  event EnclaveRegistered(address indexed validator, address indexed signer, bytes32 x25519, uint64 issuedAt, uint256 signatures);

  error NotOwner(address caller);
  error ZeroAddress();
  error ZeroPower();
  error ExpiryInPast(uint64 expiresAt);
  error SignerInUse(address signer, address validator);
  error UnknownValidator(address validator);
  error IndexOutOfRange(uint256 index, uint256 count);
  error VerifiersConfigured();
  error VerifiersNotConfigured();
  error BadThreshold(uint256 threshold, uint256 verifiers);
  error DuplicateVerifier(address verifier);
  error NotEnoughSignatures(uint256 got, uint256 needed);
  error NotAVerifier(address recovered);
  error SignaturesNotSorted(address recovered, address previous);
  error BadSignature(uint256 index);
  error StaleEntry(uint64 issuedAt, uint64 current);
  error EntryFromTheFuture(uint64 issuedAt, uint256 now);

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

  /// @notice Adds a validator at the end of the order, or updates it in place. Only while no
  /// attestation verifiers are configured (bootstrap, tests); afterwards `registerEnclave` is the way.
  /// @dev Replacing a validator's signer removes the old signer's entry in the same call.
  function setValidator(
    address validator,
    uint64 power,
    address signer,
    bytes32 measurement,
    uint8 tcbStatus,
    uint64 expiresAt
  ) external onlyOwner {
    if (_verifierThreshold != 0) revert VerifiersConfigured();
    _setValidator(validator, power, signer, measurement, tcbStatus, expiresAt);
  }

  /// @notice Sets the attestation verifiers and how many of them must sign an entry.
  function setVerifiers(address[] calldata list, uint256 threshold) external onlyOwner {
    if (threshold == 0 || threshold > list.length) revert BadThreshold(threshold, list.length);
    for (uint256 i = 0; i < _verifiers.length; i++) {
      _isVerifier[_verifiers[i]] = false;
    }
    delete _verifiers;
    for (uint256 i = 0; i < list.length; i++) {
      address v = list[i];
      if (v == address(0)) revert ZeroAddress();
      if (_isVerifier[v]) revert DuplicateVerifier(v);
      _isVerifier[v] = true;
      _verifiers.push(v);
    }
    _verifierThreshold = threshold;
    emit VerifiersSet(list, threshold);
  }

  function verifiers() external view returns (address[] memory, uint256 threshold) {
    return (_verifiers, _verifierThreshold);
  }

  /// @notice A validator's X25519 key and the issue time of its live entry (what `registerEnclave` wrote).
  function enclaveKeys(address validator) external view returns (bytes32 x25519, uint64 issuedAt) {
    return (_x25519Of[validator], _entryIssuedAt[validator]);
  }

  /// @notice Writes (or renews) a validator's enclave entry, signed by at least the threshold of
  /// distinct configured verifiers. Signatures are 65 bytes (r, s, v), low s, ordered by the
  /// recovered address, strictly increasing (so each verifier counts once). Anyone may submit.
  function registerEnclave(EnclaveEntry calldata e, bytes[] calldata signatures) external {
    uint256 threshold = _verifierThreshold;
    if (threshold == 0) revert VerifiersNotConfigured();
    if (signatures.length < threshold) revert NotEnoughSignatures(signatures.length, threshold);
    uint64 current = _entryIssuedAt[e.validator];
    if (e.issuedAt <= current) revert StaleEntry(e.issuedAt, current);
    if (e.issuedAt > block.timestamp + 900) revert EntryFromTheFuture(e.issuedAt, block.timestamp);
    bytes32 digest = _entryDigest(e);
    address previous = address(0);
    for (uint256 i = 0; i < signatures.length; i++) {
      address recovered = _recover(digest, signatures[i], i);
      if (recovered <= previous) revert SignaturesNotSorted(recovered, previous);
      if (!_isVerifier[recovered]) revert NotAVerifier(recovered);
      previous = recovered;
    }
    _entryIssuedAt[e.validator] = e.issuedAt;
    _x25519Of[e.validator] = e.x25519;
    _setValidator(e.validator, e.power, e.signer, e.measurement, e.tcbStatus, e.expiresAt);
    emit EnclaveRegistered(e.validator, e.signer, e.x25519, e.issuedAt, signatures.length);
  }

  /// @dev The EIP-712 domain of registry entries: name "OracleRegistry", version "1", this chain and contract.
  function _registryDomainSeparator() private view returns (bytes32) {
    return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("OracleRegistry"), keccak256("1"), block.chainid, address(this)));
  }

  /// @dev The EIP-712 digest verifiers sign for `e` (ethers' TypedDataEncoder and Oracle.Relayer compute the same).
  function _entryDigest(EnclaveEntry calldata e) private view returns (bytes32) {
    bytes32 structHash = keccak256(
      abi.encode(
        ENTRY_TYPEHASH, e.validator, e.power, e.signer, e.x25519, e.measurement, e.tcbStatus, e.expiresAt, e.issuedAt
      )
    );
    return keccak256(abi.encodePacked("\x19\x01", _registryDomainSeparator(), structHash));
  }

  function _recover(bytes32 digest, bytes calldata sig, uint256 index) private pure returns (address recovered) {
    if (sig.length != 65) revert BadSignature(index);
    bytes32 r = bytes32(sig[0:32]);
    bytes32 s = bytes32(sig[32:64]);
    uint8 v = uint8(sig[64]);
    if (uint256(s) > HALF_ORDER || (v != 27 && v != 28)) revert BadSignature(index);
    recovered = ecrecover(digest, v, r, s);
    if (recovered == address(0)) revert BadSignature(index);
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

  /// @notice Every validator's power in registry order: the election's input (DESIGN.md section 6).
  function powers() external view returns (uint64[] memory list) {
    uint256 n = _validators.length;
    list = new uint64[](n);
    for (uint256 i = 0; i < n; i++) {
      list[i] = _validators[i].power;
    }
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
