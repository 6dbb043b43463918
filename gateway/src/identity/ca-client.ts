import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';

import { DomainError } from '../domain/errors';
import { type Credentials, signerOf } from '../fabric/connections';

/** The CA part of one organisation in the connection profile. */
export interface CaEndpoint {
  url: string;
  caName: string;
  tlsCACertPath: string;
}

/** The registrar's certificate and its signer (a PEM key or an HSM key). */
export type SigningCredentials = Credentials;

export interface RegistrationRequest {
  id: string;
  secret: string;
  type: 'client';
  /** How often the secret may be used to enrol (1: once, by the user it was given to). */
  max_enrollments?: number;
  attrs: { name: string; value: string; ecert: boolean }[];
}

/** The Fabric CA operations the gateway needs. */
export interface CertificateAuthority {
  /** Enrol: returns the issued certificate PEM; wrong secret → UNAUTHENTICATED. */
  enroll(ca: CaEndpoint, username: string, secret: string, csrPem: string): Promise<string>;
  /** Register a new identity, authenticated by the registrar's token; already registered → CONFLICT. */
  register(ca: CaEndpoint, registrar: SigningCredentials, request: RegistrationRequest): Promise<void>;
  /**
   * Remove an identity the registrar registered (the CA must run with `cfg.identities.allowremove`; it
   * also revokes the identity's certificates). An unknown identity → NOT_FOUND.
   */
  remove(ca: CaEndpoint, registrar: SigningCredentials, id: string): Promise<void>;
}

interface CaResponse {
  success?: boolean;
  result?: { Cert?: string } & Record<string, unknown>;
  errors?: { code?: number; message?: string }[];
}

interface HttpResult {
  status: number;
  body: CaResponse;
}

const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

/** ECDSA P-256 SHA-256 signature, DER encoded with a low S, as Fabric's BCCSP requires. */
export function signLowS(privateKeyPem: string, payload: Buffer): Buffer {
  const raw = sign('sha256', payload, { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  const r = BigInt(`0x${raw.subarray(0, 32).toString('hex')}`);
  let s = BigInt(`0x${raw.subarray(32).toString('hex')}`);
  if (s > P256_ORDER / 2n) s = P256_ORDER - s;
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Fabric CA token: b64(cert) "." b64(sig over method.b64(uri).b64(body).b64(cert)). */
export async function fabricCaToken(
  credentials: SigningCredentials,
  method: string,
  uri: string,
  body: Buffer,
): Promise<string> {
  const b64cert = Buffer.from(credentials.certificate).toString('base64');
  const payload = `${method}.${Buffer.from(uri).toString('base64')}.${body.toString('base64')}.${b64cert}`;
  const digest = createHash('sha256').update(payload).digest();
  const signature = await signerOf(credentials)(digest);
  return `${b64cert}.${Buffer.from(signature).toString('base64')}`;
}

function caMessage(body: CaResponse): string {
  return (body.errors ?? [])
    .map((e) => e.message ?? '')
    .filter((m) => m !== '')
    .join('; ')
    .slice(0, 300);
}

/** Fabric CA REST client over HTTPS, verifying the CA with its TLS root from the connection profile. */
export class FabricCaClient implements CertificateAuthority {
  readonly #timeoutMs: number;

  /**
   * `timeoutMs` (default 30 s) is how long the CA may stay silent. Generous on purpose: a vendor's first
   * enrolment spends its one-time secret at the CA, so giving up on a CA that is slow but working (32
   * first logins at once took about 10 s here) leaves a spent secret and no certificate.
   */
  constructor(options: Readonly<{ timeoutMs?: number }> = {}) {
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async enroll(ca: CaEndpoint, username: string, secret: string, csrPem: string): Promise<string> {
    const body = Buffer.from(JSON.stringify({ certificate_request: csrPem, caname: ca.caName }));
    const basic = Buffer.from(`${username}:${secret}`).toString('base64');
    const res = await this.#send(ca, 'POST', '/api/v1/enroll', body, `Basic ${basic}`);
    if (res.status === 401 || res.status === 403)
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'bad credentials' });
    const cert = res.body.result?.Cert;
    if (res.status !== 201 && res.status !== 200) throw this.#failure('enrolment', res);
    if (res.body.success !== true || typeof cert !== 'string') throw this.#failure('enrolment', res);
    return Buffer.from(cert, 'base64').toString('utf8');
  }

  async register(ca: CaEndpoint, registrar: SigningCredentials, request: RegistrationRequest): Promise<void> {
    const path = '/api/v1/register';
    const body = Buffer.from(JSON.stringify({ ...request, caname: ca.caName }));
    const res = await this.#send(ca, 'POST', path, body, await fabricCaToken(registrar, 'POST', path, body));
    if (res.status === 200 || res.status === 201) {
      if (res.body.success === true) return;
    }
    const message = caMessage(res.body);
    if (/already registered/i.test(message))
      throw new DomainError({ code: 'CONFLICT', message: `user ${request.id} is already registered` });
    if (res.status === 401 || res.status === 403 || /authoriz/i.test(message))
      throw new DomainError({
        code: 'NOT_AUTHORISED',
        message: `the CA refused the registration: ${message}`,
      });
    if (res.status === 400)
      throw new DomainError({ code: 'INVALID_ARGUMENT', message: `the CA refused: ${message}` });
    throw this.#failure('registration', res);
  }

  async remove(ca: CaEndpoint, registrar: SigningCredentials, id: string): Promise<void> {
    // The CA serves one CA per server here, so the default CA is meant and no query string is signed.
    const path = `/api/v1/identities/${encodeURIComponent(id)}`;
    const body = Buffer.alloc(0);
    const res = await this.#send(
      ca,
      'DELETE',
      path,
      body,
      await fabricCaToken(registrar, 'DELETE', path, body),
    );
    if ((res.status === 200 || res.status === 201) && res.body.success === true) return;
    const message = caMessage(res.body);
    if (res.status === 404 || /not found|does not exist/i.test(message))
      throw new DomainError({ code: 'NOT_FOUND', message: `no user ${id} at the CA` });
    if (res.status === 401 || res.status === 403 || /authoriz|not allowed|disabled/i.test(message))
      throw new DomainError({ code: 'NOT_AUTHORISED', message: `the CA refused the removal: ${message}` });
    throw this.#failure('removal', res);
  }

  #failure(what: string, res: HttpResult): DomainError {
    return new DomainError({
      code: 'LEDGER_UNAVAILABLE',
      message: `certificate authority ${what} failed (HTTP ${res.status}): ${caMessage(res.body)}`,
    });
  }

  #send(
    ca: CaEndpoint,
    method: 'POST' | 'DELETE',
    path: string,
    body: Buffer,
    authorization: string,
  ): Promise<HttpResult> {
    const url = new URL(path, ca.url);
    const root = readFileSync(ca.tlsCACertPath);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          ca: root,
          timeout: this.#timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            authorization,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            let parsed: CaResponse = {};
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CaResponse;
            } catch {
              parsed = {};
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => {
        req.destroy(new Error('certificate authority timed out'));
      });
      req.on('error', (error) => {
        reject(
          new DomainError({
            code: 'LEDGER_UNAVAILABLE',
            message: `certificate authority unreachable: ${error.message}`,
            cause: error,
          }),
        );
      });
      req.end(body);
    });
  }
}
