import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  CommitError,
  CommitStatusError,
  EndorseError,
  GatewayError,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import { describe, expect, it } from '@jest/globals';

import { DomainError } from '../domain/errors';
import {
  isEndorsersUnavailable,
  isReadConflict,
  isSubmitError,
  parseChaincodeRefusal,
  translateFabricError,
} from './errors';

function serviceError(code: number, message: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code] ?? ''}: ${message}`), {
    code,
    details: message,
    metadata: new Metadata(),
  });
}

const endorser = (message: string): { address: string; mspId: string; message: string } => ({
  address: 'peer0.health:8051',
  mspId: 'HealthMSP',
  message,
});

describe('translating Fabric errors', () => {
  it('when an endorser refuses with a chaincode code, then the domain error keeps code and message', () => {
    const error = new EndorseError({
      code: status.ABORTED,
      message: '10 ABORTED: failed to endorse transaction, see attached details',
      details: [
        endorser(
          'chaincode response 500, DEADLINE_PASSED: the submission deadline 2026-01-01T00:00:00.000Z has passed',
        ),
      ],
      cause: serviceError(status.ABORTED, 'failed to endorse transaction, see attached details'),
      transactionId: 'tx1',
    });
    const domain = translateFabricError(error);
    expect(domain).toBeInstanceOf(DomainError);
    expect(domain.code).toBe('DEADLINE_PASSED');
    expect(domain.message).toBe('the submission deadline 2026-01-01T00:00:00.000Z has passed');
  });

  it('when evaluate fails inside the chaincode, then the code comes out of the gRPC message', () => {
    const message =
      'evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: no tender T-9';
    const error = new GatewayError({
      code: status.UNKNOWN,
      message: `2 UNKNOWN: ${message}`,
      details: [],
      cause: serviceError(status.UNKNOWN, message),
    });
    expect(translateFabricError(error)).toMatchObject({ code: 'NOT_FOUND', message: 'no tender T-9' });
  });

  it.each(['INVALID_ARGUMENT', 'NOT_AUTHORISED', 'CONFLICT', 'TOO_EARLY', 'CLOCK_SKEW'])(
    'recognises %s',
    (code) => {
      expect(parseChaincodeRefusal(`chaincode response 500, ${code}: why`)).toEqual({ code, message: 'why' });
    },
  );

  it('ignores text that only looks like a code outside the chaincode response', () => {
    expect(parseChaincodeRefusal('failed to collect enough transaction endorsements')).toBeUndefined();
  });

  it('when some orgs refuse without a chaincode code, then 502-class LEDGER_REJECTED', () => {
    const error = new EndorseError({
      code: status.ABORTED,
      message: '10 ABORTED: failed to collect enough transaction endorsements',
      details: [endorser('ProposalResponsePayloads do not match')],
      cause: serviceError(status.ABORTED, 'failed to collect enough transaction endorsements'),
      transactionId: 'tx2',
    });
    expect(translateFabricError(error)).toMatchObject({ code: 'LEDGER_REJECTED', details: { txId: 'tx2' } });
  });

  it('when the peers refuse the signer (a revoked certificate), then UNAUTHENTICATED for a read and for a write', () => {
    const refused =
      'error validating proposal: access denied: channel [procurement] creator org [PublicWorksMSP]';
    const read = new GatewayError({
      code: status.FAILED_PRECONDITION,
      message: `9 FAILED_PRECONDITION: evaluate call to endorser returned error: ${refused}`,
      details: [],
      cause: serviceError(status.FAILED_PRECONDITION, refused),
    });
    const write = new EndorseError({
      code: status.ABORTED,
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [endorser(refused)],
      cause: serviceError(status.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx3',
    });
    for (const error of [read, write]) {
      expect(translateFabricError(error)).toMatchObject({
        code: 'UNAUTHENTICATED',
        details: { reason: 'certificate_refused' },
      });
    }
  });

  it('when an endorser cannot reach its chaincode process (down), then LEDGER_UNAVAILABLE with the txId', () => {
    const down =
      'error in simulation: failed to execute transaction tx5: could not launch chaincode procurement_1:ab: connection to procurement_1:ab failed: dial tcp 127.0.0.1:7058: connect: connection refused';
    const error = new EndorseError({
      code: status.ABORTED,
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [endorser(down)],
      cause: serviceError(status.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx5',
    });
    expect(translateFabricError(error)).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      details: { txId: 'tx5' },
    });
  });

  it('when the chaincode process goes away during the call, then LEDGER_UNAVAILABLE', () => {
    const gone =
      'error in simulation: failed to execute transaction tx6: error sending: chaincode stream terminated';
    const error = new EndorseError({
      code: status.ABORTED,
      message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
      details: [endorser(gone)],
      cause: serviceError(status.ABORTED, 'failed to endorse transaction'),
      transactionId: 'tx6',
    });
    expect(translateFabricError(error).code).toBe('LEDGER_UNAVAILABLE');
  });

  it.each([
    'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can satisfy the endorsement policy',
    'failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [peer0.health:7051]',
    'failed to find any endorsing peers for org(s): HealthMSP',
    'no peers available to evaluate chaincode procurement in channel procurement',
  ])('when no reachable endorsers exist (%s), then LEDGER_UNAVAILABLE (503), retry after 1 s', (message) => {
    const error = new GatewayError({
      code: status.FAILED_PRECONDITION,
      message: `9 FAILED_PRECONDITION: ${message}`,
      details: [],
      cause: serviceError(status.FAILED_PRECONDITION, message),
    });
    expect(isEndorsersUnavailable(error)).toBe(true);
    expect(translateFabricError(error)).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      details: { reason: 'endorsers_unavailable' },
      retryAfterSeconds: 1,
    });
  });

  it('when a precondition fails for another reason, then LEDGER_REJECTED (not retried as unavailable)', () => {
    const message = 'channel procurement not found';
    const error = new GatewayError({
      code: status.FAILED_PRECONDITION,
      message: `9 FAILED_PRECONDITION: ${message}`,
      details: [],
      cause: serviceError(status.FAILED_PRECONDITION, message),
    });
    expect(isEndorsersUnavailable(error)).toBe(false);
    expect(translateFabricError(error).code).toBe('LEDGER_REJECTED');
  });

  it('when the peer is unreachable, then LEDGER_UNAVAILABLE', () => {
    const message = 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7051';
    const error = new GatewayError({
      code: status.UNAVAILABLE,
      message: `14 UNAVAILABLE: ${message}`,
      details: [],
      cause: serviceError(status.UNAVAILABLE, message),
    });
    expect(translateFabricError(error).code).toBe('LEDGER_UNAVAILABLE');
  });

  it('when the orderer is unreachable (SubmitError), then it is recognised by name and is LEDGER_UNAVAILABLE with the txId', () => {
    const error = Object.assign(
      new GatewayError({
        code: status.UNAVAILABLE,
        message: '14 UNAVAILABLE: failed to send transaction to orderer',
        details: [],
        cause: serviceError(status.UNAVAILABLE, 'failed to send transaction to orderer'),
      }),
      { name: 'SubmitError', transactionId: 'tx3' },
    );
    expect(isSubmitError(error)).toBe(true);
    expect(translateFabricError(error)).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      details: { txId: 'tx3' },
    });
  });

  it('when the commit status does not arrive, then LEDGER_TIMEOUT naming the txId (outcome unknown)', () => {
    const error = new CommitStatusError({
      code: status.DEADLINE_EXCEEDED,
      message: '4 DEADLINE_EXCEEDED: Deadline exceeded',
      details: [],
      cause: serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      transactionId: 'tx4',
    });
    expect(translateFabricError(error)).toMatchObject({ code: 'LEDGER_TIMEOUT', details: { txId: 'tx4' } });
  });

  it('when endorsement times out, then LEDGER_TIMEOUT', () => {
    const error = new EndorseError({
      code: status.DEADLINE_EXCEEDED,
      message: '4 DEADLINE_EXCEEDED: Deadline exceeded',
      details: [],
      cause: serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      transactionId: 'tx5',
    });
    expect(translateFabricError(error).code).toBe('LEDGER_TIMEOUT');
  });

  it('when the transaction hit an MVCC read conflict, then it is retryable and ends as CONFLICT', () => {
    const error = new CommitError({
      code: StatusCode.MVCC_READ_CONFLICT,
      transactionId: 'tx6',
      message: 'Transaction tx6 failed to commit with status code 11 (MVCC_READ_CONFLICT)',
    });
    expect(isReadConflict(error)).toBe(true);
    expect(translateFabricError(error)).toMatchObject({ code: 'CONFLICT', details: { txId: 'tx6' } });
  });

  it('treats a phantom read conflict like an MVCC conflict', () => {
    const error = new CommitError({ code: StatusCode.PHANTOM_READ_CONFLICT, transactionId: 'tx7' });
    expect(isReadConflict(error)).toBe(true);
  });

  it('when the transaction failed validation otherwise, then LEDGER_REJECTED', () => {
    const error = new CommitError({
      code: StatusCode.ENDORSEMENT_POLICY_FAILURE,
      transactionId: 'tx8',
      message: 'policy',
    });
    expect(isReadConflict(error)).toBe(false);
    expect(translateFabricError(error)).toMatchObject({ code: 'LEDGER_REJECTED', details: { txId: 'tx8' } });
  });

  it('passes domain errors through and hides unknown errors as INTERNAL', () => {
    const domain = new DomainError({ code: 'NOT_FOUND', message: 'x' });
    expect(translateFabricError(domain)).toBe(domain);
    expect(translateFabricError(new TypeError('boom')).code).toBe('INTERNAL');
  });
});
