import type { Caller } from '../domain/caller';
import type { Role } from '@procurement/contract';
import { invalidArgument, notAuthorised } from '../domain/errors';

/** Refuse (403) a caller whose role may never do this, before any ledger call. */
export function requireRole(caller: Caller, ...roles: Role[]): void {
  if (!roles.includes(caller.role))
    throw notAuthorised(`a ${caller.role} may not do this; it needs the role ${roles.join(' or ')}`);
}

export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Every id, from a client or the server, matches ^[A-Za-z0-9._-]{1,64}$. */
export function requireId(value: string, field: string): void {
  if (!ID_PATTERN.test(value)) throw invalidArgument(`${field} must match ^[A-Za-z0-9._-]{1,64}$`, field);
}
