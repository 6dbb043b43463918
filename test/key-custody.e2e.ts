/**
 * Issue 10 §15 and §16 against the real network: a gateway whose users' keys live in SoftHSM2 (PKCS#11)
 * logs a user in (key pair generated in the token, CSR signed there, certificate from the org's CA) and
 * submits a real transaction signed through the HSM; a gateway serving HTTPS with the development
 * certificate from the organisation's CA; and a gateway that refuses to serve other hosts while the
 * network has demo users.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';

import { Wallet } from '../gateway/src/identity/wallet';
import { type SoftHsmToken, createSoftHsmToken } from '../gateway/src/testing/softhsm';
import { GATEWAY_ENTRY, gatewayEnv } from '../scripts/lib/gateway-process';
import { ensureGatewayDevCertificate } from '../scripts/lib/gateway-tls';
import { ApiClient, type RunningGateway, startGateway } from './support/gateway';
import { creatorOf, demoUser, net, sessionAs } from './support/network';
import {
  expectStatus,
  firstLogin,
  loginWith,
  tenderBody,
  uniqueId,
  type Written,
} from './support/procurement';

/** Every file under a folder (SoftHSM2 keeps one file per token object). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('key custody: users’ keys in an HSM (SoftHSM2 through PKCS#11)', () => {
  let token: SoftHsmToken;
  let gw: RunningGateway;

  beforeAll(async () => {
    token = createSoftHsmToken('e2e-gateway');
    gw = await startGateway({
      env: {
        KEY_STORE: 'pkcs11',
        PKCS11_LIBRARY: token.library,
        PKCS11_TOKEN_LABEL: token.label,
        PKCS11_PIN: token.pin,
        SOFTHSM2_CONF: token.conf,
      },
    });
  });

  afterAll(async () => {
    await gw.stop();
    token.remove();
  });

  it('when pw-officer logs in and creates a tender, then the transaction is signed by a key that exists only in the HSM', async () => {
    const officer = await ApiClient.login(gw, 'pw-officer');
    const id = uniqueId('hsm');
    const created = await officer.post<Written>(
      '/api/v1/tenders',
      tenderBody(id, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
    );
    expectStatus(created, 201);

    // The wallet names the HSM key and holds no private key.
    const key = readFileSync(path.join(gw.stateDir, 'wallet.key'), 'utf8');
    const wallet = new Wallet(path.join(gw.stateDir, 'wallet'), Buffer.from(key, 'base64'));
    const user = demoUser('pw-officer');
    const entry = await wallet.get(user.mspId, user.username);
    expect(entry?.hsmKeyId).toMatch(/^[0-9a-f]{32}$/);
    expect(entry?.privateKey).toBeUndefined();
    const walletFiles = filesUnder(path.join(gw.stateDir, 'wallet'));
    for (const file of walletFiles) expect(readFileSync(file, 'utf8')).not.toMatch(/PRIVATE KEY/);

    // The peers accepted the transaction from that certificate: its signature came from the HSM.
    const session = sessionAs('auditor');
    try {
      const creator = await creatorOf(session.network, created.body.txId);
      expect(creator).toEqual({ mspId: user.mspId, certificate: entry?.certificate });
    } finally {
      session.close();
    }
    expectStatus(await officer.get(`/api/v1/tenders/${id}`), 200);
  });

  it('when the registrar (its key in the HSM) onboards a vendor, then the CA accepts its HSM-signed request and the vendor logs in (choosing its own password)', async () => {
    const registrar = await ApiClient.login(gw, 'registrar');
    const vendorId = uniqueId('HSM')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const username = `vendor-${vendorId.toLowerCase()}`;
    const password = `pw-${vendorId.toLowerCase()}-secret`;
    expectStatus(
      await registrar.post('/api/v1/vendors', { vendorId, legalName: 'HSM Signed Ltd', username, password }),
      201,
    );
    expectStatus((await firstLogin(gw, { mspId: 'SuppliersMSP', username, password })).res, 200);
  });

  it('when a wrong password is given for a user without a wallet entry, then 401 and no key is left in the HSM', async () => {
    const before = filesUnder(path.dirname(token.conf)).sort();
    const evaluator = demoUser('pw-eval-2');
    const { res } = await loginWith(gw, {
      mspId: evaluator.mspId,
      username: evaluator.username,
      password: 'wrong',
    });
    expect(res.status).toBe(401);
    expect(filesUnder(path.dirname(token.conf)).sort()).toEqual(before);
  });
});

/** A GET or POST over HTTPS trusting only `ca`. */
function httpsRequest(
  url: string,
  ca: Buffer | undefined,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = https.request(
      url,
      {
        method: data ? 'POST' : 'GET',
        ...(ca ? { ca } : {}),
        headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {},
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('the gateway serves HTTPS with a development certificate from the organisation’s CA', () => {
  let gw: RunningGateway;
  let ca: Buffer;

  beforeAll(async () => {
    const tls = await ensureGatewayDevCertificate(net);
    ca = readFileSync(tls.caFile);
    gw = await startGateway({
      env: { TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile },
      tlsCaFile: tls.caFile,
    });
  });

  afterAll(async () => {
    await gw.stop();
  });

  it('when a client trusting the org CA logs in over HTTPS, then it gets a token and can read', async () => {
    expect(gw.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect((await httpsRequest(`${gw.baseUrl}/healthz`, ca)).status).toBe(200);
    const officer = demoUser('pw-officer');
    const login = await httpsRequest(`${gw.baseUrl}/api/v1/auth/login`, ca, {
      mspId: officer.mspId,
      username: officer.username,
      password: officer.password,
    });
    expect(login.status).toBe(200);
    expect(typeof login.body.token).toBe('string');
  });

  it('when a client does not trust the org CA, or speaks plain HTTP, then nothing is served', async () => {
    await expect(httpsRequest(`${gw.baseUrl}/healthz`, undefined)).rejects.toThrow(/certificate/i);
    const plain = gw.baseUrl.replace(/^https:/, 'http:');
    const answer = await fetch(`${plain}/healthz`).then(
      (res) => res.status,
      () => 'refused',
    );
    expect(answer).not.toBe(200);
  });
});

describe('demo users and other hosts', () => {
  it('when HOST is not loopback while the network has demo users, then the gateway refuses to start and says how to fix it', async () => {
    const child = spawn(process.execPath, [GATEWAY_ENTRY], {
      env: {
        ...gatewayEnv(net),
        HOST: '0.0.0.0',
        PORT: '0',
        WALLET_KEY: Buffer.alloc(32, 9).toString('base64'),
        STATE_DIR: path.join(net.paths.state, 'refused-gateway'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/refusing to serve HOST=0\.0\.0\.0: this network has \d+ demo users/);
    expect(stderr).toMatch(/HOST=127\.0\.0\.1.*--no-demo-users/);
  });
});
