import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LIMITS, MUST_CHANGE_PASSWORD_ATTRIBUTE, chosenPasswordProblem } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import { FakeCertificateAuthority } from '../testing/fake-ca';
import { readCertificate } from './csr';
import { IdentityService } from './service';
import { TokenService } from './tokens';
import { Wallet } from './wallet';

const MSP = 'SuppliersMSP';
const SECRET = 'registrar-chose-this';
const OWN = 'vendor’s own 2nd password';

describe('the rule for a chosen password (contract)', () => {
  const context = { username: 'acme-clerk', current: SECRET };

  it.each([
    ['x'.repeat(LIMITS.chosenPasswordMin - 1), 'at least 12 characters'],
    ['y'.repeat(LIMITS.passwordMax + 1), 'at most 256 characters'],
    ['abababababababab', 'different characters'],
    [SECRET, 'differ from the one-time secret'],
    ['my ACME-CLERK password', 'not contain the username'],
  ])('refuses %j (%s)', (chosen, reason) => {
    expect(chosenPasswordProblem(chosen, context)).toContain(reason);
  });

  it('accepts a long, varied password', () => {
    expect(chosenPasswordProblem(OWN, context)).toBeUndefined();
  });
});

describe('first login of an onboarded user', () => {
  let dir: string;
  let ca: FakeCertificateAuthority;
  let now: number;
  let service: IdentityService;
  let registrar: Caller;

  const walletFile = (username: string) => path.join(dir, 'wallet', MSP, `${username}.json`);
  const make = () =>
    new IdentityService({
      organisations: [{ mspId: MSP, ca: { url: 'https://x', caName: 'c', tlsCACertPath: '/x' } }],
      wallet: new Wallet(path.join(dir, 'wallet'), Buffer.alloc(32, 7)),
      tokens: new TokenService({ secret: Buffer.alloc(32, 1), ttlSeconds: 600, now: () => now }),
      ca,
      passwordRecheckSeconds: 900,
      firstLoginsFile: path.join(dir, 'first-logins.json'),
      now: () => now,
    });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'first-login-test-'));
    now = Date.now();
    ca = new FakeCertificateAuthority({
      registrar: { secret: 'r', attrs: { role: 'registrar' }, registrar: true },
      'vendor-acme': { secret: 'acme-pw', attrs: { role: 'vendor', vendorId: 'ACME' } },
    });
    service = make();
    registrar = (await service.login(MSP, 'registrar', 'r')).identity;
    await service.registerVendorUser(registrar, { username: 'clerk', password: SECRET, vendorId: 'ACME' });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers the user with one enrolment and the CA mark, and records the pending first login (0600)', () => {
    expect(ca.users.get('clerk')).toMatchObject({
      maxEnrollments: 1,
      attrs: { role: 'vendor', vendorId: 'ACME', [MUST_CHANGE_PASSWORD_ATTRIBUTE]: 'true' },
    });
    const file = path.join(dir, 'first-logins.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
  });

  it('when the first login has no newPassword, then 403 PASSWORD_CHANGE_REQUIRED, the CA is not asked and nothing is stored', async () => {
    const attempts = ca.attempts.length;
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
    });
    expect(ca.attempts).toHaveLength(attempts);
    expect(existsSync(walletFile('clerk'))).toBe(false);
    // The secret is still unused: the first login with a new password goes through.
    expect((await service.login(MSP, 'clerk', SECRET, 'a', OWN)).identity).toMatchObject({
      role: 'vendor',
      vendorId: 'ACME',
    });
  });

  it('when the secret is wrong, then 401 without asking the CA, with or without newPassword', async () => {
    const attempts = ca.attempts.length;
    await expect(service.login(MSP, 'clerk', 'guess')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.login(MSP, 'clerk', 'guess', 'a', OWN)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(ca.attempts).toHaveLength(attempts);
    expect(existsSync(walletFile('clerk'))).toBe(false);
  });

  it('when the new password breaks the rule, then 400 on newPassword, the CA is not asked and nothing is stored', async () => {
    const attempts = ca.attempts.length;
    for (const bad of ['short', SECRET, 'clerk-and-more-words', 'zzzzzzzzzzzzzzzz'])
      await expect(service.login(MSP, 'clerk', SECRET, 'a', bad)).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        details: { field: 'newPassword' },
      });
    expect(ca.attempts).toHaveLength(attempts);
    expect(existsSync(walletFile('clerk'))).toBe(false);
  });

  it('when the user has chosen a password, then the one-time secret opens nothing (not here, not at the CA), and the own password does, also after a restart', async () => {
    const first = await service.login(MSP, 'clerk', SECRET, 'a', OWN);
    expect(first.identity.username).toBe('clerk');
    expect(ca.users.get('clerk')?.enrolled).toBe(1);
    const stored = readFileSync(walletFile('clerk'), 'utf8');
    const attempts = ca.attempts.length;

    // The registrar (who chose the secret) tries it, with and without a password of its own choosing.
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.login(MSP, 'clerk', SECRET, 'b', 'registrar takes over')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // Past the recheck period too: an onboarded user's stored hash stays the check.
    now += 3600_000;
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(ca.attempts).toHaveLength(attempts);
    expect(readFileSync(walletFile('clerk'), 'utf8')).toBe(stored);

    // A restarted gateway keeps the wallet and knows the first login is done.
    service = make();
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await service.login(MSP, 'clerk', OWN)).identity.vendorId).toBe('ACME');
    expect(readCertificate((await service.credentials(first.identity)).certificate).attrs).toMatchObject({
      [MUST_CHANGE_PASSWORD_ATTRIBUTE]: 'true',
    });
    // newPassword is only for the first login.
    await expect(service.login(MSP, 'clerk', OWN, 'a', 'yet another long one')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(readFileSync(walletFile('clerk'), 'utf8')).toBe(stored);
  });

  it('when the gateway restarts before the first login, then the pending record is still there', async () => {
    service = make();
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
    });
  });

  it('when the secret was spent at the CA behind the gateway’s back, then 401 and nothing stored', async () => {
    const user = ca.users.get('clerk');
    if (user) user.enrolled = 1;
    await expect(service.login(MSP, 'clerk', SECRET, 'a', OWN)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('onboard you again') as unknown as string,
    });
    expect(existsSync(walletFile('clerk'))).toBe(false);
  });

  it('when a gateway without the record enrols a marked user, then it keeps only a chosen password, never the secret', async () => {
    ca.users.set('other', {
      secret: 'other-secret',
      maxEnrollments: 2,
      attrs: { role: 'vendor', vendorId: 'ACME', [MUST_CHANGE_PASSWORD_ATTRIBUTE]: 'true' },
    });
    await expect(service.login(MSP, 'other', 'other-secret')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(existsSync(walletFile('other'))).toBe(false);
    await service.login(MSP, 'other', 'other-secret', 'a', OWN);
    await expect(service.login(MSP, 'other', 'other-secret')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await service.login(MSP, 'other', OWN)).identity.username).toBe('other');
  });

  it('when a user that is not onboarded sends newPassword, then 400 and nothing is stored', async () => {
    await expect(service.login(MSP, 'vendor-acme', 'acme-pw', 'a', OWN)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'newPassword' },
    });
    expect(existsSync(walletFile('vendor-acme'))).toBe(false);
    // Demo users log in as before, with their CA secret.
    expect((await service.login(MSP, 'vendor-acme', 'acme-pw')).identity.vendorId).toBe('ACME');
  });

  it('when an onboarding is undone, then its pending record goes with the CA user', async () => {
    await service.removeVendorUser(registrar, 'clerk');
    expect(readFileSync(path.join(dir, 'first-logins.json'), 'utf8')).toBe('{}');
    await expect(service.login(MSP, 'clerk', SECRET)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('when a name is registered again, then a wallet entry left under it by a removed identity is dropped', async () => {
    await service.login(MSP, 'clerk', SECRET, 'a', OWN);
    // Removed at the CA directly (not through the gateway): the wallet still holds the old enrolment.
    ca.users.delete('clerk');
    expect(existsSync(walletFile('clerk'))).toBe(true);
    await service.registerVendorUser(registrar, {
      username: 'clerk',
      password: 'second-secret',
      vendorId: 'ACME',
    });
    expect(existsSync(walletFile('clerk'))).toBe(false);
    await expect(service.login(MSP, 'clerk', OWN)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.login(MSP, 'clerk', 'second-secret')).rejects.toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
    });
  });
});
