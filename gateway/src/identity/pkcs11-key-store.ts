/**
 * Users' keys in an HSM through PKCS#11 (SoftHSM2 in development). Enrolment generates the ECDSA P-256
 * key pair inside the token (sensitive, not extractable) and signs the CSR there; transactions and CA
 * requests are signed by fabric-gateway's HSM signer. The wallet keeps only the key's CKA_ID.
 */
import { createHash, createPublicKey, randomBytes, webcrypto } from 'node:crypto';

import { type HSMSigner, type HSMSignerFactory, type Signer, signers } from '@hyperledger/fabric-gateway';
import * as x509 from '@peculiar/x509';
import * as pkcs11js from 'pkcs11js';

import type { KeyStore, NewKey, StoredKey } from './key-store';

export interface Pkcs11Options {
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** The token's label. */
  tokenLabel: string;
  /** The token's user PIN. */
  pin: string;
}

/** DER of the P-256 curve's OID (1.2.840.10045.3.1.7), as CKA_EC_PARAMS wants it. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
const UNCOMPRESSED_POINT_LENGTH = 65;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function pkcs11Code(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** The uncompressed point `04‖X‖Y`, from CKA_EC_POINT (a DER OCTET STRING, or bare as some HSMs give it). */
function uncompressedPoint(ecPoint: Buffer): Buffer {
  const point = ecPoint.length === UNCOMPRESSED_POINT_LENGTH ? ecPoint : ecPoint.subarray(2);
  if (point.length !== UNCOMPRESSED_POINT_LENGTH || point[0] !== 0x04)
    throw new Error('the HSM returned an EC point that is not an uncompressed P-256 point');
  return point;
}

/** The public key as a WebCrypto key, from the HSM's EC point. */
async function publicKeyOf(ecPoint: Buffer): Promise<webcrypto.CryptoKey> {
  const point = uncompressedPoint(ecPoint);
  const spki = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  }).export({ type: 'spki', format: 'der' });
  return webcrypto.subtle.importKey('spki', spki, ALGORITHM, true, ['verify']);
}

/** Runs signatures one at a time: a PKCS#11 session holds one signing operation at once. */
function serialised(signer: Signer): Signer {
  let last: Promise<unknown> = Promise.resolve();
  return (digest) => {
    const next = last.then(() => signer(digest));
    last = next.catch(() => undefined);
    return next;
  };
}

export class Pkcs11KeyStore implements KeyStore {
  readonly kind = 'pkcs11';
  readonly #options: Pkcs11Options;
  readonly #factory: HSMSignerFactory;
  readonly #pkcs11 = new pkcs11js.PKCS11();
  readonly #signers = new Map<string, { hsm: HSMSigner; signer: Signer }>();

