import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, CommitStatusError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';

import { CHAINCODE_ERROR_CODES, type ChaincodeErrorCode, type ErrorCode } from '@procurement/contract';

import { DomainError } from '../domain/errors';

/** A refusal's `CODE: message`, for every code the contract's error table gives the chaincode. */
const CHAINCODE_REFUSAL = new RegExp(`\\b(${CHAINCODE_ERROR_CODES.join('|')}): ([\\s\\S]*)$`);
const MAX_MESSAGE = 500;

/** A chaincode refusal found in a message such as "chaincode response 500, NOT_FOUND: no tender t1". */
export function parseChaincodeRefusal(
  message: string,
): { code: ChaincodeErrorCode; message: string } | undefined {
  const at = message.indexOf('chaincode response');
  const tail = at >= 0 ? message.slice(at) : message;
  const match = CHAINCODE_REFUSAL.exec(tail);
  if (!match?.[1]) return undefined;
  return { code: match[1] as ChaincodeErrorCode, message: (match[2] ?? '').trim().slice(0, MAX_MESSAGE) };
}

/** Detect SubmitError by name: 1.11 exports it as a type only. */
export function isSubmitError(error: unknown): error is GatewayError & { transactionId: string } {
  return error instanceof GatewayError && error.name === 'SubmitError';
}

/** MVCC or phantom read conflict: the whole endorse flow may be retried with a fresh proposal. */
export function isReadConflict(error: unknown): boolean {
  return (
    error instanceof CommitError &&
    (error.code === StatusCode.MVCC_READ_CONFLICT || error.code === StatusCode.PHANTOM_READ_CONFLICT)
  );
}

const PEER_BUSY = /too many requests/i;

/**
 * A peer's own concurrency refusal ("too many requests for /gateway.Gateway, exceeding concurrency limit"):
 * its gRPC limiter answers before the call runs, so nothing was endorsed, submitted or committed.
 */
export function isPeerBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (PEER_BUSY.test(error.message)) return true;
  const details = (error as { details?: unknown }).details;
  return (
    Array.isArray(details) &&
    details.some((d) => PEER_BUSY.test(String((d as { message?: unknown }).message)))
  );
}

/**
 * The peer's gateway found no set of reachable peers that satisfies the endorsement policy (its
 * discovery view: peers down, or a restarted peer that has not met the others through gossip yet). Nothing
 * was endorsed; it passes as peers come back, so it is an availability answer, not a refusal.
 */
const ENDORSERS_UNAVAILABLE =
  /no combination of peers can be derived|unavailability of peers|failed to find any endorsing peers|no peers available to evaluate/;

export function isEndorsersUnavailable(error: unknown): boolean {
  if (!(error instanceof GatewayError) || error.code !== (GrpcStatus.FAILED_PRECONDITION as number))
    return false;
  return [error.message, ...error.details.map((d) => d.message)].some((m) => ENDORSERS_UNAVAILABLE.test(m));
}

/**
 * The peer's proposal check refused the signer itself ("access denied: channel [c] creator org [O]"):
 * its certificate is revoked (the CRL on the channel), expired, or not from the organisation's CA.
 */
const SIGNER_REFUSED = /access denied: channel \[[^\]]*\] creator org/;

function isSignerRefused(error: GatewayError): boolean {
  return [error.message, ...error.details.map((d) => d.message)].some((m) => SIGNER_REFUSED.test(m));
}

/**
 * Conditions that pass once a node is back, with nothing endorsed or submitted, so unavailability rather
 * than a refusal: a peer could not reach its organisation's chaincode (a chaincode-as-a-service process
 * that is down: "could not launch chaincode … connection refused", or went down during the call:
 * "chaincode stream terminated"). Too few live endorsers is `isEndorsersUnavailable` above.
 */
const NOT_REACHABLE_YET = /could not launch chaincode|chaincode stream terminated/;

function isUnavailable(error: GatewayError): boolean {
  return (
    error.code === (GrpcStatus.UNAVAILABLE as number) ||
    isSubmitError(error) ||
    [error.message, ...error.details.map((d) => d.message)].some((m) => NOT_REACHABLE_YET.test(m))
  );
}

