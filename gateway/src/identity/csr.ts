import { webcrypto } from 'node:crypto';

import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface KeyAndCsr {
  /** PKCS#8 PEM of the new ECDSA P-256 private key. */
  privateKey: string;
  /** PKCS#10 PEM certificate signing request with CN=<username>. */
  csr: string;
}

function escapeDn(value: string): string {
  return value.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`);
}

/** A fresh ECDSA P-256 key pair and a CSR for it, as Fabric CA enrolment expects. */
export async function createKeyAndCsr(commonName: string): Promise<KeyAndCsr> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${escapeDn(commonName)}`,
    // @peculiar/x509 types keys with the DOM's CryptoKeyPair; node's webcrypto pair is the same at runtime.
    keys: keys as never,
    signingAlgorithm: ALGORITHM,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { privateKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), csr: csr.toString('pem') };
}

/** Fabric CA's attribute extension: JSON `{"attrs":{...}}`. */
export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

export interface CertificateFacts {
  commonName: string;
  attrs: Record<string, string>;
  notAfter: Date;
}

/** Subject CN, Fabric CA attributes and expiry of a PEM certificate. */
export function readCertificate(pem: string): CertificateFacts {
  const cert = new x509.X509Certificate(pem);
  const cn = cert.subjectName.getField('CN')[0] ?? '';
  const extension = cert.getExtension(FABRIC_ATTRS_OID);
  let attrs: Record<string, string> = {};
  if (extension) {
    const parsed = JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs?: unknown };
    if (parsed.attrs && typeof parsed.attrs === 'object')
      attrs = Object.fromEntries(
        Object.entries(parsed.attrs as Record<string, unknown>).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
  }
  return { commonName: cn, attrs, notAfter: cert.notAfter };
}
