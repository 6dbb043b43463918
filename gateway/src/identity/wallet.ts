import { randomBytes, scrypt, timingSafeEqual, webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One enrolled user: certificate, where its private key is, and a salted hash of the enrolment secret. */
export interface WalletEntry {
  certificate: string;
  /** PKCS#8 PEM (file key store); absent when the key is in an HSM. */
  privateKey?: string;
  /** CKA_ID (hex) of the key in the PKCS#11 token (KEY_STORE=pkcs11). */
  hsmKeyId?: string;
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

/** The on-disk form of an entry: AES-256-GCM over its JSON, bound to `<mspId>/<username>`. */
const FORMAT = 'aes-256-gcm/v1';
interface SealedEntry {
  format: typeof FORMAT;
  iv: string;
  ciphertext: string;
}

/** The wallet key is wrong, or a file was altered or moved to another user's name. */
export class WalletKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WalletKeyError';
  }
}

function isSealed(value: unknown): value is SealedEntry {
  const v = value as Partial<SealedEntry> | null;
  return v?.format === FORMAT && typeof v.iv === 'string' && typeof v.ciphertext === 'string';
}

function isPlainEntry(value: unknown): value is WalletEntry {
  return typeof (value as Partial<WalletEntry> | null)?.certificate === 'string';
}

/** The 32-byte wallet key, as WebCrypto's AES-GCM key. */
export function walletKey(raw: Uint8Array): Promise<webcrypto.CryptoKey> {
  if (raw.length !== 32) return Promise.reject(new WalletKeyError('the wallet key must be 32 bytes'));
  return webcrypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * A folder of identities: <dir>/<mspId>/<username>.json, files 0600, folders 0700. Each file is encrypted
 * with the wallet key (AES-256-GCM, WebCrypto), with the identity's name as additional data so that a file
 * copied under another name does not open.
 */
export class Wallet {
  readonly #dir: string;
  readonly #key: Promise<webcrypto.CryptoKey>;

  constructor(dir: string, key: Uint8Array) {
    this.#dir = dir;
    this.#key = walletKey(key);
    // Reported by the first use; not an unhandled rejection in the meantime.
    this.#key.catch(() => undefined);
  }

  async get(mspId: string, username: string): Promise<WalletEntry | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.#file(mspId, username), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stored = JSON.parse(raw) as unknown;
    if (!isSealed(stored))
      throw new WalletKeyError(
        `wallet entry ${mspId}/${username} is not encrypted; restart the gateway to encrypt the wallet`,
      );
    return this.#open(mspId, username, stored);
  }

  async put(mspId: string, username: string, entry: WalletEntry): Promise<void> {
    const file = this.#file(mspId, username);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chmod(this.#dir, 0o700);
    await chmod(path.dirname(file), 0o700);
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(await this.#seal(mspId, username, entry)), { mode: 0o600 });
    await rename(temp, file);
  }

  async remove(mspId: string, username: string): Promise<void> {
    await rm(this.#file(mspId, username), { force: true });
  }

  /**
   * At start: encrypts every plaintext entry (a wallet from before encryption) in place, and checks that
   * every encrypted one opens with this key. Returns how many were encrypted; throws WalletKeyError when
   * an entry does not open (wrong WALLET_KEY).
   */
  async openAll(): Promise<{ encrypted: number; entries: number }> {
    let encrypted = 0;
    let entries = 0;
    for (const [mspId, username] of await this.#names()) {
      entries += 1;
      const stored = JSON.parse(await readFile(this.#file(mspId, username), 'utf8')) as unknown;
      if (isSealed(stored)) await this.#open(mspId, username, stored);
      else if (isPlainEntry(stored)) {
        await this.put(mspId, username, stored);
        encrypted += 1;
      } else
        throw new WalletKeyError(`wallet entry ${mspId}/${username} is neither an identity nor encrypted`);
    }
    return { encrypted, entries };
  }

  async #names(): Promise<[string, string][]> {
    const names: [string, string][] = [];
    let orgs: string[];
    try {
      orgs = await readdir(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return names;
      throw error;
    }
    for (const mspId of orgs.filter((name) => SAFE_NAME.test(name))) {
      const files = await readdir(path.join(this.#dir, mspId));
      for (const file of files) {
        const username = file.slice(0, -'.json'.length);
        if (file.endsWith('.json') && SAFE_NAME.test(username)) names.push([mspId, username]);
      }
    }
    return names;
  }

  async #seal(mspId: string, username: string, entry: WalletEntry): Promise<SealedEntry> {
    const iv = randomBytes(12);
    const ciphertext = await webcrypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: Buffer.from(`${mspId}/${username}`) },
      await this.#key,
      Buffer.from(JSON.stringify(entry)),
    );
    return {
      format: FORMAT,
      iv: iv.toString('base64'),
      ciphertext: Buffer.from(ciphertext).toString('base64'),
    };
  }

  async #open(mspId: string, username: string, sealed: SealedEntry): Promise<WalletEntry> {
    let plain: ArrayBuffer;
    try {
      plain = await webcrypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: Buffer.from(sealed.iv, 'base64'),
          additionalData: Buffer.from(`${mspId}/${username}`),
        },
        await this.#key,
        Buffer.from(sealed.ciphertext, 'base64'),
      );
    } catch {
      throw new WalletKeyError(
        `wallet entry ${mspId}/${username} does not open with the configured WALLET_KEY (a different key, or an altered file)`,
      );
    }
    return JSON.parse(Buffer.from(plain).toString('utf8')) as WalletEntry;
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

/**
 * The development wallet key when none is configured: 32 random bytes kept in `<stateDir>/wallet.key`
 * (0600), made on first use. It protects copies of the wallet folder alone, not the state folder as a
 * whole; the configuration allows it on loopback only.
 */
export async function loadGeneratedWalletKey(stateDir: string): Promise<Uint8Array> {
  const file = path.join(stateDir, 'wallet.key');
  try {
    const existing = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (existing.length === 32) return new Uint8Array(existing);
    throw new WalletKeyError(`${file} does not hold a 32-byte key; remove it only together with the wallet`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return new Uint8Array(key);
}
