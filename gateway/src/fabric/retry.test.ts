import { Metadata, status } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from '@jest/globals';

import {
  backoff,
  retryOnEndorsersUnavailable,
  retryOnPeerBusy,
  retryOnReadConflict,
  retryOnSubmitError,
} from './retry';

const policy = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 };
const noWait = (): Promise<void> => Promise.resolve();

function submitError(): GatewayError {
  const cause = Object.assign(new Error('14 UNAVAILABLE: orderer down'), {
    code: status.UNAVAILABLE,
    details: 'orderer down',
    metadata: new Metadata(),
  });
  const error = new GatewayError({
    code: status.UNAVAILABLE,
    details: [],
    cause,
    message: '14 UNAVAILABLE: orderer down',
  });
  error.name = 'SubmitError';
  return error;
}

describe('retries', () => {
  it('when a conflict clears on the second attempt, then a fresh attempt succeeds', async () => {
    const attempts: number[] = [];
    const result = await retryOnReadConflict(
      policy,
      (n) => {
        attempts.push(n);
        if (n === 1) throw new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: `tx${n}` });
        return Promise.resolve('ok');
      },
      noWait,
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2]);
  });

  it('when conflicts persist, then it gives up after the bounded attempts with the last error', async () => {
    let calls = 0;
    await expect(
      retryOnReadConflict(
        policy,
        () => {
          calls += 1;
          throw new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'tx' });
        },
        noWait,
      ),
    ).rejects.toBeInstanceOf(CommitError);
    expect(calls).toBe(3);
  });

  it('does not retry a chaincode refusal', async () => {
    let calls = 0;
    await expect(
      retryOnReadConflict(
        policy,
        () => {
          calls += 1;
          throw new Error('chaincode response 500, CONFLICT: exists');
        },
        noWait,
      ),
    ).rejects.toThrow('CONFLICT');
    expect(calls).toBe(1);
  });

  it('resubmits after a SubmitError, and only then', async () => {
    let calls = 0;
    const result = await retryOnSubmitError(
      policy,
      () => {
        calls += 1;
        if (calls < 3) throw submitError();
        return Promise.resolve('submitted');
      },
      noWait,
    );
    expect(result).toBe('submitted');
    expect(calls).toBe(3);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoff(policy, 1, () => 0)).toBe(5);
    expect(backoff(policy, 1, () => 1)).toBe(10);
    expect(backoff(policy, 3, () => 1)).toBe(40);
    expect(backoff(policy, 10, () => 1)).toBe(100);
  });

  it('when a peer answers too many requests, then the same call is sent again and counted; other errors are not retried', async () => {
    const busy = new GatewayError({
      code: status.UNKNOWN,
      details: [],
      cause: Object.assign(new Error('too many requests'), {
        code: status.UNKNOWN,
        details: 'too many requests',
        metadata: new Metadata(),
      }),
      message: '2 UNKNOWN: too many requests for /gateway.Gateway, exceeding concurrency limit (500)',
    });
    let calls = 0;
    let retries = 0;
    const result = await retryOnPeerBusy(
      policy,
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(busy) : Promise.resolve('endorsed');
      },
      () => {
        retries += 1;
      },
      noWait,
    );
    expect(result).toBe('endorsed');
    expect(retries).toBe(2);
    let other = 0;
    await expect(
      retryOnPeerBusy(
        policy,
        () => {
          other += 1;
          return Promise.reject(new Error('chaincode response 500, NOT_FOUND: no tender'));
        },
        undefined,
        noWait,
      ),
    ).rejects.toThrow('NOT_FOUND');
    expect(other).toBe(1);
    calls = 0;
    await expect(retryOnPeerBusy(policy, () => Promise.reject(busy), undefined, noWait)).rejects.toBe(busy);
  });

  it('sends the same proposal again while too few endorsers are reachable, and stops at a refusal', async () => {
    const message = 'no combination of peers can be derived which satisfy the endorsement policy';
    const noPlan = new GatewayError({
      code: status.FAILED_PRECONDITION,
      details: [],
      cause: Object.assign(new Error(message), {
        code: status.FAILED_PRECONDITION,
        details: message,
        metadata: new Metadata(),
      }),
      message: `9 FAILED_PRECONDITION: ${message}`,
    });
    let calls = 0;
    const endorsed = await retryOnEndorsersUnavailable(
      policy,
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(noPlan) : Promise.resolve('endorsed');
      },
      noWait,
    );
    expect(endorsed).toBe('endorsed');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryOnEndorsersUnavailable(
        policy,
        () => {
          calls += 1;
          return Promise.reject(new Error('chaincode response 500, NOT_FOUND: no tender'));
        },
        noWait,
      ),
    ).rejects.toThrow('NOT_FOUND');
    expect(calls).toBe(1);
    await expect(retryOnEndorsersUnavailable(policy, () => Promise.reject(noPlan), noWait)).rejects.toBe(
      noPlan,
    );
  });
});
