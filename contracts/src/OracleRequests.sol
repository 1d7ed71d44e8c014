// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AttestedReport, IAttestedReportErrors} from "./AttestedReport.sol";
import {Election} from "./Election.sol";
import {OracleProof} from "./OracleProof.sol";

/// @notice What OracleRequests reads from the registry (OracleRegistry or OracleHub).
interface IElectionRegistry {
  function powers() external view returns (uint64[] memory);
  function validatorCount() external view returns (uint256);
  function signerEntry(address signer) external view returns (uint256);
}

/// @notice A contract that asks for data implements this to receive the answer.
interface IOracleConsumer {
  /// @param ok false when the enclave refused the spec (a signed error report); `data` then holds
  /// the error's stable name (e.g. "job_url") and value is 0.
  function onOracleResult(bytes32 requestId, bool ok, int256 value, bytes calldata data) external;
}

/// @title OracleRequests: on-demand requests, answered by the elected validators' enclaves.
/// @notice DESIGN.md sections 4 and 6.
///   request(specHash, spec, callback, callbackGas, quorum) records block.prevrandao and the block
///   number and emits OracleRequested. The spec is the job's canonical JSON (RFC 8785): inline, or
///   named by its hash (keccak256 of those bytes, the feedId the enclave signs) for jobs the
///   relayers know.
///   fulfill(requestId, proof) accepts a proof for the request's spec and id with at least `quorum`
///   signatures from distinct registered enclaves whose validators are elected for an attempt
///   whose window has opened:
///     attempts 0 .. quorum-1 are open from the request block on (the leader and its followers);
///     attempt quorum-1+j opens at requestBlock + j * windowBlocks (the backups, one per window).
///   A signed error report (sourcesHash = AttestedReport.ERROR_SOURCES_HASH: the enclave refused the
///   spec) needs one elected signer whatever the quorum.
///   The request is then marked fulfilled (or failed, for a signed error report) and the callback is
///   called with at most callbackGas; a failing callback does not undo the fulfilment.
///   A request is fulfilled once: any later fulfill reverts RequestNotPending.
///   The report's `round` is the attempt of the signer whose enclave executed the job (the leader,
///   named in RequestFulfilled); the other signers endorsed its report.
/// The election runs over the registry's validators as they are at fulfilment.
contract OracleRequests is IAttestedReportErrors {
  enum Status {
    None,
    Pending,
    Fulfilled,
    Failed
  }

  /// Two slots per request.
  struct Request {
    address callback; //      160
    uint32 callbackGas; //     32
    uint8 quorum; //            8
    Status status; //           8
    uint48 blockNumber; //     48
    bytes32 specHash; //   slot 2
    uint256 randomness; // slot 3
  }

  event OracleRequested(
    bytes32 indexed requestId,
    address indexed requester,
    bytes32 indexed specHash,
    address callback,
    uint32 callbackGas,
    uint8 quorum,
    uint256 randomness,
    bytes spec
  );
  event RequestFulfilled(bytes32 indexed requestId, bool ok, int256 value, bytes data, uint64 observedAt, address leader);
  event CallbackFailed(bytes32 indexed requestId);

  error SpecHashMismatch(bytes32 given, bytes32 computed);
  error NoSpec();
  error SpecTooLong(uint256 length, uint256 max);
  error BadQuorum(uint8 quorum, uint256 validators);
  error CallbackGasTooHigh(uint32 callbackGas, uint32 max);
  error RequestNotPending(bytes32 requestId, Status status);
  error WrongSpec(bytes32 expected, bytes32 got);
  error WrongRequest(bytes32 expected, bytes32 got);
  error NotEnoughSigners(uint256 got, uint256 needed);
  error SignersNotSorted(address signer, address previous);
  error NotElected(address signer, uint256 validatorIndex, uint256 openAttempts);
  error RoundNotASignersAttempt(uint64 round);
  error InsufficientGasForCallback(uint256 gasLeft, uint256 needed);

  uint256 public constant MAX_SPEC_LENGTH = 16384;
  uint32 public constant MAX_CALLBACK_GAS = 2_000_000;

  IElectionRegistry public immutable registry;
  /// Blocks between one attempt's window and the next.
  uint256 public immutable windowBlocks;
  uint256 public requestCount;
  mapping(bytes32 requestId => Request) internal _requests;

  uint256 private immutable _chainId;
  bytes32 private immutable _separator;

  constructor(address registry_, uint256 windowBlocks_) {
    registry = IElectionRegistry(registry_);
    windowBlocks = windowBlocks_ == 0 ? 1 : windowBlocks_;
    _chainId = block.chainid;
    _separator = AttestedReport.domainSeparator(address(this));
  }

  /// @notice The EIP-712 domain separator fulfilment reports are signed under.
  function domainSeparator() public view returns (bytes32) {
    return block.chainid == _chainId ? _separator : AttestedReport.domainSeparator(address(this));
  }

  /// @notice Asks for data. `spec` non-empty: the job's canonical JSON (specHash 0, or its keccak256);
  /// empty: `specHash` names a job the relayers know.
  /// @param callback receives onOracleResult (0: none; read the RequestFulfilled event instead)
  /// @param quorum distinct elected enclaves that must sign (1 = leader only)
  function request(bytes32 specHash, bytes calldata spec, address callback, uint32 callbackGas, uint8 quorum)
    external
    returns (bytes32 requestId)
  {
    if (spec.length > 0) {
      if (spec.length > MAX_SPEC_LENGTH) revert SpecTooLong(spec.length, MAX_SPEC_LENGTH);
      bytes32 computed = keccak256(spec);
      if (specHash != 0 && specHash != computed) revert SpecHashMismatch(specHash, computed);
      specHash = computed;
    } else if (specHash == 0) {
      revert NoSpec();
    }
    uint256 n = registry.validatorCount();
    if (quorum == 0 || quorum > n || quorum > AttestedReport.MAX_SIGNATURES) revert BadQuorum(quorum, n);
    if (callbackGas > MAX_CALLBACK_GAS) revert CallbackGasTooHigh(callbackGas, MAX_CALLBACK_GAS);
    uint256 count = ++requestCount;
    requestId = keccak256(abi.encode(block.chainid, address(this), count, msg.sender, block.prevrandao));
    _requests[requestId] = Request({
      callback: callback,
      callbackGas: callbackGas,
      quorum: quorum,
      status: Status.Pending,
      blockNumber: uint48(block.number),
      specHash: specHash,
      randomness: block.prevrandao
    });
    emit OracleRequested(requestId, msg.sender, specHash, callback, callbackGas, quorum, block.prevrandao, spec);
  }

  /// @notice The request as stored (status None: unknown id).
  function requests(bytes32 requestId) external view returns (Request memory) {
    return _requests[requestId];
  }

  /// @notice How many attempts are open at `blockNumber` (at most the validator count).
  function openAttempts(bytes32 requestId, uint256 blockNumber, uint256 validators) public view returns (uint256) {
    Request storage r = _requests[requestId];
    return _open(r.quorum, r.blockNumber, blockNumber, validators);
  }

  function _open(uint256 quorum, uint256 requestBlock, uint256 blockNumber, uint256 validators)
    internal
    view
    returns (uint256 open)
  {
    uint256 elapsed = blockNumber > requestBlock ? blockNumber - requestBlock : 0;
    open = quorum + elapsed / windowBlocks;
    if (open > validators) open = validators;
  }

  /// @notice Answers a request with a proof signed by at least `quorum` elected enclaves.
  function fulfill(bytes32 requestId, bytes calldata proof) external {
    Request storage r = _requests[requestId];
    Request memory req = r;
    if (req.status != Status.Pending) revert RequestNotPending(requestId, req.status);
    (uint256 dataLen, address leader) = _verify(requestId, proof, req);
    (,,, int256 value, uint64 observedAt, bytes32 sourcesHash) = AttestedReport.fields(_offset(proof));
    bool ok = sourcesHash != AttestedReport.ERROR_SOURCES_HASH;
    r.status = ok ? Status.Fulfilled : Status.Failed;
    emit RequestFulfilled(requestId, ok, value, proof[147:147 + dataLen], observedAt, leader);
    if (req.callback != address(0)) _callback(requestId, req, ok, value, proof[147:147 + dataLen]);
  }

  function _offset(bytes calldata proof) private pure returns (uint256 p) {
    assembly ("memory-safe") {
      p := proof.offset
    }
  }

  /// @dev The proof's shape, spec, request id and signers; returns its data length and leader.
  function _verify(bytes32 requestId, bytes calldata proof, Request memory req)
    internal
    view
    returns (uint256 dataLen, address leader)
  {
    uint256 p = _offset(proof);
    uint256 sigCount;
    (dataLen, sigCount) = AttestedReport.shape(p, proof.length);
    (bytes32 feedId, bytes32 gotRequest,,,, bytes32 sourcesHash) = AttestedReport.fields(p);
    if (feedId != req.specHash) revert WrongSpec(req.specHash, feedId);
    if (gotRequest != requestId) revert WrongRequest(requestId, gotRequest);
    // A signed error report (the spec was refused before anything was fetched) needs one elected
    // enclave: refusing a spec is deterministic, there is no value for followers to compare.
    uint256 needed = sourcesHash == AttestedReport.ERROR_SOURCES_HASH ? 1 : req.quorum;
    if (sigCount < needed) revert NotEnoughSigners(sigCount, needed);
    leader = _checkSigners(requestId, p, dataLen, sigCount, req);
  }

  /// @dev Every signer: registered, unexpired, distinct (ascending), elected by an open attempt.
  /// The report's round must be the attempt of one of them: that signer is the leader (whose enclave
  /// executed; the others endorsed its report).
  function _checkSigners(bytes32 requestId, uint256 p, uint256 dataLen, uint256 sigCount, Request memory req)
    internal
    view
    returns (address leader)
  {
    bytes32 d = AttestedReport.digest(p, dataLen, domainSeparator());
    uint64[] memory powers = registry.powers();
    uint256 open = _open(req.quorum, req.blockNumber, block.number, powers.length);
    uint256[] memory attemptOf = Election.attemptsOf(powers, req.randomness, requestId, open);
    (,, uint64 round,,,) = AttestedReport.fields(p);
    address previous;
    for (uint256 i = 0; i < sigCount; i++) {
      address signer = AttestedReport.signerAt(p, dataLen, i, d);
      if (signer <= previous) revert SignersNotSorted(signer, previous);
      uint256 entry = OracleProof.checkSigner(address(registry), signer);
      uint256 index = uint32(entry >> 72);
      if (index >= attemptOf.length || attemptOf[index] == 0) revert NotElected(signer, index, open);
      if (attemptOf[index] == uint256(round) + 1) leader = signer;
      previous = signer;
    }
    if (leader == address(0)) revert RoundNotASignersAttempt(round);
  }

  function _callback(bytes32 requestId, Request memory req, bool ok, int256 value, bytes calldata data) internal {
    // EIP-150 passes at most 63/64 of what is left: make sure the callback gets all it asked for,
    // so that a fulfiller cannot starve it on purpose.
    uint256 needed = uint256(req.callbackGas) + uint256(req.callbackGas) / 63 + 10_000;
    if (gasleft() < needed) revert InsufficientGasForCallback(gasleft(), needed);
    bytes memory payload = abi.encodeCall(IOracleConsumer.onOracleResult, (requestId, ok, value, data));
    address target = req.callback;
    uint256 gasLimit = req.callbackGas;
    bool success;
    assembly ("memory-safe") {
      // No return data is copied: a callback cannot make the fulfiller pay for a huge return.
      success := call(gasLimit, target, 0, add(payload, 0x20), mload(payload), 0, 0)
    }
    if (!success) emit CallbackFailed(requestId);
  }
}
