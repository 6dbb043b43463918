import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { ConfigError, assertServable, loadConfig, loadConnectionProfile, repoRoot } from './config';
import { isLoopbackHost } from './config-security';

describe('configuration', () => {
  it('has defaults that serve the local network', () => {
    const config = loadConfig({}, '/repo');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      connectionProfilePath: '/repo/network/.state/connection.json',
      stateDir: '/repo/network/.state/gateway',
      bodyLimit: '1mb',
      tokenTtlSeconds: 3600,
      logLevel: 'info',
    });
  });

  it('reads the environment once, treating empty values as unset', () => {
    const config = loadConfig(
      { PORT: '8080', HOST: '', BODY_LIMIT: '512kb', RATE_LIMIT_PER_MINUTE: '5' },
      '/repo',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      bodyLimit: '512kb',
      rateLimitPerMinute: 5,
    });
  });

  it('when values are invalid, then one clear error names each of them', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', TOKEN_SECRET: 'short' }, '/repo')).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', TOKEN_SECRET: 'short' }, '/repo');
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/LOG_LEVEL/);
      expect((error as Error).message).toMatch(/TOKEN_SECRET must be at least 32 characters/);
    }
  });

  it('finds the repository root from the source folder', () => {
    expect(repoRoot()).toBe(path.resolve(__dirname, '..', '..'));
  });

  it('validates the connection profile and says which field is wrong', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'profile-'));
    const file = path.join(dir, 'connection.json');
    writeFileSync(
      file,
      JSON.stringify({ channel: 'procurement', chaincode: 'procurement', organisations: [{ name: 'X' }] }),
    );
    expect(() => loadConnectionProfile(file)).toThrow(/organisations\.0\.mspId/);
    expect(() => loadConnectionProfile(path.join(dir, 'missing.json'))).toThrow(/is the network up/);
    writeFileSync(
      file,
      JSON.stringify({
        channel: 'procurement',
        chaincode: 'procurement',
        organisations: [
          {
            name: 'PublicWorks',
            mspId: 'PublicWorksMSP',
            peer: { endpoint: '127.0.0.1:7051', tlsCACertPath: '/ca.pem' },
            ca: {
              url: 'https://127.0.0.1:7054',
              caName: 'ca-publicworks',
              tlsCACertPath: '/tls.pem',
              registrar: { mspDir: '/m' },
            },
          },
        ],
        caClient: '/bin/fabric-ca-client',
      }),
    );
    expect(loadConnectionProfile(file).organisations[0]?.mspId).toBe('PublicWorksMSP');
    rmSync(dir, { recursive: true, force: true });
  });

  it('has safe defaults for the security limits: no trusted proxy, login budgets below the CA lock', () => {
    const config = loadConfig({}, '/repo');
    expect(config).toMatchObject({
      tokenKeys: undefined,
      authFailuresPerMinute: 60,
      login: { maxFailuresPerUser: 5, maxFailuresPerAddress: 30, windowSeconds: 900, maxCaFailures: 5 },
      trustProxy: [],
      operationsAllow: ['loopback'],
      streams: { perUser: 5, total: 200 },
      json: { maxDepth: 32, maxKeys: 10_000 },
    });
  });

  it('reads token keys, trusted proxies and limits; refuses a CA budget at the CA lock threshold', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    const config = loadConfig(
      {
        TOKEN_KEYS: `k2:${a},k1:${b}`,
        TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback,fd00::/8',
        LOGIN_MAX_FAILURES_PER_USER: '3',
        LOGIN_MAX_CA_FAILURES: '9',
        EVENT_STREAMS_PER_USER: '2',
        JSON_MAX_DEPTH: '10',
      },
      '/repo',
    );
    expect(config.tokenKeys?.map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(config.trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', 'loopback', 'fd00::/8']);
    expect(config.login.maxFailuresPerUser).toBe(3);
    expect(config.login.maxCaFailures).toBe(9);
    expect(config.streams.perUser).toBe(2);
    expect(config.json.maxDepth).toBe(10);
    expect(() => loadConfig({ LOGIN_MAX_CA_FAILURES: '10' }, '/repo')).toThrow(/LOGIN_MAX_CA_FAILURES/);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' }, '/repo')).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ OPERATIONS_ALLOW: '10.0.0.5, fd00::/8' }, '/repo').operationsAllow).toEqual([
      '10.0.0.5',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ OPERATIONS_ALLOW: '0.0.0.0/-1' }, '/repo')).toThrow(/OPERATIONS_ALLOW/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' }, '/repo')).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TOKEN_KEYS: `k1:short` }, '/repo')).toThrow(/TOKEN_KEYS: the secret of key k1/);
    expect(() => loadConfig({ TOKEN_KEYS: `k1:${a}`, TOKEN_SECRET: b }, '/repo')).toThrow(/not both/);
  });

  it('reads the admission limits, validated at start: in flight stays under the peer limit of 500', () => {
    expect(loadConfig({}, '/repo')).toMatchObject({
      admission: { maxInFlight: 100, maxQueue: 2000, maxWaitMs: 20_000 },
      idempotencyTtlSeconds: 86400,
    });
    const config = loadConfig(
      { FABRIC_MAX_IN_FLIGHT_PER_PEER: '8', FABRIC_QUEUE_MAX: '0', FABRIC_QUEUE_MAX_WAIT_MS: '500' },
      '/repo',
    );
    expect(config.admission).toEqual({ maxInFlight: 8, maxQueue: 0, maxWaitMs: 500 });
    expect(() => loadConfig({ FABRIC_MAX_IN_FLIGHT_PER_PEER: '500' }, '/repo')).toThrow(
      /FABRIC_MAX_IN_FLIGHT_PER_PEER/,
    );
    expect(() => loadConfig({ FABRIC_MAX_IN_FLIGHT_PER_PEER: '0' }, '/repo')).toThrow(
      /FABRIC_MAX_IN_FLIGHT_PER_PEER/,
    );
    expect(() => loadConfig({ FABRIC_QUEUE_MAX: '-1' }, '/repo')).toThrow(/FABRIC_QUEUE_MAX/);
    expect(() => loadConfig({ FABRIC_QUEUE_MAX_WAIT_MS: 'soon' }, '/repo')).toThrow(
      /FABRIC_QUEUE_MAX_WAIT_MS/,
    );
  });
});

