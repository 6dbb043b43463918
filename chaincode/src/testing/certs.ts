/* istanbul ignore file -- test helper; the root jest config means to exclude src/testing from coverage */
/** Test certificates carrying the Fabric CA attribute extension (OID 1.2.3.4.5.6.7.8.1). */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

export interface Identity {
  mspId: string;
  username: string;
  role?: string;
  vendorId?: string;
}

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = webcrypto.CryptoKeyPair;

let keys: Promise<KeyPair> | undefined;
const pems = new Map<string, Promise<string>>();

function keyPair(): Promise<KeyPair> {
  keys ??= webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return keys;
}

async function create(who: Identity): Promise<string> {
  const attrs: Record<string, string> = { 'hf.EnrollmentID': who.username, 'hf.Type': 'client' };
  if (who.role !== undefined) attrs.role = who.role;
  if (who.vendorId !== undefined) attrs.vendorId = who.vendorId;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${who.username}, OU=client, O=${who.mspId}`,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    // Node's CryptoKeyPair is the WebCrypto one; the library types it with the DOM lib, which we do not load.
    keys: (await keyPair()) as never,
    extensions: [new x509.Extension(FABRIC_ATTRS_OID, false, Buffer.from(JSON.stringify({ attrs }), 'utf8'))],
  });
  return cert.toString('pem');
}

/** PEM certificate for an identity (memoised). */
export function pemOf(who: Identity): Promise<string> {
  const id = JSON.stringify([who.mspId, who.username, who.role ?? '', who.vendorId ?? '']);
  let pem = pems.get(id);
  if (!pem) {
    pem = create(who);
    pems.set(id, pem);
  }
  return pem;
}
