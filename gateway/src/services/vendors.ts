import type { AddVendorUserInput, RegisterVendorUserInput, Vendor } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { DomainError, conflict, isDomainError } from '../domain/errors';
import { type Chain, type Written, jsonArg } from './chain';

/** Registers users at the Suppliers CA (implemented by identity/). */
export interface VendorUserRegistry {
  registerVendorUser(
    registrar: Caller,
    user: { username: string; password: string; vendorId: string },
  ): Promise<void>;
  /** Removes a user registered by `registerVendorUser` (and revokes its certificates). */
  removeVendorUser(registrar: Caller, username: string): Promise<void>;
}

/** A vendor user as the registrar registered it at the CA (it acts once it is on the vendor's record). */
export interface RegisteredVendorUser {
  mspId: string;
  username: string;
  role: 'vendor';
  vendorId: string;
}

/** The vendor register: onboarding (CA user + ledger record), users, debarment and reinstatement. */
export class VendorService {
  readonly #chain: Chain;
  readonly #users: VendorUserRegistry;

  constructor(chain: Chain, users: VendorUserRegistry) {
    this.#chain = chain;
    this.#users = users;
  }

  /**
   * Refuse a known vendorId first, then register the CA user (one enrolment), then record the vendor on
   * the ledger with that user as its only one. When the ledger write fails, the CA user is removed again,
   * so a failed onboarding leaves nobody behind who could log in.
   */
  async register(caller: Caller, input: RegisterVendorUserInput): Promise<Written<Vendor>> {
    if ((await this.#find(caller, input.vendorId)) !== undefined)
      throw conflict(`vendor ${input.vendorId} is already registered`);
    await this.#users.registerVendorUser(caller, {
      username: input.username,
      password: input.password,
      vendorId: input.vendorId,
    });
    try {
      return await this.#chain.write(caller, 'vendor:Register', [
        jsonArg({ vendorId: input.vendorId, legalName: input.legalName, username: input.username }),
      ]);
    } catch (error) {
      await this.#undoRegistration(caller, input, error);
      throw error;
    }
  }

  /**
   * Another user of a registered vendor, at the CA only (one enrolment): it acts for the vendor once
   * one of the vendor's own users approves it on the ledger (`approveUser`).
   */
  async addUser(caller: Caller, vendorId: string, input: AddVendorUserInput): Promise<RegisteredVendorUser> {
    await this.get(caller, vendorId);
    await this.#users.registerVendorUser(caller, { ...input, vendorId });
    return { mspId: caller.mspId, username: input.username, role: 'vendor', vendorId };
  }

  /** One of the vendor's users approves another enrolment id to act for the vendor. */
  approveUser(caller: Caller, vendorId: string, username: string): Promise<Written<Vendor>> {
    return this.#chain.write(caller, 'vendor:ApproveUser', [vendorId, username]);
  }

  get(caller: Caller, vendorId: string): Promise<Vendor> {
    return this.#chain.query(caller, 'vendor:Get', [vendorId]);
  }

  debar(
    caller: Caller,
    vendorId: string,
    input: { reason: string; until?: string },
  ): Promise<Written<Vendor>> {
    return this.#chain.write(caller, 'vendor:Debar', [vendorId, jsonArg(input)]);
  }

  reinstate(caller: Caller, vendorId: string, reason: string): Promise<Written<Vendor>> {
    return this.#chain.write(caller, 'vendor:Reinstate', [vendorId, reason]);
  }

  async #find(caller: Caller, vendorId: string): Promise<Vendor | undefined> {
    try {
      return await this.get(caller, vendorId);
    } catch (error) {
      if (isDomainError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }

  /**
   * The compensation of a failed onboarding: unless the ledger shows that the write did commit after
   * all (the record lists this user), the CA user is removed. When the ledger cannot be asked, it is
   * removed too: a committed record whose user is gone is repaired by registering the same username
   * again (`addUser`), while a CA user left behind would hold a certificate for a vendor it never was.
   */
  async #undoRegistration(caller: Caller, input: RegisterVendorUserInput, cause: unknown): Promise<void> {
    const recorded = await this.#find(caller, input.vendorId).catch(() => undefined);
    if (recorded?.users.includes(input.username) === true) return;
    try {
      await this.#users.removeVendorUser(caller, input.username);
    } catch (error) {
      throw new DomainError({
        code: 'LEDGER_UNAVAILABLE',
        message:
          `onboarding failed (${cause instanceof Error ? cause.message : String(cause)}) and the CA user ` +
          `${input.username} could not be removed: ${error instanceof Error ? error.message : String(error)}`,
        cause,
      });
    }
  }
}
