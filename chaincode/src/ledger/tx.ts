/** Per-transaction facts: caller identity (from the certificate) and the transaction time. */
import type { Context } from 'fabric-contract-api';
import type { Actor } from '../access';
import { type Clocks, toIso } from '../rules/time';
import { endorserClock } from './clock';

function actorOf(ctx: Context): Actor {
  const ci = ctx.clientIdentity;
  return {
    mspId: ci.getMSPID(),
    role: ci.getAttributeValue('role') ?? undefined,
    vendorId: ci.getAttributeValue('vendorId') ?? undefined,
    username: ci.getAttributeValue('hf.EnrollmentID') ?? undefined,
  };
}

/** The transaction timestamp in epoch milliseconds (set by the client, identical on every endorser). */
export function txMillis(ctx: Context): number {
  return timestampMillis(ctx.stub.getTxTimestamp());
}

/** Protobuf timestamp to epoch ms; `seconds` is a Long from getTxTimestamp, a number in history records. */
export function timestampMillis(ts: { seconds: { toNumber(): number } | number; nanos: number }): number {
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return seconds * 1000 + Math.floor(ts.nanos / 1_000_000);
}

export interface Tx {
  ctx: Context;
  actor: Actor;
  /** The transaction time: what is written. */
  nowMs: number;
  now: string;
  /** The transaction time and the endorser's clock: what deadlines are checked against. */
  clocks: Clocks;
  txId: string;
}

export function txOf(ctx: Context): Tx {
  const nowMs = txMillis(ctx);
  return {
    ctx,
    actor: actorOf(ctx),
    nowMs,
    now: toIso(nowMs),
    clocks: { txMs: nowMs, endorserMs: endorserClock.now() },
    txId: ctx.stub.getTxID(),
  };
}
