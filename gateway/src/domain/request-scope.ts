/**
 * What the layers below the HTTP layer may need to know about the request they serve, carried by the
 * async context: today, whether the request already holds its place at the ledger (it was admitted once),
 * so that the later steps of a multi-step write are not queued behind new requests or refused.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  /** Set by the Fabric layer once one of the request's ledger calls has been admitted. */
  admitted: boolean;
}

const current = new AsyncLocalStorage<RequestScope>();

/** Run one request's work in its own scope. */
export function withRequestScope<T>(work: () => Promise<T>): Promise<T> {
  return current.run({ admitted: false }, work);
}

/** The scope of the request being served, if any. */
export function requestScope(): RequestScope | undefined {
  return current.getStore();
}
