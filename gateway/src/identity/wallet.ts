import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One enrolled user: certificate, private key and a salted hash of the enrolment secret. */
export interface WalletEntry {
  certificate: string;
  privateKey: string;
  /** `scrypt$<saltHex>$<hashHex>`; absent until a password has been verified at the CA. */
  passwordHash?: string;
  /** When the password was last verified by the CA (ms since the epoch). */
  verifiedAt?: number;
}

/** A file or folder name: no separators, no leading dot (so never `.`, `..` or a hidden file). */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

function assertSafe(name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error('unsafe wallet name');
}

/** A folder of identities: <dir>/<mspId>/<username>.json, files 0600, folders 0700. */
export class Wallet {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async get(mspId: string, username: string): Promise<WalletEntry | undefined> {
    try {
      return JSON.parse(await readFile(this.#file(mspId, username), 'utf8')) as WalletEntry;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(mspId: string, username: string, entry: WalletEntry): Promise<void> {
    const file = this.#file(mspId, username);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chmod(this.#dir, 0o700);
    await chmod(path.dirname(file), 0o700);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
    await rename(temp, file);
  }

  async remove(mspId: string, username: string): Promise<void> {
    await rm(this.#file(mspId, username), { force: true });
  }

  #file(mspId: string, username: string): string {
    assertSafe(mspId);
    assertSafe(username);
    return path.join(this.#dir, mspId, `${username}.json`);
  }
}

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