function transactionIdOf(error: unknown): string | undefined {
  const id = (error as { transactionId?: unknown }).transactionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function refusalFrom(error: GatewayError): DomainError | undefined {
  const messages = [error.message, ...error.details.map((d) => d.message)];
  for (const message of messages) {
    const refusal = parseChaincodeRefusal(message);
    if (refusal) return new DomainError({ code: refusal.code, message: refusal.message });
  }
  return undefined;
}

function infrastructure(code: ErrorCode, message: string, error: unknown, txId?: string): DomainError {
  return new DomainError({
    code,
    message,
    ...(txId === undefined ? {} : { details: { txId } }),
    cause: error,
  });
}

function translateCommitError(error: CommitError): DomainError {
  if (isReadConflict(error))
    return infrastructure(
      'CONFLICT',
      'the transaction conflicted with concurrent updates; retry',
      error,
      error.transactionId,
    );
  return infrastructure(
    'LEDGER_REJECTED',
    `the transaction was ordered but marked invalid (${error.message})`,
    error,
    error.transactionId,
  );
}

/** Refusals that happen before anything was endorsed or submitted: the signer, a busy peer, no endorsers. */
function refusedBeforeEndorsement(error: GatewayError): DomainError | undefined {
  if (isSignerRefused(error))
    return new DomainError({
      code: 'UNAUTHENTICATED',
      message:
        'the network no longer accepts your certificate (revoked or expired); nothing was done: ask your organisation',
      details: { reason: 'certificate_refused' },
      cause: error,
    });
  if (isPeerBusy(error) && !(error instanceof CommitStatusError))
    return new DomainError({
      code: 'LEDGER_BUSY',
      message: 'the peer is at its limit of concurrent requests; nothing was submitted; retry later',
      details: { reason: 'peer_busy' },
      retryAfterSeconds: 1,
      cause: error,
    });
  if (isEndorsersUnavailable(error))
    return new DomainError({
      code: 'LEDGER_UNAVAILABLE',
      message:
        'too few peers are reachable to endorse (a peer is down or still rejoining); nothing was submitted; retry',
      details: { reason: 'endorsers_unavailable' },
      retryAfterSeconds: 1,
      cause: error,
    });
  return undefined;
}

function translateGatewayError(error: GatewayError): DomainError {
  const refusal = refusalFrom(error) ?? refusedBeforeEndorsement(error);
  if (refusal) return refusal;
  const txId = transactionIdOf(error);
  if (error instanceof CommitStatusError || error.code === (GrpcStatus.DEADLINE_EXCEEDED as number))
    return infrastructure(
      'LEDGER_TIMEOUT',
      txId === undefined
        ? 'the ledger did not answer in time'
        : 'the ledger did not confirm the transaction in time; its outcome is unknown, query it by txId',
      error,
      txId,
    );
  if (isUnavailable(error))
    return infrastructure('LEDGER_UNAVAILABLE', 'peers, orderers or chaincode are unreachable', error, txId);
  return infrastructure('LEDGER_REJECTED', `the ledger refused the request: ${error.message}`, error, txId);
}

/**
 * Translate anything thrown by @hyperledger/fabric-gateway into the domain catalogue:
 * - a chaincode refusal (`chaincode response 500, CODE: message`) keeps its code and message;
 * - a signer the peers refuse (revoked or expired certificate) becomes UNAUTHENTICATED;
 * - MVCC/phantom read conflicts become CONFLICT (after the caller's retries);
 * - CommitStatusError and DEADLINE_EXCEEDED become LEDGER_TIMEOUT with the txId;
 * - a peer's "too many requests" (before endorsement or submit) becomes LEDGER_BUSY;
 * - no reachable set of endorsers (peers down or rejoining) becomes LEDGER_UNAVAILABLE (reason
 *   `endorsers_unavailable`), after the caller's retries;
 * - UNAVAILABLE, SubmitError and a chaincode its peer cannot reach become LEDGER_UNAVAILABLE;
 * - any other gateway failure becomes LEDGER_REJECTED (502).
 */
export function translateFabricError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof CommitError) return translateCommitError(error);
  if (error instanceof GatewayError) return translateGatewayError(error);
  const grpcCode = (error as { code?: unknown }).code;
  if (grpcCode === GrpcStatus.UNAVAILABLE)
    return infrastructure('LEDGER_UNAVAILABLE', 'peers are unreachable', error);
  if (grpcCode === GrpcStatus.DEADLINE_EXCEEDED)
    return infrastructure('LEDGER_TIMEOUT', 'the ledger did not answer in time', error);
  return infrastructure('INTERNAL', 'unexpected ledger client failure', error);
}
