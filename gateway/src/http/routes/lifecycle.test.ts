import { ID_PATTERN, MUST_CHANGE_PASSWORD_ATTRIBUTE } from '@procurement/contract';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { DomainError } from '../../domain/errors';
import { award, challenge, iso, policy, tender, vendor } from '../../testing/fixtures';
import type { LedgerCall } from '../../testing/fake-ledger';
import { expectMatchesOpenApi } from '../../testing/openapi';
import { World } from '../../testing/world';

describe('evaluation, award, challenges, contracts, vendors, policy', () => {
  let world: World;

  beforeEach(() => {
    world = new World();
  });

  afterEach(() => {
    world.cleanup();
  });

  describe('evaluations', () => {
    it('when a committee member scores a bid, then evaluation:Submit gets the canonical score input and 201', async () => {
      world.ledger.returns('evaluation:Submit', {
        tenderId: 'T-1',
        bidId: 'b-1',
        evaluator: 'pw-eval-1',
        scores: { quality: 7 },
        at: iso(0),
        txId: 'x',
      });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('evaluator'))
        .send({ bidId: 'b-1', scores: { quality: 7 }, conflictOfInterest: false });
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/evaluations');
      expect(world.ledger.callsOf('evaluation:Submit')[0]?.args).toEqual([
        'T-1',
        '{"bidId":"b-1","conflictOfInterest":false,"scores":{"quality":7}}',
      ]);
    });

    it('when an evaluator declares a conflict of interest, then no scores are sent', async () => {
      world.ledger.returns('evaluation:Submit', {
        tenderId: 'T-1',
        evaluator: 'pw-eval-1',
        at: iso(0),
        txId: 'x',
      });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('evaluator'))
        .send({ bidId: 'b-1', scores: { quality: 7 }, conflictOfInterest: true });
      expect(res.status).toBe(201);
      expect(JSON.parse(world.ledger.callsOf('evaluation:Submit')[0]!.args[1]!)).toMatchObject({
        scores: {},
      });
    });

    it('when a score is not an integer, then 400 naming scores.quality', async () => {
      world.ledger.returns('tender:Get', tender());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('evaluator'))
        .send({ bidId: 'b-1', scores: { quality: 7.5 }, conflictOfInterest: false });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('scores.quality');
    });

    it('when an evaluator off the committee sends an invalid score, then 403 comes before 400', async () => {
      world.ledger.returns('tender:Get', tender());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('outsider'))
        .send({ bidId: 'b-1' });
      expect(res.status).toBe(403);
    });

    it('when a vendor tries to evaluate, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('acme'))
        .send({});
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when evaluating before the opening deadline, then 409 TOO_EARLY', async () => {
      world.ledger.throws(
        'evaluation:Submit',
        new DomainError({ code: 'TOO_EARLY', message: 'bids are not open' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('evaluator'))
        .send({ bidId: 'b-1', scores: {}, conflictOfInterest: false });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('TOO_EARLY');
    });

    it('lists evaluations and recusals', async () => {
      world.ledger.returns('evaluation:List', {
        items: [],
        recusals: [],
        scoresHidden: true,
        scoringDeadline: '2026-05-01T00:00:00.000Z',
      });
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/evaluations')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}/evaluations');
    });
  });

  describe('awards', () => {
    it('when the owning officer awards, then award:Make runs and 200 carries the ranking and standstill', async () => {
      world.ledger.returns('award:Make', award());
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/award')
        .set(await world.auth('officer'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/award');
      expect(res.body).toMatchObject({ bidId: 'b-1', vendorId: 'ACME', txId: 'tx101', blockNumber: 101 });
    });

    it('when scores are missing for bestPriceQuality, then 409 CONFLICT', async () => {
      world.ledger.throws(
        'award:Make',
        new DomainError({ code: 'CONFLICT', message: 'pw-eval-1 has not scored b-2' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/award')
        .set(await world.auth('officer'));
      expect(res.status).toBe(409);
    });

    it('when an auditor tries to award, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/award')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when anyone reads award history with filters, then award:List gets them', async () => {
      world.ledger.returns('award:List', { items: [award()] });
      const res = await request(world.app)
        .get('/api/v1/awards?agency=PublicWorksMSP&vendor=ACME&from=2026-01-01T00:00:00Z&pageSize=10')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/awards');
      expect(JSON.parse(world.ledger.calls[0]!.args[0]!)).toEqual({
        agency: 'PublicWorksMSP',
        from: '2026-01-01T00:00:00Z',
        pageSize: 10,
        vendor: 'ACME',
      });
    });

    it('when the award history period is not a timestamp, then 400 naming from', async () => {
      const res = await request(world.app)
        .get('/api/v1/awards?from=yesterday')
        .set(await world.auth('auditor'));
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('from');
    });

    it('reads one award', async () => {
      world.ledger.returns('award:Get', award());
      const res = await request(world.app)
        .get('/api/v1/tenders/T-1/award')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/tenders/{id}/award');
    });
  });

  describe('challenges and contracts', () => {
    it('when a bidder challenges during standstill, then a challenge id is made and 201 returned', async () => {
      world.ledger.on('award:LodgeChallenge', (call: LedgerCall) =>
        challenge({ challengeId: call.args[1]!, reason: call.args[2]! }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/challenges')
        .set(await world.auth('bolt'))
        .send({ reason: 'abnormally low price' });
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/challenges');
      expect(res.body.challengeId).toMatch(ID_PATTERN);
    });

    it('when a challenge comes after standstill, then 409 DEADLINE_PASSED', async () => {
      world.ledger.throws(
        'award:LodgeChallenge',
        new DomainError({ code: 'DEADLINE_PASSED', message: 'standstill over' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/challenges')
        .set(await world.auth('bolt'))
        .send({ reason: 'late' });
      expect(res.status).toBe(409);
    });

    it('when the auditor decides, then award:DecideChallenge gets decision and reason', async () => {
      world.ledger.returns('award:DecideChallenge', challenge({ status: 'dismissed' }));
      const res = await request(world.app)
        .post('/api/v1/challenges/c-1/decision')
        .set(await world.auth('auditor'))
        .send({ decision: 'dismissed', reason: 'price justified' });
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'post', '/api/v1/challenges/{challengeId}/decision');
      expect(world.ledger.callsOf('award:DecideChallenge')[0]?.args).toEqual([
        'c-1',
        'dismissed',
        'price justified',
      ]);
    });

    it('when the decision is neither upheld nor dismissed, then 400 naming decision', async () => {
      world.ledger.returns('award:GetChallenge', challenge());
      const res = await request(world.app)
        .post('/api/v1/challenges/c-1/decision')
        .set(await world.auth('auditor'))
        .send({ decision: 'maybe', reason: 'r' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('decision');
    });

    it('when an officer tries to decide a challenge, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/challenges/c-1/decision')
        .set(await world.auth('officer'))
        .send({ decision: 'upheld', reason: 'r' });
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when the officer records the contract, then 201 and the documents go to award:RecordContract', async () => {
      world.ledger.returns('award:RecordContract', {
        tenderId: 'T-1',
        bidId: 'b-1',
        vendorId: 'ACME',
        price: { amount: '1', currency: 'EUR' },
        documents: [],
        recordedAt: iso(0),
        txId: 'x',
      });
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/contract')
        .set(await world.auth('officer'));
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/tenders/{id}/contract');
      expect(world.ledger.callsOf('award:RecordContract')[0]?.args).toEqual(['T-1', '{}']);
    });

    it('when a challenge is open, then recording the contract is 409', async () => {
      world.ledger.throws(
        'award:RecordContract',
        new DomainError({ code: 'CONFLICT', message: 'challenge open' }),
      );
      const res = await request(world.app)
        .post('/api/v1/tenders/T-1/contract')
        .set(await world.auth('officer'))
        .send({ documents: [] });
      expect(res.status).toBe(409);
    });
  });

  describe('vendors', () => {
    it('when the registrar onboards a vendor, then the user is registered at the CA with role, vendorId and the first-login mark, and logs in at once with a password of its own', async () => {
      world.ledger
        .throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }))
        .returns('vendor:Register', vendor({ vendorId: 'DELTA', legalName: 'Delta SA' }));
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('registrar'))
        .send({
          vendorId: 'DELTA',
          legalName: 'Delta SA',
          username: 'vendor-delta',
          password: 'delta-secret-1',
        });
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/vendors');
      expect(world.ca.users.get('vendor-delta')?.attrs).toEqual({
        role: 'vendor',
        vendorId: 'DELTA',
        [MUST_CHANGE_PASSWORD_ATTRIBUTE]: 'true',
      });
      expect(world.ledger.callsOf('vendor:Register')[0]?.args).toEqual([
        '{"legalName":"Delta SA","username":"vendor-delta","vendorId":"DELTA"}',
      ]);
      const secretOnly = { mspId: 'SuppliersMSP', username: 'vendor-delta', password: 'delta-secret-1' };
      const refused = await request(world.app).post('/api/v1/auth/login').send(secretOnly);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expectMatchesOpenApi(refused, 'post', '/api/v1/auth/login');
      const weak = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ ...secretOnly, newPassword: 'aaaaaaaaaaaaaaaa' });
      expect(weak.status).toBe(400);
      expect(weak.body.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(JSON.stringify(weak.body.error)).toContain('newPassword');
      expect(world.ca.users.get('vendor-delta')?.enrolled ?? 0).toBe(0);

      const login = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ ...secretOnly, newPassword: 'Delta’s own password' });
      expect(login.status).toBe(200);
      expectMatchesOpenApi(login, 'post', '/api/v1/auth/login');
      expect(login.body.identity).toMatchObject({ role: 'vendor', vendorId: 'DELTA' });
      const again = await request(world.app).post('/api/v1/auth/login').send(secretOnly);
      expect(again.status).toBe(401);
    });

    it('when the vendorId is already on the register, then 409 and no CA user is made', async () => {
      world.ledger.returns('vendor:Get', vendor());
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('registrar'))
        .send({ vendorId: 'ACME', legalName: 'Acme', username: 'vendor-acme-2', password: 'long-enough' });
      expect(res.status).toBe(409);
      expect(world.ca.users.has('vendor-acme-2')).toBe(false);
    });

    it('when the username is taken at the CA, then 409 and nothing is written', async () => {
      world.ledger.throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }));
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('registrar'))
        .send({ vendorId: 'DELTA', legalName: 'Delta', username: 'vendor-acme', password: 'long-enough' });
      expect(res.status).toBe(409);
      expect(world.ledger.callsOf('vendor:Register')).toHaveLength(0);
    });

    it('when the ledger write of an onboarding fails, then the CA user is removed again and cannot log in', async () => {
      world.ledger
        .throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }))
        .throws(
          'vendor:Register',
          new DomainError({ code: 'CONFLICT', message: 'vendor DELTA is already registered' }),
        );
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('registrar'))
        .send({
          vendorId: 'DELTA',
          legalName: 'Delta',
          username: 'vendor-delta',
          password: 'delta-secret-1',
        });
      expect(res.status).toBe(409);
      expect(world.ledger.callsOf('vendor:Register')).toHaveLength(1);
      expect(world.ca.users.has('vendor-delta')).toBe(false);
      const login = await request(world.app)
        .post('/api/v1/auth/login')
        .send({ mspId: 'SuppliersMSP', username: 'vendor-delta', password: 'delta-secret-1' });
      expect(login.status).toBe(401);
    });

    it('when the write failed but the record shows it committed after all, then the CA user is kept', async () => {
      let gets = 0;
      world.ledger
        .on('vendor:Get', () => {
          gets += 1;
          if (gets === 1) throw new DomainError({ code: 'NOT_FOUND', message: 'no vendor' });
          return vendor({ vendorId: 'DELTA', users: ['vendor-delta'] });
        })
        .throws(
          'vendor:Register',
          new DomainError({ code: 'LEDGER_UNAVAILABLE', message: 'commit status unknown' }),
        );
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('registrar'))
        .send({
          vendorId: 'DELTA',
          legalName: 'Delta',
          username: 'vendor-delta',
          password: 'delta-secret-1',
        });
      expect(res.status).toBe(503);
      expect(world.ca.users.has('vendor-delta')).toBe(true);
    });

    it('when the registrar adds a user to a vendor, then it is a one-enrolment CA user with the vendorId, and nothing is written to the ledger', async () => {
      world.ledger.returns('vendor:Get', vendor());
      const res = await request(world.app)
        .post('/api/v1/vendors/ACME/users')
        .set(await world.auth('registrar'))
        .send({ username: 'vendor-acme-2', password: 'acme-secret-2' });
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/vendors/{vendorId}/users');
      expect(res.body).toEqual({
        mspId: 'SuppliersMSP',
        username: 'vendor-acme-2',
        role: 'vendor',
        vendorId: 'ACME',
      });
      expect(world.ca.users.get('vendor-acme-2')).toMatchObject({
        attrs: { role: 'vendor', vendorId: 'ACME' },
        maxEnrollments: 1,
      });
      expect(world.ledger.calls.filter((c) => c.kind === 'submit')).toHaveLength(0);
    });

    it('when a user is added to an unknown vendor or by a vendor, then 404 or 403 and no CA user', async () => {
      world.ledger.throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }));
      const unknown = await request(world.app)
        .post('/api/v1/vendors/NOPE/users')
        .set(await world.auth('registrar'))
        .send({ username: 'vendor-nope', password: 'nope-secret-1' });
      expect(unknown.status).toBe(404);
      const byVendor = await request(world.app)
        .post('/api/v1/vendors/ACME/users')
        .set(await world.auth('acme'))
        .send({ username: 'vendor-acme-3', password: 'acme-secret-3' });
      expect(byVendor.status).toBe(403);
      expect(world.ca.users.has('vendor-nope')).toBe(false);
      expect(world.ca.users.has('vendor-acme-3')).toBe(false);
    });

    it('when the vendor approves a user, then vendor:ApproveUser runs as the vendor; the registrar may not', async () => {
      world.ledger.returns('vendor:ApproveUser', vendor({ users: ['vendor-acme', 'vendor-acme-2'] }));
      const refused = await request(world.app)
        .put('/api/v1/vendors/ACME/users/vendor-acme-2')
        .set(await world.auth('registrar'));
      expect(refused.status).toBe(403);
      expect(world.ledger.callsOf('vendor:ApproveUser')).toHaveLength(0);
      const res = await request(world.app)
        .put('/api/v1/vendors/ACME/users/vendor-acme-2')
        .set(await world.auth('acme'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'put', '/api/v1/vendors/{vendorId}/users/{username}');
      expect(world.ledger.callsOf('vendor:ApproveUser')[0]?.args).toEqual(['ACME', 'vendor-acme-2']);
    });

    it('when an auditor tries to onboard a vendor, then 403 before the ledger', async () => {
      const res = await request(world.app)
        .post('/api/v1/vendors')
        .set(await world.auth('auditor'))
        .send({});
      expect(res.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when the auditor debars and reinstates, then vendor:Debar and vendor:Reinstate run', async () => {
      world.ledger
        .returns('vendor:Debar', vendor({ debarred: true }))
        .returns('vendor:Reinstate', vendor({ debarred: false }));
      const auth = await world.auth('auditor');
      const debar = await request(world.app)
        .post('/api/v1/vendors/ACME/debarment')
        .set(auth)
        .send({ reason: 'fraud', until: '2030-01-01T00:00:00.000Z' });
      expect(debar.status).toBe(200);
      expectMatchesOpenApi(debar, 'post', '/api/v1/vendors/{vendorId}/debarment');
      expect(world.ledger.callsOf('vendor:Debar')[0]?.args).toEqual([
        'ACME',
        '{"reason":"fraud","until":"2030-01-01T00:00:00.000Z"}',
      ]);
      const reinstate = await request(world.app)
        .delete('/api/v1/vendors/ACME/debarment')
        .set(auth)
        .send({ reason: 'appeal won' });
      expect(reinstate.status).toBe(200);
      expectMatchesOpenApi(reinstate, 'delete', '/api/v1/vendors/{vendorId}/debarment');
      expect(world.ledger.callsOf('vendor:Reinstate')[0]?.args).toEqual(['ACME', 'appeal won']);
    });

    it('when a debarment names an unknown vendor and has no reason, then 404 comes before 400', async () => {
      world.ledger.throws('vendor:Get', new DomainError({ code: 'NOT_FOUND', message: 'no vendor' }));
      const res = await request(world.app)
        .post('/api/v1/vendors/NOPE/debarment')
        .set(await world.auth('auditor'))
        .send({});
      expect(res.status).toBe(404);
    });

    it('reads a vendor', async () => {
      world.ledger.returns('vendor:Get', vendor());
      const res = await request(world.app)
        .get('/api/v1/vendors/ACME')
        .set(await world.auth('officer'));
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'get', '/api/v1/vendors/{vendorId}');
    });
  });

  describe('policy', () => {
    const proposal = { ...policy, reason: 'pilot periods' };

    it('when an auditor proposes a policy, then policy:Propose gets canonical JSON and 201 answers the proposal', async () => {
      world.ledger.returns('policy:Propose', {
        proposalId: 'tx1',
        policy,
        reason: 'pilot periods',
        proposedBy: 'auditor',
        proposedAt: iso(0),
      });
      const res = await request(world.app)
        .post('/api/v1/policy/proposals')
        .set(await world.auth('auditor'))
        .send(proposal);
      expect(res.status).toBe(201);
      expectMatchesOpenApi(res, 'post', '/api/v1/policy/proposals');
      expect(world.ledger.callsOf('policy:Propose')[0]?.args[0]).toBe(
        '{"amendmentExtensionSeconds":518400,"clockToleranceSeconds":30,"maxRevealSeconds":2592000,"minPriceWeight":20,"minRevealSeconds":86400,"minSubmissionSeconds":{"open":3024000,"restricted":2592000},"reason":"pilot periods","scoringSeconds":1209600,"standstillSeconds":864000}',
      );
    });

    it('when an auditor approves a proposal, then policy:Approve gets its id and reason', async () => {
      world.ledger.returns('policy:Approve', { ...policy, updatedAt: iso(0), updatedBy: 'auditor' });
      const res = await request(world.app)
        .post('/api/v1/policy/proposals/tx1/approval')
        .set(await world.auth('auditor'))
        .send({ reason: 'agreed' });
      expect(res.status).toBe(200);
      expectMatchesOpenApi(res, 'post', '/api/v1/policy/proposals/{proposalId}/approval');
      expect(world.ledger.callsOf('policy:Approve')[0]?.args).toEqual(['tx1', 'agreed']);
    });

    it('when the pending proposal and the history are read, then they come from the ledger', async () => {
      world.ledger.returns('policy:GetProposal', {
        proposalId: 'tx1',
        policy,
        reason: 'pilot periods',
        proposedBy: 'auditor',
        proposedAt: iso(0),
      });
      world.ledger.returns('policy:History', { items: [{ txId: 'tx2', timestamp: iso(0), policy }] });
      const pending = await request(world.app)
        .get('/api/v1/policy/proposal')
        .set(await world.auth('acme'));
      expect(pending.status).toBe(200);
      expectMatchesOpenApi(pending, 'get', '/api/v1/policy/proposal');
      const history = await request(world.app)
        .get('/api/v1/policy/history')
        .set(await world.auth('acme'));
      expect(history.status).toBe(200);
      expectMatchesOpenApi(history, 'get', '/api/v1/policy/history');
    });

    it('when an officer tries to propose or approve, then 403 before the ledger', async () => {
      const proposing = await request(world.app)
        .post('/api/v1/policy/proposals')
        .set(await world.auth('officer'))
        .send(proposal);
      expect(proposing.status).toBe(403);
      const approving = await request(world.app)
        .post('/api/v1/policy/proposals/tx1/approval')
        .set(await world.auth('officer'))
        .send({ reason: 'agreed' });
      expect(approving.status).toBe(403);
      expect(world.ledger.calls).toHaveLength(0);
    });

    it('when a period is negative, then 400 naming it', async () => {
      const res = await request(world.app)
        .post('/api/v1/policy/proposals')
        .set(await world.auth('auditor'))
        .send({ ...proposal, minSubmissionSeconds: { open: -1, restricted: 1 } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('minSubmissionSeconds.open');
    });
  });
});