describe('security settings (issue 10 §15, §16)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-security-'));
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  writeFileSync(cert, 'cert');
  writeFileSync(key, 'key');
  const walletKey = Buffer.alloc(32, 3);

  it('by default: plain HTTP, file key store, a generated wallet key', () => {
    expect(loadConfig({}, '/repo')).toMatchObject({
      tls: undefined,
      walletKey: undefined,
      keyStore: { kind: 'file' },
    });
  });

  it('serves TLS only with both a certificate and a key, and says which one is missing', () => {
    expect(loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }, '/repo').tls).toEqual({
      certFile: cert,
      keyFile: key,
    });
    expect(() => loadConfig({ TLS_CERT_FILE: cert }, '/repo')).toThrow(
      /TLS_CERT_FILE and TLS_KEY_FILE go together/,
    );
    expect(() => loadConfig({ TLS_KEY_FILE: key }, '/repo')).toThrow(
      /TLS_CERT_FILE and TLS_KEY_FILE go together/,
    );
    expect(() => loadConfig({ TLS_CERT_FILE: cert, TLS_KEY_FILE: path.join(dir, 'nope') }, '/repo')).toThrow(
      /TLS_KEY_FILE: .*nope does not exist/,
    );
  });

  it('reads the wallet key as base64 or hex, from the environment or a file, and refuses anything else', () => {
    expect(loadConfig({ WALLET_KEY: walletKey.toString('base64') }, '/repo').walletKey).toEqual(
      new Uint8Array(walletKey),
    );
    expect(loadConfig({ WALLET_KEY: walletKey.toString('hex') }, '/repo').walletKey).toEqual(
      new Uint8Array(walletKey),
    );
    const file = path.join(dir, 'wallet.key');
    writeFileSync(file, `${walletKey.toString('base64')}\n`);
    expect(loadConfig({ WALLET_KEY_FILE: file }, '/repo').walletKey).toEqual(new Uint8Array(walletKey));
    expect(() => loadConfig({ WALLET_KEY: 'short' }, '/repo')).toThrow(/WALLET_KEY must be 32 random bytes/);
    expect(() => loadConfig({ WALLET_KEY: Buffer.alloc(16).toString('base64') }, '/repo')).toThrow(
      /32 random bytes/,
    );
    expect(() =>
      loadConfig({ WALLET_KEY: walletKey.toString('hex'), WALLET_KEY_FILE: file }, '/repo'),
    ).toThrow(/WALLET_KEY or WALLET_KEY_FILE, not both/);
    expect(() => loadConfig({ WALLET_KEY_FILE: path.join(dir, 'missing') }, '/repo')).toThrow(
      /WALLET_KEY_FILE: cannot read/,
    );
  });

  it('when HOST is not loopback and no wallet key is configured, then it refuses to start', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, '/repo')).toThrow(
      /HOST=0.0.0.0 .*set WALLET_KEY or WALLET_KEY_FILE/,
    );
    expect(loadConfig({ HOST: '0.0.0.0', WALLET_KEY: walletKey.toString('hex') }, '/repo').host).toBe(
      '0.0.0.0',
    );
    expect(loadConfig({ HOST: '127.0.0.2' }, '/repo').host).toBe('127.0.0.2');
  });

  it('KEY_STORE=pkcs11 needs the module, the token label and the PIN, and the module must exist', () => {
    expect(() => loadConfig({ KEY_STORE: 'pkcs11' }, '/repo')).toThrow(
      /KEY_STORE=pkcs11 needs PKCS11_LIBRARY, PKCS11_TOKEN_LABEL, PKCS11_PIN/,
    );
    expect(() =>
      loadConfig(
        {
          KEY_STORE: 'pkcs11',
          PKCS11_LIBRARY: path.join(dir, 'no.so'),
          PKCS11_TOKEN_LABEL: 't',
          PKCS11_PIN: '1',
        },
        '/repo',
      ),
    ).toThrow(/PKCS11_LIBRARY: .*no\.so does not exist/);
    expect(() => loadConfig({ KEY_STORE: 'hsm' }, '/repo')).toThrow(/KEY_STORE/);
    const pinFile = path.join(dir, 'pin');
    writeFileSync(pinFile, '5678\n');
    expect(
      loadConfig(
        {
          KEY_STORE: 'pkcs11',
          PKCS11_LIBRARY: cert,
          PKCS11_TOKEN_LABEL: 'gateway',
          PKCS11_PIN_FILE: pinFile,
        },
        '/repo',
      ).keyStore,
    ).toEqual({ kind: 'pkcs11', library: cert, tokenLabel: 'gateway', pin: '5678' });
  });

  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    'serves demo users on loopback %s',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(() => {
        assertServable({ host }, { demoUsers: [{ mspId: 'PublicWorksMSP', username: 'pw-officer' }] });
      }).not.toThrow();
    },
  );

  it.each(['0.0.0.0', '::', '10.0.0.5', 'gateway.example.org', '128.0.0.1'])(
    'when HOST is %s and the network has demo users, then it refuses to start and says how to fix it',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
      const demo = { demoUsers: [{ mspId: 'PublicWorksMSP', username: 'pw-officer' }] };
      expect(() => {
        assertServable({ host }, demo);
      }).toThrow(ConfigError);
      expect(() => {
        assertServable({ host }, demo);
      }).toThrow(
        /demo users whose passwords are published \(PublicWorksMSP\/pw-officer\).*HOST=127\.0\.0\.1.*--no-demo-users/,
      );
      expect(() => {
        assertServable({ host }, { demoUsers: [] });
      }).not.toThrow();
      expect(() => {
        assertServable({ host }, {});
      }).not.toThrow();
    },
  );
});
