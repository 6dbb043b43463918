import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { ConfigError, loadConfig, loadConnectionProfile, repoRoot } from './config';

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
});