describe('GET /events (server-sent events)', () => {
  let world: World;
  let server: http.Server;
  let base: string;

  beforeEach(async () => {
    world = new World();
    const payload = (o: object): Uint8Array => Buffer.from(JSON.stringify(o));
    world.ledger.events = [
      { blockNumber: 5n, txId: 'aaa', eventName: 'TenderCreated', payload: payload({ tenderId: 'T-1' }) },
      { blockNumber: 6n, txId: 'bbb', eventName: 'TenderPublished', payload: payload({ tenderId: 'T-1' }) },
      {
        blockNumber: 6n,
        txId: 'ccc',
        eventName: 'BidSealed',
        payload: payload({ tenderId: 'T-1', bidId: 'b-1' }),
      },
    ];
    server = http.createServer(world.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    world.cleanup();
  });

  /** Read events until `count` have arrived, then hang up. */
  async function readEvents(
    headers: Record<string, string>,
    query: string,
    count: number,
  ): Promise<string[]> {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events${query}`, { headers, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const blocks = (): string[] => text.split('\n\n').filter((b) => b.startsWith('id:'));
    while (blocks().length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    return blocks();
  }

  it('when a client connects from block 0, then it gets every event with id, name and decoded payload', async () => {
    const events = await readEvents(await world.auth('auditor'), '?fromBlock=0', 3);
    expect(events[0]).toBe(
      'id: 5:aaa\nevent: TenderCreated\ndata: {"blockNumber":5,"txId":"aaa","eventName":"TenderCreated","payload":{"tenderId":"T-1"}}',
    );
    expect(events).toHaveLength(3);
    expect(world.ledger.eventStarts[0]).toEqual({ startBlock: 0n });
  });

  it('when a client resumes with Last-Event-ID, then the stream starts just after that event', async () => {
    const events = await readEvents({ ...(await world.auth('acme')), 'last-event-id': '6:bbb' }, '', 1);
    expect(events[0]?.startsWith('id: 6:ccc\nevent: BidSealed')).toBe(true);
    expect(world.ledger.eventStarts[0]).toEqual({ after: { blockNumber: 6n, txId: 'bbb' } });
  });

  it('when neither is given, then the stream starts at the next block', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events`, {
      headers: await world.auth('acme'),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    controller.abort();
    expect(world.ledger.eventStarts[0]).toEqual({});
  });

  it.each([['?fromBlock=-1'], ['?fromBlock=abc']])('when the start is %s, then 400', async (query) => {
    const res = await request(world.app)
      .get(`/api/v1/events${query}`)
      .set(await world.auth('acme'));
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('fromBlock');
  });

  it('when Last-Event-ID is malformed, then 400', async () => {
    const res = await request(world.app)
      .get('/api/v1/events')
      .set(await world.auth('acme'))
      .set('last-event-id', 'yesterday');
    expect(res.status).toBe(400);
  });

  it('when there is no token, then 401', async () => {
    const res = await request(world.app).get('/api/v1/events');
    expect(res.status).toBe(401);
  });
});
