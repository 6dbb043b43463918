import { ROLES, type Role, isOneOf } from '@procurement/contract';

/** The authenticated user on whose behalf a request runs; transactions are signed with their identity. */
export interface Caller {
  readonly mspId: string;
  readonly username: string;
  readonly role: Role;
  readonly vendorId?: string;
}

/** True for one of the contract's roles. */
export function isRole(value: unknown): value is Role {
  return isOneOf(ROLES, value);
}
