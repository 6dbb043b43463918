/**
 * Issue 10 §5 and §17 on the real network: the registrar cannot act for a vendor. A second identity it
 * registers with a vendor's vendorId is refused every vendor action until the vendor itself approves it
 * on the ledger; its secret enrols once, at a first login that sets the user's own password, so the
 * registrar who chose the secret cannot log in with it afterwards; and an onboarding whose ledger write
 * fails leaves no CA user.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { BidRecord, Vendor } from '@procurement/contract';
import { ApiClient, type RunningGateway, startGateway } from './support/gateway';
import { type Session, enrolAtSuppliersCa, sessionAs } from './support/network';
import {
  bidBody,
  expectRefusal,
  expectStatus,
  firstLogin,
  ledgerRead,
  loginAll,
  loginWith,
  ownPassword,
  tenderBody,
  uniqueId,
  useShortPolicy,
} from './support/procurement';

type Bids = { items: BidRecord[]; total: number };

describe('vendor users: only the vendor decides who acts for it', () => {
  let gw: RunningGateway;
  let registrar: ApiClient;
  let officer: ApiClient;
  let acme: ApiClient;
  let ledger: Session;
  const tenderId = uniqueId('vu-open');
  const tag = Date.now().toString(36);
  const impostor = {
    mspId: 'SuppliersMSP',
    username: `acme-impostor-${tag}`,
    password: `impostor-${tag}-pw`,
  };
  const clerk = { mspId: 'SuppliersMSP', username: `acme-clerk-${tag}`, password: `clerk-${tag}-secret` };
  let acmeBid = '';

  const acmeOnLedger = () => ledgerRead<Vendor>(ledger, 'vendor:Get', 'ACME');

  beforeAll(async () => {
    gw = await startGateway();
    let auditor: ApiClient;
    [auditor, registrar, officer, acme] = await loginAll(gw, [
      'auditor',
      'registrar',
      'pw-officer',
      'vendor-acme',
    ]);
    ledger = sessionAs('auditor');
    await useShortPolicy(gw, auditor);
    expectStatus(
      await officer.post(
        '/api/v1/tenders',
        tenderBody(tenderId, { submissionInSeconds: 3600, openingInSeconds: 7200 }),
      ),
      201,
    );
    expectStatus(await officer.post(`/api/v1/tenders/${tenderId}/publish`), 200);
    const bid = await acme.post<BidRecord>(`/api/v1/tenders/${tenderId}/bids`, bidBody('100000000'));
    expectStatus(bid, 201);
    acmeBid = bid.body.bidId;
  });

  afterAll(async () => {
    ledger.close();
    await gw.stop();
  });

  it('when the registrar mints a second identity with ACME’s vendorId, then it cannot seal, withdraw or read ACME’s bids, and nothing changes', async () => {
    const before = await acmeOnLedger();
    const added = await registrar.post(`/api/v1/vendors/ACME/users`, {
      username: impostor.username,
      password: impostor.password,
    });
    expectStatus(added, 201);
    const { res: login, client } = await firstLogin(gw, impostor);
    expectStatus(login, 200);
    // The certificate carries role=vendor and vendorId=ACME ...
    expect(login.body).toMatchObject({ identity: { role: 'vendor', vendorId: 'ACME' } });
    // ... but its enrolment id is not on ACME's record.
    expectRefusal(await client.post(`/api/v1/tenders/${tenderId}/bids`, bidBody('1')), 403, 'NOT_AUTHORISED');
    expectRefusal(await client.delete(`/api/v1/tenders/${tenderId}/bids/${acmeBid}`), 403, 'NOT_AUTHORISED');
    expectRefusal(await client.get(`/api/v1/tenders/${tenderId}/bids/${acmeBid}`), 403, 'NOT_AUTHORISED');
    const seen = await client.get<Bids>(`/api/v1/tenders/${tenderId}/bids`);
    expectStatus(seen, 200);
    expect(seen.body.items).toEqual([]);
    // It cannot approve itself, and the registrar cannot approve it either.
    expectRefusal(await client.put(`/api/v1/vendors/ACME/users/${impostor.username}`), 403, 'NOT_AUTHORISED');
    expectRefusal(
      await registrar.put(`/api/v1/vendors/ACME/users/${impostor.username}`),
      403,
      'NOT_AUTHORISED',
    );
    expect(await acmeOnLedger()).toEqual(before);
    const own = await acme.get<Bids>(`/api/v1/tenders/${tenderId}/bids`);
    expect(own.body.items.map((b) => [b.bidId, b.status])).toEqual([[acmeBid, 'sealed']]);
  });

  it('when ACME approves another user, then that user acts for ACME; the impostor still cannot', async () => {
    expectStatus(
      await registrar.post(`/api/v1/vendors/ACME/users`, {
        username: clerk.username,
        password: clerk.password,
      }),
      201,
    );
    const { client } = await firstLogin(gw, clerk);
    expectRefusal(await client.post(`/api/v1/tenders/${tenderId}/bids`, bidBody('2')), 403, 'NOT_AUTHORISED');

    const approved = await acme.put<Vendor>(`/api/v1/vendors/ACME/users/${clerk.username}`);
    expectStatus(approved, 200);
    expect(approved.body.users).toEqual(expect.arrayContaining(['vendor-acme', clerk.username]));
    expect(approved.body.users).not.toContain(impostor.username);

    const bid = await client.post<BidRecord>(`/api/v1/tenders/${tenderId}/bids`, bidBody('99000000'));
    expectStatus(bid, 201);
    expect(bid.body.vendorId).toBe('ACME');
    const { client: still } = await loginWith(gw, { ...impostor, password: ownPassword(impostor.username) });
    expectRefusal(await still!.post(`/api/v1/tenders/${tenderId}/bids`, bidBody('3')), 403, 'NOT_AUTHORISED');
  });

  it('when a user’s one-time secret was used, then the CA enrols nobody else with it', async () => {
    // The gateway's first login enrolled the clerk; a fresh enrolment with the same secret is refused.
    await expect(enrolAtSuppliersCa(clerk.username, clerk.password)).rejects.toThrow();
  });

  it('when the registrar (who chose the onboarding secret) tries it after the vendor’s first login, then 401, nothing is stored and the ledger is unchanged; a first login without newPassword stores nothing', async () => {
    const vendorId = `FL${tag.toUpperCase()}`;
    const vendor = { mspId: 'SuppliersMSP', username: `first-login-${tag}`, password: `fl-${tag}-one-time` };
    expectStatus(
      await registrar.post('/api/v1/vendors', {
        vendorId,
        legalName: 'First Login Works Ltd',
        username: vendor.username,
        password: vendor.password,
      }),
      201,
    );
    const walletFile = path.join(gw.stateDir, 'wallet', vendor.mspId, `${vendor.username}.json`);

    // The first login without a password of the vendor's own: refused before the CA, nothing stored.
    const bare = await loginWith(gw, vendor);
    expectRefusal(bare.res, 403, 'PASSWORD_CHANGE_REQUIRED');
    expect(bare.client).toBeUndefined();
    expect(existsSync(walletFile)).toBe(false);
    // Keeping the secret as the "new" password is refused too (400), and stores nothing.
    expectRefusal(
      (await loginWith(gw, { ...vendor, newPassword: vendor.password })).res,
      400,
      'INVALID_ARGUMENT',
    );
    expect(existsSync(walletFile)).toBe(false);

    // The vendor's first login: the secret (still unused) and its own password.
    const { client: own, res, password } = await firstLogin(gw, vendor);
    expect(res.body).toMatchObject({ identity: { username: vendor.username, role: 'vendor', vendorId } });
    const bid = await own.post<BidRecord>(`/api/v1/tenders/${tenderId}/bids`, bidBody('98000000'));
    expectStatus(bid, 201);
    const record = await ledgerRead<Vendor>(ledger, 'vendor:Get', vendorId);
    const bids = (await own.get<Bids>(`/api/v1/tenders/${tenderId}/bids`)).body.items;
    const stored = readFileSync(walletFile, 'utf8');

    // The attack: whoever holds the onboarding secret (the registrar) logs in as the vendor, with or
    // without a password of their own choosing. Refused, and the CA enrols nobody with it either.
    for (const attempt of [vendor, { ...vendor, newPassword: 'the registrar takes over' }]) {
      const { res: refused, client } = await loginWith(gw, attempt);
      expectRefusal(refused, 401, 'UNAUTHENTICATED');
      expect(client).toBeUndefined();
    }
    await expect(enrolAtSuppliersCa(vendor.username, vendor.password)).rejects.toThrow();
    expect(readFileSync(walletFile, 'utf8')).toBe(stored);
    expect(await ledgerRead<Vendor>(ledger, 'vendor:Get', vendorId)).toEqual(record);
    expect((await own.get<Bids>(`/api/v1/tenders/${tenderId}/bids`)).body.items).toEqual(bids);

    // The vendor's own password still logs in.
    expectStatus((await loginWith(gw, { ...vendor, password })).res, 200);
  });

  it('when two onboardings race for one vendorId, then the loser’s CA user is removed again: it cannot log in, and its name is free', async () => {
    const vendorId = `RACE${tag.toUpperCase()}`;
    const names = [`race-a-${tag}`, `race-b-${tag}`];
    const results = await Promise.all(
      names.map((username) =>
        registrar.post('/api/v1/vendors', {
          vendorId,
          legalName: 'Race Paving SA',
          username,
          password: `${username}-secret`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    const winner = names[results.findIndex((r) => r.status === 201)] ?? '';
    const loser = names[results.findIndex((r) => r.status === 409)] ?? '';
    expect(await ledgerRead<Vendor>(ledger, 'vendor:Get', vendorId)).toMatchObject({ users: [winner] });
    const { res } = await loginWith(gw, {
      mspId: 'SuppliersMSP',
      username: loser,
      password: `${loser}-secret`,
    });
    expectRefusal(res, 401, 'UNAUTHENTICATED');
    // The CA no longer knows the loser: the same name registers afresh (the CA refuses a known name).
    expectStatus(
      await registrar.post(`/api/v1/vendors/${vendorId}/users`, {
        username: loser,
        password: `${loser}-again`,
      }),
      201,
    );
    expectRefusal(
      await registrar.post(`/api/v1/vendors/${vendorId}/users`, {
        username: loser,
        password: `${loser}-again`,
      }),
      409,
      'CONFLICT',
    );
  });
});
