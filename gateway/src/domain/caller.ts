import type { Role } from './chaincode';

/** The authenticated user on whose behalf a request runs; transactions are signed with their identity. */
export interface Caller {
  readonly mspId: string;
  readonly username: string;
  readonly role: Role;
  readonly vendorId?: string;
}

export const ROLES: readonly Role[] = ['officer', 'evaluator', 'auditor', 'registrar', 'vendor'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
