import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { hashPassword, verifyPassword } from './wallet';

/** A user the registrar onboarded who has not logged in yet: a salted hash of the one-time secret. */
export interface PendingFirstLogin {
  /** `scrypt$<saltHex>$<hashHex>` of the secret the registrar chose. */
  secretHash: string;
  /** When the registrar registered the user (ms since the epoch). */
  registeredAt: number;
}

/**
 * The users onboarded through this gateway whose first login is still to come, so that a login without
 * `newPassword` is refused **before** the CA is asked: their secret enrols only once (max enrollments 1),
 * and an enrolment that could not be kept would spend it. Fabric CA cannot tell the gateway beforehand
 * (reading an identity's attributes needs a registrar), hence this record. It holds only a hash of the
 * secret, so a wrong secret is refused here too, and it is never written by the user: the registrar's
 * onboarding adds an entry, the user's first login or the onboarding's undoing removes it.
 *
 * Kept as JSON `{ "<mspId>/<username>": PendingFirstLogin }` in a file (0600, written atomically) when one
 * is given, so that a restart keeps it; in memory otherwise (tests).
 */
export class FirstLoginRegister {
  readonly #file: string | undefined;
  readonly #pending: Map<string, PendingFirstLogin>;

  constructor(file?: string) {
    this.#file = file;
    this.#pending = new Map(file === undefined ? [] : load(file));
  }

  /** Record that `username`'s password is the one-time `secret` until its first login. */
  async add(mspId: string, username: string, secret: string, now: number): Promise<void> {
    this.#pending.set(key(mspId, username), { secretHash: await hashPassword(secret), registeredAt: now });
    this.#save();
  }

  get(mspId: string, username: string): PendingFirstLogin | undefined {
    return this.#pending.get(key(mspId, username));
  }

  /** Whether `secret` is the one-time secret recorded for this pending user. */
  async secretMatches(pending: Readonly<PendingFirstLogin>, secret: string): Promise<boolean> {
    return verifyPassword(secret, pending.secretHash);
  }

  /** The first login happened, or the user is gone. */
  remove(mspId: string, username: string): void {
    if (this.#pending.delete(key(mspId, username))) this.#save();
  }

  #save(): void {
    if (this.#file === undefined) return;
    mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    const temp = `${this.#file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(this.#pending)), { mode: 0o600 });
    renameSync(temp, this.#file);
  }
}

function key(mspId: string, username: string): string {
  return `${mspId}/${username}`;
}

function isPending(value: unknown): value is PendingFirstLogin {
  const v = value as Partial<PendingFirstLogin> | null;
  return typeof v?.secretHash === 'string' && typeof v.registeredAt === 'number';
}

function load(file: string): [string, PendingFirstLogin][] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Object.entries(raw as Record<string, unknown>).filter(
    (entry): entry is [string, PendingFirstLogin] => isPending(entry[1]),
  );
}
