/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
/** Runs contract transactions against the in-memory stub with a real Context and ClientIdentity. */
import './quiet';
import 'reflect-metadata';
import type { Context } from 'fabric-contract-api';
import { ChaincodeStub, ClientIdentity } from 'fabric-shim';
import type { TransactionName } from '@procurement/contract';
import { endorserClock } from '../ledger/clock';
import { contracts } from '../index';
import { pemOf, type Identity } from './certs';
import { MemoryStub, type Write } from './stub';

export interface Outcome {
  result?: string;
  error?: Error;
  writes: Write[];
  events: { name: string; payload: string }[];
}

export interface CallOptions {
  /** MSP of the endorsing peer (default: the caller's MSP). */
  peer?: string;
}

/** One endorsement of a proposal, for split-endorser tests. */
interface Endorsement {
  txId: string;
  endorserOffsetMs: number;
  commit: boolean;
}

type Method = (ctx: Context, ...args: string[]) => Promise<string>;
interface ContractLike {
  getName(): string;
  createContext(): Context;
  beforeTransaction(ctx: Context): Promise<void>;
  afterTransaction(ctx: Context, result: unknown): Promise<void>;
}

const instances = new Map<string, ContractLike>(
  contracts.map((C) => {
    const c = new C() as unknown as ContractLike;
    return [c.getName(), c];
  }),
);

export class Ledger {
  readonly stub = new MemoryStub();
  nowMs: number;
  /** Endorser clock minus transaction time, for clock-skew tests. */
  endorserOffsetMs = 0;
  private seq = 0;
  /** Every call with its outcome, for determinism comparisons. */
  readonly journal: (Outcome & { name: TransactionName })[] = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  async call(
    who: Identity,
    name: TransactionName,
    args: string[],
    options: CallOptions = {},
  ): Promise<Outcome> {
    this.seq += 1;
    // 64 hex digits, like a Fabric transaction id.
    const txId = String(this.seq).padStart(64, '0');
    return this.run(who, name, args, options, {
      txId,
      endorserOffsetMs: this.endorserOffsetMs,
      commit: true,
    });
  }

  /**
   * One proposal endorsed by several peers whose clocks differ from the transaction time by the given
   * offsets, as Fabric does it: committed only when every endorser accepts and all write the same;
   * otherwise the first refusal is the outcome and nothing changes.
   */
  async endorse(
    who: Identity,
    name: TransactionName,
    args: string[],
    endorserOffsetsMs: readonly number[],
    options: CallOptions = {},
  ): Promise<Outcome> {
    this.seq += 1;
    // 64 hex digits, like a Fabric transaction id.
    const txId = String(this.seq).padStart(64, '0');
    const outcomes: Outcome[] = [];
    for (const endorserOffsetMs of endorserOffsetsMs)
      outcomes.push(await this.run(who, name, args, options, { txId, endorserOffsetMs, commit: false }));
    const refused = outcomes.find((o) => o.error !== undefined);
    if (refused) return refused;
    const writeSets = new Set(outcomes.map((o) => JSON.stringify(o.writes)));
    if (writeSets.size !== 1) return { error: new Error('endorsements differ'), writes: [], events: [] };
    return this.run(who, name, args, options, {
      txId,
      endorserOffsetMs: endorserOffsetsMs[0] ?? 0,
      commit: true,
    });
  }

  private async run(
    who: Identity,
    name: TransactionName,
    args: string[],
    options: CallOptions,
    endorsement: Endorsement,
  ): Promise<Outcome> {
    const [contractName = '', fn = ''] = name.split(':');
    const contract = instances.get(contractName);
    if (!contract) throw new Error(`no contract ${contractName}`);
    const method = (contract as unknown as Record<string, Method | undefined>)[fn];
    if (!method) throw new Error(`no function ${name}`);
    const transient = new Map<string, Uint8Array>();
    const pem = await pemOf(who);
    this.stub.begin(
      endorsement.txId,
      this.nowMs,
      { mspid: who.mspId, idBytes: Buffer.from(pem, 'utf8') },
      transient,
      options.peer ?? who.mspId,
    );
    this.stub.fcn = name;
    this.stub.params = args;
    const stub = this.stub as unknown as ChaincodeStub;
    const ctx = contract.createContext() as Context & {
      setChaincodeStub(s: ChaincodeStub): void;
      setClientIdentity(c: ClientIdentity): void;
    };
    ctx.setChaincodeStub(stub);
    ctx.setClientIdentity(new ClientIdentity(stub));
    const txMs = this.nowMs;
    endorserClock.now = () => txMs + endorsement.endorserOffsetMs;
    try {
      await contract.beforeTransaction(ctx);
      const result = await method.call(contract, ctx, ...args);
      await contract.afterTransaction(ctx, result);
      const outcome = { result, writes: this.stub.writes, events: this.stub.events };
      if (endorsement.commit) {
        this.stub.commit();
        this.journal.push({ name, ...outcome });
      }
      return outcome;
    } catch (error) {
      const outcome = { error: error as Error, writes: this.stub.writes, events: this.stub.events };
      if (endorsement.commit) this.journal.push({ name, ...outcome });
      return outcome;
    }
  }

  /** Calls and expects success; returns the parsed result. */
  async ok<T = Record<string, unknown>>(
    who: Identity,
    name: TransactionName,
    args: string[],
    options?: CallOptions,
  ): Promise<T> {
    const outcome = await this.call(who, name, args, options);
    if (outcome.error) throw new Error(`${name} failed: ${outcome.error.message}`);
    return JSON.parse(outcome.result ?? 'null') as T;
  }

  /**
   * Calls and expects a refusal that changes nothing: returns the error message, and throws when the call
   * succeeded or when the committed state changed.
   */
  async refused(
    who: Identity,
    name: TransactionName,
    args: string[],
    options?: CallOptions,
  ): Promise<string> {
    const before = this.stub.snapshot();
    const outcome = await this.call(who, name, args, options);
    if (!outcome.error) throw new Error(`${name} unexpectedly succeeded: ${outcome.result ?? ''}`);
    if (this.stub.snapshot() !== before) throw new Error(`${name} changed state although refused`);
    if (outcome.writes.length > 0 || outcome.events.length > 0) {
      throw new Error(
        `${name} left a write set although refused: ${JSON.stringify(outcome.writes.map((w) => w.key))}`,
      );
    }
    return outcome.error.message;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}