  constructor(options: Readonly<Pkcs11Options>) {
    this.#options = { ...options };
    // The factory loads and initialises the module; this second handle on it (for key generation) finds
    // it initialised already.
    this.#factory = signers.newHSMSignerFactory(options.library);
    try {
      this.#pkcs11.load(options.library);
      try {
        this.#pkcs11.C_Initialize();
      } catch (error) {
        if (pkcs11Code(error) !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw error;
      }
      // Fail at start, not at the first login, when the token or the PIN is wrong.
      this.#withSession(() => undefined);
    } catch (error) {
      this.#factory.dispose();
      throw error;
    }
  }

  async createKeyAndCsr(commonName: string): Promise<NewKey> {
    const id = randomBytes(16);
    // One session for the whole enrolment: private objects' handles last only while a session is logged in.
    const session = this.#openSession();
    try {
      const pair = this.#generate(session, id, commonName);
      const [attribute] = this.#pkcs11.C_GetAttributeValue(session, pair.publicKey, [
        { type: pkcs11js.CKA_EC_POINT },
      ]);
      if (!(attribute?.value instanceof Buffer)) throw new Error('the HSM gave no EC point');
      try {
        const csr = await this.#csr(commonName, attribute.value, session, pair.privateKey);
        return { key: { hsmKeyId: id.toString('hex') }, csr };
      } catch (error) {
        this.#destroy(session, id);
        throw error;
      }
    } finally {
      this.#pkcs11.C_CloseSession(session);
    }
  }

  signer(hsmKeyId: string): Signer {
    const cached = this.#signers.get(hsmKeyId);
    if (cached) return cached.signer;
    const hsm = this.#factory.newSigner({
      label: this.#options.tokenLabel,
      pin: this.#options.pin,
      identifier: Buffer.from(hsmKeyId, 'hex'),
    });
    const entry = { hsm, signer: serialised(hsm.signer) };
    this.#signers.set(hsmKeyId, entry);
    return entry.signer;
  }

  discard(key: StoredKey): Promise<void> {
    if (!('hsmKeyId' in key)) return Promise.resolve();
    this.#signers.get(key.hsmKeyId)?.hsm.close();
    this.#signers.delete(key.hsmKeyId);
    this.#withSession((session) => {
      this.#destroy(session, Buffer.from(key.hsmKeyId, 'hex'));
    });
    return Promise.resolve();
  }

  close(): void {
    for (const { hsm } of this.#signers.values()) hsm.close();
    this.#signers.clear();
    this.#factory.dispose();
  }

  /** A CSR signed inside the HSM: @peculiar/x509 builds it, and its one signature comes from the token. */
  async #csr(
    commonName: string,
    ecPoint: Buffer,
    session: pkcs11js.Handle,
    privateKey: pkcs11js.Handle,
  ): Promise<string> {
    const publicKey = await publicKeyOf(ecPoint);
    const hsmCrypto = {
      subtle: {
        exportKey: (format: 'spki', key: webcrypto.CryptoKey) => webcrypto.subtle.exportKey(format, key),
        // CKM_ECDSA signs a digest and returns r‖s, the form WebCrypto's ECDSA returns.
        sign: (_algorithm: unknown, _key: unknown, data: ArrayBuffer) =>
          Promise.resolve(
            this.#signDigest(session, createHash('sha256').update(Buffer.from(data)).digest(), privateKey),
          ),
      },
    };
    const request = await x509.Pkcs10CertificateRequestGenerator.create(
      {
        name: `CN=${commonName.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`)}`,
        // Only the private key's algorithm is read; the signing itself is hsmCrypto.sign.
        keys: { publicKey, privateKey: { algorithm: ALGORITHM } } as never,
        signingAlgorithm: { ...ALGORITHM, hash: 'SHA-256' },
      },
      hsmCrypto as never,
    );
    return request.toString('pem');
  }

  #signDigest(session: pkcs11js.Handle, digest: Buffer, privateKey: pkcs11js.Handle): ArrayBuffer {
    this.#pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, privateKey);
    const signature = this.#pkcs11.C_Sign(session, digest, Buffer.alloc(64));
    return Uint8Array.from(signature).buffer;
  }

  #generate(session: pkcs11js.Handle, id: Buffer, label: string): pkcs11js.KeyPair {
    return this.#pkcs11.C_GenerateKeyPair(
      session,
      { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_LABEL, value: label },
      ],
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_ID, value: id },
        { type: pkcs11js.CKA_LABEL, value: label },
      ],
    );
  }

  /** Destroys the key pair with this CKA_ID. */
  #destroy(session: pkcs11js.Handle, id: Buffer): void {
    this.#pkcs11.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_ID, value: id }]);
    const objects = this.#pkcs11.C_FindObjects(session, 8);
    this.#pkcs11.C_FindObjectsFinal(session);
    for (const object of objects) this.#pkcs11.C_DestroyObject(session, object);
  }

  /** A logged-in read-write session on the configured token, closed after `use`. */
  #withSession<T>(use: (session: pkcs11js.Handle) => T): T {
    const session = this.#openSession();
    try {
      return use(session);
    } finally {
      this.#pkcs11.C_CloseSession(session);
    }
  }

  #openSession(): pkcs11js.Handle {
    const session = this.#pkcs11.C_OpenSession(
      this.#slot(),
      pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION,
    );
    try {
      this.#pkcs11.C_Login(session, pkcs11js.CKU_USER, this.#options.pin);
    } catch (error) {
      if (pkcs11Code(error) !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) {
        this.#pkcs11.C_CloseSession(session);
        throw new Error(
          `cannot log in to PKCS#11 token '${this.#options.tokenLabel}' (wrong PKCS11_PIN?): ${(error as Error).message}`,
        );
      }
    }
    return session;
  }

  #slot(): pkcs11js.Handle {
    const slot = this.#pkcs11
      .C_GetSlotList(true)
      .find((s) => this.#pkcs11.C_GetTokenInfo(s).label.trim() === this.#options.tokenLabel);
    if (!slot)
      throw new Error(
        `no PKCS#11 token labelled '${this.#options.tokenLabel}' in ${this.#options.library} (check PKCS11_TOKEN_LABEL, and SOFTHSM2_CONF for SoftHSM2)`,
      );
    return slot;
  }
}
