import { createHash, createPublicKey, verify, webcrypto } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as x509 from '@peculiar/x509';

import { DomainError } from '../domain/errors';
import type {
  CaEndpoint,
  CertificateAuthority,
  RegistrationRequest,
  SigningCredentials,
} from '../identity/ca-client';
import { FABRIC_ATTRS_OID } from '../identity/csr';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface FakeUser {
  secret: string;
  attrs: Record<string, string>;
  /** May register clients with these attributes (hf.Registrar.Attributes). */
  registrar?: boolean;
  /** Enrolments allowed (Fabric CA's max_enrollments; unlimited when absent). */
  maxEnrollments?: number;
  /** Enrolments so far. */
  enrolled?: number;
}

let serial = 1;

/** Fabric CA's default `cfg.identities.passwordattempts`. */
export const FAKE_CA_PASSWORD_ATTEMPTS = 10;

/**
 * An in-process Fabric CA: enrols users by secret (issuing real certificates with the attribute extension)
 * and registers users. Also served over HTTPS by {@link startFakeCaServer}.
 */
export class FakeCertificateAuthority implements CertificateAuthority {
  readonly users = new Map<string, FakeUser>();
  enrolments = 0;
  /** Every enrolment request, accepted or not (what Fabric CA counts towards its lock). */
  attempts: string[] = [];
  /** Wrong passwords per username, as Fabric CA counts them (reset by a successful enrolment). */
  readonly incorrect = new Map<string, number>();
  #keys: webcrypto.CryptoKeyPair | undefined;
  #cert: x509.X509Certificate | undefined;

  constructor(users: Record<string, FakeUser> = {}) {
    for (const [name, user] of Object.entries(users)) this.users.set(name, user);
  }

  async certificatePem(): Promise<string> {
    await this.#ready();
    return (this.#cert as x509.X509Certificate).toString('pem');
  }

  async enroll(_ca: CaEndpoint, username: string, secret: string, csrPem: string): Promise<string> {
    this.attempts.push(username);
    const user = this.users.get(username);
    if (user?.secret !== secret) {
      this.incorrect.set(username, (this.incorrect.get(username) ?? 0) + 1);
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'bad credentials' });
    }
    if ((this.incorrect.get(username) ?? 0) >= FAKE_CA_PASSWORD_ATTEMPTS)
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'identity locked' });
    this.incorrect.delete(username);
    if (user.maxEnrollments !== undefined && (user.enrolled ?? 0) >= user.maxEnrollments)
      throw new DomainError({ code: 'UNAUTHENTICATED', message: 'enrolment allowance used up' });
    user.enrolled = (user.enrolled ?? 0) + 1;
    this.enrolments += 1;
    return this.issue(username, csrPem, user.attrs);
  }

  register(_ca: CaEndpoint, registrar: SigningCredentials, request: RegistrationRequest): Promise<void> {
    const cn = new x509.X509Certificate(registrar.certificate).subjectName.getField('CN')[0] ?? '';
    if (this.users.get(cn)?.registrar !== true)
      return Promise.reject(new DomainError({ code: 'NOT_AUTHORISED', message: 'not a registrar' }));
    if (this.users.has(request.id))
      return Promise.reject(
        new DomainError({ code: 'CONFLICT', message: `${request.id} is already registered` }),
      );
    this.users.set(request.id, {
      secret: request.secret,
      ...(request.max_enrollments === undefined ? {} : { maxEnrollments: request.max_enrollments }),
      attrs: Object.fromEntries(request.attrs.filter((a) => a.ecert).map((a) => [a.name, a.value])),
    });
    return Promise.resolve();
  }

  remove(_ca: CaEndpoint, registrar: SigningCredentials, id: string): Promise<void> {
    const cn = new x509.X509Certificate(registrar.certificate).subjectName.getField('CN')[0] ?? '';
    if (this.users.get(cn)?.registrar !== true)
      return Promise.reject(new DomainError({ code: 'NOT_AUTHORISED', message: 'not a registrar' }));
    if (!this.users.delete(id))
      return Promise.reject(new DomainError({ code: 'NOT_FOUND', message: `no user ${id}` }));
    return Promise.resolve();
  }

  /** Sign a CSR as this CA, putting Fabric's attribute extension in the certificate. */
  async issue(
    username: string,
    csrPem: string,
    attrs: Record<string, string>,
    notAfter?: Date,
  ): Promise<string> {
    await this.#ready();
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    if (!(await csr.verify())) throw new Error('bad CSR signature');
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (serial++).toString(16).padStart(2, '0'),
      subject: `CN=${username}`,
      issuer: (this.#cert as x509.X509Certificate).subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: notAfter ?? new Date(Date.now() + 365 * 86400_000),
      signingAlgorithm: ALG,
      publicKey: csr.publicKey,
      signingKey: (this.#keys as webcrypto.CryptoKeyPair).privateKey as never,
      extensions: [new x509.Extension(FABRIC_ATTRS_OID, false, Buffer.from(JSON.stringify({ attrs })))],
    });
    return cert.toString('pem');
  }

  async #ready(): Promise<void> {
    if (this.#cert) return;
    const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
    this.#keys = keys;
    this.#cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=fake-ca',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86400_000),
      signingAlgorithm: ALG,
      keys: keys as never,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      ],
    });
  }

  async tlsKeyPem(): Promise<string> {
    await this.#ready();
    const pkcs8 = await webcrypto.subtle.exportKey(
      'pkcs8',
      (this.#keys as webcrypto.CryptoKeyPair).privateKey,
    );
    return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  }
}

