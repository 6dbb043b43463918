import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { createKeyAndCsr } from './csr';
import { Wallet, WalletKeyError, loadGeneratedWalletKey } from './wallet';

const MSP = 'PublicWorksMSP';

describe('the wallet encrypts keys at rest', () => {
  let dir: string;
  let privateKey: string;
  const key = randomBytes(32);
  const entry = (): { certificate: string; privateKey: string; passwordHash: string } => ({
    certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    privateKey,
    passwordHash: 'scrypt$00$11',
  });
  const file = (username: string): string => path.join(dir, 'wallet', MSP, `${username}.json`);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wallet-enc-'));
    ({ privateKey } = await createKeyAndCsr('pw-officer'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when an entry is stored, then its file holds no PEM, no key material and no hash, and it reads back', async () => {
    const wallet = new Wallet(path.join(dir, 'wallet'), key);
    await wallet.put(MSP, 'pw-officer', entry());
    const raw = readFileSync(file('pw-officer'), 'utf8');
    expect(raw).not.toMatch(/PRIVATE KEY|BEGIN|scrypt/);
    const keyBody = privateKey.split('\n')[1] ?? '';
    expect(keyBody.length).toBeGreaterThan(20);
    expect(raw).not.toContain(keyBody.slice(0, 20));
    expect(JSON.parse(raw)).toMatchObject({ format: 'aes-256-gcm/v1' });
    expect(statSync(file('pw-officer')).mode & 0o777).toBe(0o600);
    expect(await wallet.get(MSP, 'pw-officer')).toEqual(entry());
  });

  it('when the key is wrong, then reading refuses with a clear error that names the setting', async () => {
    await new Wallet(path.join(dir, 'wallet'), key).put(MSP, 'pw-officer', entry());
    const other = new Wallet(path.join(dir, 'wallet'), randomBytes(32));
    await expect(other.get(MSP, 'pw-officer')).rejects.toThrow(WalletKeyError);
    await expect(other.get(MSP, 'pw-officer')).rejects.toThrow(
      /does not open with the configured WALLET_KEY/,
    );
    await expect(other.openAll()).rejects.toThrow(/WALLET_KEY/);
  });

  it('when a file is copied under another user’s name, then it does not open', async () => {
    const wallet = new Wallet(path.join(dir, 'wallet'), key);
    await wallet.put(MSP, 'pw-officer', entry());
    renameSync(file('pw-officer'), file('pw-eval-1'));
    await expect(wallet.get(MSP, 'pw-eval-1')).rejects.toThrow(WalletKeyError);
  });

  it('when a wallet from before encryption is opened, then its plaintext entries are encrypted in place', async () => {
    mkdirSync(path.dirname(file('pw-officer')), { recursive: true });
    writeFileSync(file('pw-officer'), JSON.stringify(entry()), { mode: 0o600 });
    const wallet = new Wallet(path.join(dir, 'wallet'), key);
    await expect(wallet.get(MSP, 'pw-officer')).rejects.toThrow(/is not encrypted; restart the gateway/);
    expect(await wallet.openAll()).toEqual({ encrypted: 1, entries: 1 });
    expect(readFileSync(file('pw-officer'), 'utf8')).not.toContain('PRIVATE KEY');
    expect(await wallet.get(MSP, 'pw-officer')).toEqual(entry());
    expect(await wallet.openAll()).toEqual({ encrypted: 0, entries: 1 });
  });

  it('when the key is not 32 bytes, then the wallet refuses it', async () => {
    const wallet = new Wallet(path.join(dir, 'wallet'), randomBytes(16));
    await expect(wallet.put(MSP, 'pw-officer', entry())).rejects.toThrow(/32 bytes/);
  });

  it('without a configured key, one is generated once in the state folder (0600) and then reused', async () => {
    const first = await loadGeneratedWalletKey(dir);
    expect(first.length).toBe(32);
    expect(statSync(path.join(dir, 'wallet.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await loadGeneratedWalletKey(dir)).equals(Buffer.from(first))).toBe(true);
  });
});
