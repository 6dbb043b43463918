/**
 * Where users' private keys live. The file store keeps a PKCS#8 PEM in the (encrypted) wallet; the PKCS#11
 * store keeps the key in an HSM and the wallet only names it. Either way, enrolment makes a new key pair
 * and a CSR for it, and signing goes through fabric-gateway's Signer.
 */
import type { Signer } from '@hyperledger/fabric-gateway';

import { createKeyAndCsr } from './csr';

/** What the wallet stores to find a key again: the key itself (file store) or its HSM object id. */
export type StoredKey = { privateKey: string } | { hsmKeyId: string };

export interface NewKey {
  key: StoredKey;
  /** PKCS#10 PEM with CN=<the common name>, signed by the new key. */
  csr: string;
}

export interface KeyStore {
  /** Which store this is, for logs and the wallet's checks. */
  readonly kind: 'file' | 'pkcs11';
  createKeyAndCsr(commonName: string): Promise<NewKey>;
  /** The signer of a key this store made; throws when the store cannot reach it. */
  signer(hsmKeyId: string): Signer;
  /** Destroy a key that will not be used (a refused enrolment, a replaced identity). */
  discard(key: StoredKey): Promise<void>;
  close(): void;
}

/** Keys as PEM in the wallet (which encrypts them at rest). */
export class FileKeyStore implements KeyStore {
  readonly kind = 'file';

  async createKeyAndCsr(commonName: string): Promise<NewKey> {
    const { privateKey, csr } = await createKeyAndCsr(commonName);
    return { key: { privateKey }, csr };
  }

  signer(): Signer {
    throw new Error('this identity’s key is in an HSM, but the gateway runs with KEY_STORE=file');
  }

  discard(): Promise<void> {
    // The key exists only in memory until the wallet stores it.
    return Promise.resolve();
  }

  close(): void {
    // Nothing held open.
  }
}