export interface FakeCaServer {
  endpoint: CaEndpoint;
  /** Requests seen, without secrets. */
  requests: { path: string; authorization: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

function send(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Check a Fabric CA token the way the CA does: signature over method.b64(uri).b64(body).b64(cert). */
function verifyToken(token: string, uri: string, body: Buffer): string | undefined {
  const [b64cert, b64sig] = token.split('.');
  if (!b64cert || !b64sig) return undefined;
  const certPem = Buffer.from(b64cert, 'base64').toString('utf8');
  const payload = `POST.${Buffer.from(uri).toString('base64')}.${body.toString('base64')}.${b64cert}`;
  const key = createPublicKey(certPem);
  const ok = verify('sha256', Buffer.from(payload), key, Buffer.from(b64sig, 'base64'));
  return ok ? certPem : undefined;
}

/** The fake CA over HTTPS (its own self-signed TLS certificate for 127.0.0.1), speaking Fabric CA's REST API. */
export async function startFakeCaServer(ca: FakeCertificateAuthority): Promise<FakeCaServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-ca-'));
  const tlsCACertPath = path.join(dir, 'tls-ca.pem');
  const certPem = await ca.certificatePem();
  writeFileSync(tlsCACertPath, certPem);
  const requests: FakeCaServer['requests'] = [];
  const endpointStub: CaEndpoint = { url: '', caName: 'ca-fake', tlsCACertPath };
  const server = https.createServer({ key: await ca.tlsKeyPem(), cert: certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      const authorization = req.headers.authorization ?? '';
      requests.push({
        path: req.url ?? '',
        authorization: createHash('sha256').update(authorization).digest('hex'),
        body,
      });
      if (body.caname !== 'ca-fake') {
        send(res, 400, { success: false, errors: [{ code: 19, message: 'CA not found' }] });
        return;
      }
      const handle = async (): Promise<void> => {
        if (req.url === '/api/v1/enroll') {
          const basic = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
          const at = basic.indexOf(':');
          const cert = await ca.enroll(
            endpointStub,
            basic.slice(0, at),
            basic.slice(at + 1),
            body.certificate_request as string,
          );
          send(res, 201, {
            success: true,
            result: { Cert: Buffer.from(cert).toString('base64'), ServerInfo: {} },
            errors: [],
          });
          return;
        }
        if (req.url === '/api/v1/register') {
          const registrarCert = verifyToken(authorization, '/api/v1/register', raw);
          if (!registrarCert) {
            send(res, 401, { success: false, errors: [{ code: 20, message: 'Authentication failure' }] });
            return;
          }
          await ca.register(
            endpointStub,
            { certificate: registrarCert, privateKey: '' },
            body as unknown as RegistrationRequest,
          );
          send(res, 201, { success: true, result: { secret: body.secret }, errors: [] });
          return;
        }
        send(res, 404, { success: false, errors: [{ code: 0, message: 'not found' }] });
      };
      handle().catch((error: unknown) => {
        const code = error instanceof DomainError ? error.code : 'INTERNAL';
        if (code === 'UNAUTHENTICATED')
          send(res, 401, { success: false, errors: [{ code: 20, message: 'Authentication failure' }] });
        else if (code === 'CONFLICT')
          send(res, 400, {
            success: false,
            errors: [{ code: 74, message: `Identity '${String(body.id)}' is already registered` }],
          });
        else if (code === 'NOT_AUTHORISED')
          send(res, 403, { success: false, errors: [{ code: 71, message: 'Authorization failure' }] });
        else send(res, 500, { success: false, errors: [{ code: 0, message: String(error) }] });
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: { url: `https://127.0.0.1:${port}`, caName: 'ca-fake', tlsCACertPath },
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
