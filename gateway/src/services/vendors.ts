import type { RegisterVendorUserInput, Vendor } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { conflict, isDomainError } from '../domain/errors';
import { type Chain, type Written, jsonArg } from './chain';

/** Registers users at the Suppliers CA (implemented by identity/). */
export interface VendorUserRegistry {
  registerVendorUser(
    registrar: Caller,
    user: { username: string; password: string; vendorId: string },
  ): Promise<void>;
}

/** The vendor register: onboarding (CA user + ledger record), debarment and reinstatement. */
export class VendorService {
  readonly #chain: Chain;
  readonly #users: VendorUserRegistry;

  constructor(chain: Chain, users: VendorUserRegistry) {
    this.#chain = chain;
    this.#users = users;
  }

  /** Refuse a known vendorId first, then register the CA user, then record the vendor on the ledger. */
  async register(caller: Caller, input: RegisterVendorUserInput): Promise<Written<Vendor>> {
    try {
      await this.#chain.query(caller, 'vendor:Get', [input.vendorId]);
      throw conflict(`vendor ${input.vendorId} is already registered`);
    } catch (error) {
      if (!isDomainError(error, 'NOT_FOUND')) throw error;
    }
    await this.#users.registerVendorUser(caller, {
      username: input.username,
      password: input.password,
      vendorId: input.vendorId,
    });
    return this.#chain.write(caller, 'vendor:Register', [
      jsonArg({ vendorId: input.vendorId, legalName: input.legalName }),
    ]);
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
}
