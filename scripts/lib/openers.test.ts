import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importOpeningPrivateKey } from '@procurement/contract';
import { loadOpeningKeys } from '../../gateway/src/opener/keys';
import { ensureOpeningKey, openingKeyDir } from './openers';
import { NetworkPaths } from './paths';
import { loadTopology, type Organisation } from './topology';

const topology0 = loadTopology(undefined, {});
const health = topology0.organisations.find((o) => o.name === 'Health') as Organisation;

describe('an organisation’s opening key at rest', () => {
  let state = '';
  afterEach(() => {
    rmSync(state, { recursive: true, force: true });
  });

  it('when network:up makes it, then it is made once, private to its owner, and the opener duty can load it', () => {
    state = mkdtempSync(path.join(os.tmpdir(), 'openers-'));
    const paths = new NetworkPaths({ ...topology0, stateDir: state });
    const keyId = ensureOpeningKey(paths, health);
    expect(ensureOpeningKey(paths, health)).toBe(keyId);
    const dir = openingKeyDir(paths, health);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir))
      expect([name, statSync(path.join(dir, name)).mode & 0o777]).toEqual([name, 0o600]);
    const jwk: unknown = JSON.parse(readFileSync(path.join(dir, `${keyId}.jwk`), 'utf8'));
    expect(importOpeningPrivateKey(jwk).keyId).toBe(keyId);
    expect([...loadOpeningKeys(dir).keys()]).toEqual([keyId]);
  });
});
