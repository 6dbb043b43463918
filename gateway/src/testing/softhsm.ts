/**
 * A SoftHSM2 token of its own in a temporary folder, for tests of the PKCS#11 key store: its config file
 * (SOFTHSM2_CONF), one initialised token, its user PIN. Needs Debian's softhsm2 package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where Debian's softhsm2 package puts the PKCS#11 module. */
export const SOFTHSM2_LIBRARY = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
].find((file) => existsSync(file));

export interface SoftHsmToken {
  /** Set as SOFTHSM2_CONF for every process that opens the token. */
  conf: string;
  library: string;
  label: string;
  pin: string;
  remove: () => void;
}

export function createSoftHsmToken(label = 'gateway-test'): SoftHsmToken {
  if (SOFTHSM2_LIBRARY === undefined)
    throw new Error('SoftHSM2 is not installed: apt-get install -y softhsm2 (see .ci/run)');
  const dir = mkdtempSync(path.join(tmpdir(), 'softhsm-'));
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens, { mode: 0o700 });
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const pin = '4821-test-pin';
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--so-pin', '9731-test-so-pin', '--pin', pin],
    { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'pipe' },
  );
  return {
    conf,
    library: SOFTHSM2_LIBRARY,
    label,
    pin,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
