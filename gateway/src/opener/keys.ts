/**
 * An organisation's opening private keys at rest: one JWK file per key (`<keyId>.jwk`, mode 0600) in
 * the organisation's own key folder, and `current` naming the key new bids are sealed to. Retired keys
 * stay, so bids sealed before a rotation still open.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { type OpeningPrivateKey, importOpeningPrivateKey } from '@procurement/contract';

/** The file that names the current key id. */
export const CURRENT_KEY_FILE = 'current';
/** Extension of a private key file. */
export const KEY_FILE_SUFFIX = '.jwk';

/**
 * Every private key in the folder, by key id; each is checked (scalar, public point, key id).
 *
 * @throws {Error} when the folder cannot be read or holds no key; {SealingError} for a malformed key.
 */
export function loadOpeningKeys(dir: string): Map<string, OpeningPrivateKey> {
  const keys = new Map<string, OpeningPrivateKey>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(KEY_FILE_SUFFIX))
    .sort()) {
    const key = importOpeningPrivateKey(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    keys.set(key.keyId, key);
  }
  if (keys.size === 0) throw new Error(`no opening key (*${KEY_FILE_SUFFIX}) in ${dir}`);
  return keys;
}

/** The key id new bids are sealed to, as the folder's `current` file names it. */
export function currentKeyId(dir: string): string {
  return readFileSync(path.join(dir, CURRENT_KEY_FILE), 'utf8').trim();
}
