import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { FAKE_CA_PASSWORD_ATTEMPTS, FakeCertificateAuthority } from '../testing/fake-ca';
import type { LoginLimits } from './login-guard';
import { IdentityService } from './service';
import { TokenService } from './tokens';
import { isCaInternalUsername, isWellFormedUsername } from './usernames';
import { Wallet } from './wallet';

const MSP = 'PublicWorksMSP';
const LIMITS: LoginLimits = {
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 1000,
  windowSeconds: 900,
  maxCaFailures: 5,
};

describe('login throttling and lockout protection (issue 10, finding 4 and 17)', () => {
  let dir: string;
  let walletDir: string;
  let ca: FakeCertificateAuthority;
  let now: number;

  const service = (limits: LoginLimits = LIMITS, caFailuresFile?: string): IdentityService =>
    new IdentityService({
      ...(caFailuresFile === undefined ? {} : { caFailuresFile }),
      organisations: [{ mspId: MSP, ca: { url: 'https://x', caName: 'c', tlsCACertPath: '/x' } }],
      wallet: new Wallet(walletDir, randomBytes(32)),
      tokens: new TokenService({ secret: Buffer.alloc(32, 1), ttlSeconds: 600, now: () => now }),
      ca,
      passwordRecheckSeconds: 900,
      loginLimits: limits,
      now: () => now,
    });
  const walletFile = (username: string): string => path.join(walletDir, MSP, `${username}.json`);
  /** Each attempt from its own address: the per-username throttle alone has to hold. */
  const attack = async (identity: IdentityService, username: string, times: number): Promise<string[]> => {
    const codes: string[] = [];
    for (let i = 0; i < times; i += 1)
      codes.push(
        await identity.login(MSP, username, `guess-${i}`, `198.51.100.${i % 250}`).then(
          () => 'OK',
          (error: unknown) => (error as { code: string }).code,
        ),
      );
    return codes;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'login-guard-'));
    walletDir = path.join(dir, 'wallet');
    now = Date.now();
    ca = new FakeCertificateAuthority({
      'pw-officer': { secret: 'right', attrs: { role: 'officer' } },
      'pw-new': { secret: 'new-right', attrs: { role: 'officer' } },
      'pw-clerk': { secret: 'clerk-pw', attrs: {} },
      'peer-node': { secret: 'peer-pw', attrs: { role: 'officer', 'hf.Type': 'peer' } },
      'other-cert': { secret: 'other-pw', attrs: { role: 'officer', 'hf.EnrollmentID': 'someone-else' } },
      admin: { secret: 'admin-pw', attrs: {} },
      'publicworks-admin': { secret: 'org-admin-pw', attrs: {} },
      'peer0.publicworks': { secret: 'peer0-pw', attrs: {} },
      'orderer0.publicworks': { secret: 'orderer0-pw', attrs: {} },
    });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when 20 wrong passwords arrive for a user with a fresh cached hash, then the CA is never asked, the wallet is untouched, and the right password still logs in', async () => {
    const identity = service();
    await identity.login(MSP, 'pw-officer', 'right', '192.0.2.1');
    const before = readFileSync(walletFile('pw-officer'), 'utf8');
    const mtime = statSync(walletFile('pw-officer')).mtimeMs;
    ca.attempts = [];

    const codes = await attack(identity, 'pw-officer', 20);

    expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(codes.slice(5)).toEqual(Array(15).fill('RATE_LIMITED'));
    expect(ca.attempts).toEqual([]);
    expect(readFileSync(walletFile('pw-officer'), 'utf8')).toBe(before);
    expect(statSync(walletFile('pw-officer')).mtimeMs).toBe(mtime);
    const result = await identity.login(MSP, 'pw-officer', 'right', '192.0.2.1');
    expect(result.identity.username).toBe('pw-officer');
    expect(ca.attempts).toEqual([]);
  });

  it('when wrong passwords keep coming for a user who never logged in, over many windows and in parallel, then the CA sees fewer than its lock threshold', async () => {
    const identity = service();
    await Promise.all(Array.from({ length: 20 }, (_, i) => attack(identity, `pw-new`, 1 + (i % 2))));
    for (let window = 0; window < 6; window += 1) {
      now += 901_000;
      const codes = await attack(identity, 'pw-new', 20);
      expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED')).toBe(true);
    }
    expect(ca.attempts.filter((u) => u === 'pw-new')).toHaveLength(LIMITS.maxCaFailures);
    expect(ca.incorrect.get('pw-new')).toBe(LIMITS.maxCaFailures);
    expect(LIMITS.maxCaFailures).toBeLessThan(FAKE_CA_PASSWORD_ATTEMPTS);
    expect(existsSync(walletFile('pw-new'))).toBe(false);
    // The CA has not locked the identity: enrolling there (or once the gateway restarts) still works.
    expect(await service().login(MSP, 'pw-new', 'new-right')).toMatchObject({
      identity: { username: 'pw-new' },
    });
  });

  it('when the gateway restarts between floods, then the CA budget is not renewed: the counts are kept in a private file', async () => {
    const file = path.join(dir, 'login-ca-failures.json');
    await attack(service(LIMITS, file), 'pw-new', 20);
    expect(ca.attempts).toHaveLength(5);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'PublicWorksMSP/pw-new': 5 });
    now += 901_000;
    await attack(service(LIMITS, file), 'pw-new', 20);
    expect(ca.attempts).toHaveLength(5);
    expect(ca.incorrect.get('pw-new')).toBe(5);
    expect(existsSync(walletDir)).toBe(false);
  });

  it('when a cached hash has gone stale and an attacker guesses, then at most the CA budget reaches the CA, the hash is kept, and the right password (it matches the hash) still reaches the CA and logs in', async () => {
    const identity = service();
    await identity.login(MSP, 'pw-officer', 'right');
    const before = readFileSync(walletFile('pw-officer'), 'utf8');
    now += 901_000;
    ca.attempts = [];

    const codes = await attack(identity, 'pw-officer', 30);

    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(ca.attempts).toHaveLength(5);
    expect(readFileSync(walletFile('pw-officer'), 'utf8')).toBe(before);
    await identity.login(MSP, 'pw-officer', 'right');
    expect(ca.attempts).toHaveLength(6);
    expect(ca.incorrect.get('pw-officer')).toBeUndefined();
    expect(readFileSync(walletFile('pw-officer'), 'utf8')).not.toBe(before);
    // and the CA's count started over with the success, so the budget did too
    expect(await attack(identity, 'pw-officer', 1)).toEqual(['UNAUTHENTICATED']);
  });

  it('when one address sends too many failures, then it gets 429 before anything is checked, even with a right password; other addresses are unaffected', async () => {
    const identity = service({ ...LIMITS, maxFailuresPerAddress: 3 });
    for (const name of ['nobody-1', 'nobody-2', '..'])
      await expect(identity.login(MSP, name, 'x', '203.0.113.9')).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    const attempts = ca.attempts.length;
    await expect(identity.login(MSP, 'pw-officer', 'right', '203.0.113.9')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(ca.attempts).toHaveLength(attempts);
    expect((await identity.login(MSP, 'pw-officer', 'right', '203.0.113.10')).identity.role).toBe('officer');
  });

  it.each([
    ['..'],
    ['.'],
    ['.hidden'],
    ['/'],
    ['/etc/passwd'],
    ['a/b'],
    ['..\\..\\x'],
    ['a\\b'],
    ['nul\u0000byte'],
    ['ctl\u0001x'],
    ['new\nline'],
    ['-option'],
    ['x'.repeat(65)],
  ])('when the username is %j, then UNAUTHENTICATED without touching the wallet or the CA', async (name) => {
    const identity = service();
    await expect(identity.login(MSP, name, 'whatever')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(existsSync(walletDir)).toBe(false);
    expect(ca.attempts).toEqual([]);
  });

  it.each([['admin'], ['ADMIN'], ['publicworks-admin'], ['peer0.publicworks'], ['orderer0.publicworks']])(
    'when the CA-internal identity %s logs in, even with its right password, then UNAUTHENTICATED and the CA is never asked',
    async (name) => {
      const identity = service();
      const secret = ca.users.get(name.toLowerCase())?.secret ?? 'x';
      for (let i = 0; i < 12; i += 1)
        await expect(identity.login(MSP, name, i === 11 ? secret : `wrong-${i}`)).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        });
      expect(ca.attempts).toEqual([]);
      expect(existsSync(walletDir)).toBe(false);
    },
  );

  it.each([
    ['a role-less identity', 'pw-clerk', 'clerk-pw'],
    ['a peer identity carrying a role', 'peer-node', 'peer-pw'],
    ['a certificate for another enrolment id', 'other-cert', 'other-pw'],
  ])('when %s logs in, then 403 and the wallet stores nothing', async (_what, name, secret) => {
    const identity = service();
    await expect(identity.login(MSP, name, secret)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(ca.enrolments).toBe(1);
    expect(existsSync(walletFile(name))).toBe(false);
    expect(existsSync(walletDir) ? readdirSync(walletDir) : []).toEqual([]);
  });

  it('when the registrar onboards a vendor with a CA-internal or path-like username, then 400 before the CA', async () => {
    const identity = service();
    const registrar = { mspId: MSP, username: 'registrar', role: 'registrar' as const };
    for (const username of ['acme-admin', 'peer1.acme', '..', '.acme'])
      await expect(
        identity.registerVendorUser(registrar, { username, password: 'p', vendorId: 'ACME' }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'username' } });
  });

  it('accepts the usernames of the demo users and refuses CA-internal ones', () => {
    const demo = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', '..', 'network', 'demo-users.json'), 'utf8'),
    ) as { username: string }[];
    for (const { username } of demo) {
      expect(isWellFormedUsername(username)).toBe(true);
      expect(isCaInternalUsername(username)).toBe(false);
    }
    for (const name of ['admin', 'suppliers-admin', 'peer0.suppliers', 'orderer0.audit'])
      expect(isCaInternalUsername(name)).toBe(true);
  });
});
