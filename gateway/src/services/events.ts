import type { Caller } from '../domain/caller';
import { invalidArgument } from '../domain/errors';
import type { EventStart, Ledger } from '../domain/ledger';

/** One server-sent event. */
export interface StreamEvent {
  /** `<blockNumber>:<txId>`, usable as Last-Event-ID. */
  id: string;
  event: string;
  data: { blockNumber: number; txId: string; eventName: string; payload: unknown };
}

export interface StreamFrom {
  fromBlock?: string;
  lastEventId?: string;
}

const LAST_EVENT_ID = /^(\d{1,19}):([A-Za-z0-9]{1,128})$/;

/** Where to start: just after Last-Event-ID, else at fromBlock, else at the next block. */
function eventStart(from: StreamFrom): EventStart {
  if (from.lastEventId !== undefined) {
    const match = LAST_EVENT_ID.exec(from.lastEventId);
    if (!match?.[1] || !match[2])
      throw invalidArgument('Last-Event-ID must look like <blockNumber>:<txId>', 'Last-Event-ID');
    return { after: { blockNumber: BigInt(match[1]), txId: match[2] } };
  }
  if (from.fromBlock !== undefined) {
    if (!/^\d{1,19}$/.test(from.fromBlock))
      throw invalidArgument('fromBlock must be a non-negative integer', 'fromBlock');
    return { startBlock: BigInt(from.fromBlock) };
  }
  return {};
}

function decode(payload: Uint8Array): unknown {
  const text = Buffer.from(payload).toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The chaincode event stream, resumable from a checkpoint. */
export class EventService {
  readonly #ledger: Ledger;

  constructor(ledger: Ledger) {
    this.#ledger = ledger;
  }

  /** Validates the start position eagerly (so a bad one is a 400 before the stream opens). */
  open(caller: Caller, from: StreamFrom, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const start = eventStart(from);
    const ledger = this.#ledger;
    return {
      async *[Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
        for await (const event of ledger.chaincodeEvents(caller, start, signal)) {
          yield {
            id: `${event.blockNumber.toString()}:${event.txId}`,
            event: event.eventName,
            data: {
              blockNumber: Number(event.blockNumber),
              txId: event.txId,
              eventName: event.eventName,
              payload: decode(event.payload),
            },
          };
        }
      },
    };
  }
}
