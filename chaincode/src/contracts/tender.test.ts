import type { Page, Policy, PolicyProposal, Tender } from '@procurement/contract';
import { canonical } from '../ledger/canonical';
import { Ledger } from '../testing/harness';
import {
  createAndPublish,
  DAY,
  iso,
  OPENING,
  policyRules,
  prepareIdentities,
  SUBMISSION,
  T0,
  tenderInput,
  WHO,
} from '../testing/fixtures';

beforeAll(prepareIdentities);

const create = (ledger: Ledger, over = {}) =>
  ledger.ok<Tender>(WHO.officer, 'tender:Create', [canonical(tenderInput(over))]);

describe('creating a tender', () => {
  it('when an officer creates a tender, then it is a draft of the officer’s agency', async () => {
    const ledger = new Ledger(T0);
    const outcome = await ledger.call(WHO.officer, 'tender:Create', [
      canonical(tenderInput({ submissionDeadline: '2026-04-11T10:00:00+01:00' })),
    ]);
    const tender = JSON.parse(outcome.result ?? '') as Tender;
    expect(tender).toMatchObject({
      status: 'draft',
      agency: 'PublicWorksMSP',
      createdBy: 'olivia',
      createdAt: iso(T0),
      amendments: [],
    });
    expect(tender.submissionDeadline).toBe('2026-04-11T09:00:00.000Z');
    expect(outcome.events).toEqual([
      { name: 'TenderCreated', payload: '{"agency":"PublicWorksMSP","status":"draft","tenderId":"T-1"}' },
    ]);
    expect(outcome.result).toBe(canonical(tender));
  });

  it('when a vendor, an evaluator or an auditor tries to create a tender, then NOT_AUTHORISED and nothing changes', async () => {
    const ledger = new Ledger(T0);
    for (const who of [WHO.vendorA, WHO.eva1, WHO.auditor, WHO.nobody]) {
      expect(await ledger.refused(who, 'tender:Create', [canonical(tenderInput())])).toMatch(
        /^NOT_AUTHORISED/,
      );
    }
  });

  it('when the input is malformed or the deadlines are in the past, then INVALID_ARGUMENT and nothing changes', async () => {
    const ledger = new Ledger(T0);
    expect(await ledger.refused(WHO.officer, 'tender:Create', ['not json'])).toMatch(/^INVALID_ARGUMENT/);
    expect(
      await ledger.refused(WHO.officer, 'tender:Create', [
        canonical(tenderInput({ submissionDeadline: iso(T0 - 1) })),
      ]),
    ).toMatch(/^INVALID_ARGUMENT: submissionDeadline must be in the future/);
    expect(
      await ledger.refused(WHO.officer, 'tender:Create', [
        canonical(tenderInput({ openingDeadline: iso(SUBMISSION) })),
      ]),
    ).toMatch(/^INVALID_ARGUMENT: openingDeadline/);
  });

  it('when the id is taken, then CONFLICT and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await create(ledger);
    expect(await ledger.refused(WHO.healthOfficer, 'tender:Create', [canonical(tenderInput())])).toMatch(
      /^CONFLICT/,
    );
  });
});

describe('publishing', () => {
  it('when another agency’s officer publishes, then NOT_AUTHORISED; a missing tender is NOT_FOUND', async () => {
    const ledger = new Ledger(T0);
    await create(ledger);
    expect(await ledger.refused(WHO.healthOfficer, 'tender:Publish', ['T-1'])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.officer, 'tender:Publish', ['T-9'])).toMatch(/^NOT_FOUND/);
    expect(await ledger.refused(WHO.vendorA, 'tender:Publish', ['T-1'])).toMatch(/^NOT_AUTHORISED/);
  });

  it('when the submission period is shorter than the policy minimum from the publish time, then INVALID_ARGUMENT', async () => {
    const ledger = new Ledger(T0);
    await create(ledger);
    ledger.advance(6 * DAY);
    expect(await ledger.refused(WHO.officer, 'tender:Publish', ['T-1'])).toMatch(
      /^INVALID_ARGUMENT: submissionDeadline must be at least/,
    );
  });

  it('when published twice, then CONFLICT', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(await ledger.refused(WHO.officer, 'tender:Publish', ['T-1'])).toMatch(/^CONFLICT/);
  });
});

describe('amending', () => {
  const amend = (changes: object, reason = 'clarify scope') => canonical({ reason, changes });

  it('when amended 2 days before the deadline, then both deadlines move and earlier bids are marked', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = SUBMISSION - 2 * DAY;
    const tender = await ledger.ok<Tender>(WHO.officer, 'tender:Amend', [
      'T-1',
      amend({ title: 'Resurfacing, lot 1' }),
    ]);
    expect(tender.title).toBe('Resurfacing, lot 1');
    expect(tender.submissionDeadline).toBe(iso(SUBMISSION + 4 * DAY));
    expect(tender.openingDeadline).toBe(iso(OPENING + 4 * DAY));
    expect(tender.amendments).toEqual([
      {
        seq: 1,
        reason: 'clarify scope',
        changes: {
          title: 'Resurfacing, lot 1',
          submissionDeadline: iso(SUBMISSION + 4 * DAY),
          openingDeadline: iso(OPENING + 4 * DAY),
        },
        at: iso(SUBMISSION - 2 * DAY),
        by: 'olivia',
        txId: expect.any(String) as string,
        extendedDeadline: true,
      },
    ]);
  });

  it('when the change is empty, the reason missing, the ceiling in another currency or the agency foreign, then refused and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(await ledger.refused(WHO.officer, 'tender:Amend', ['T-1', amend({})])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.officer, 'tender:Amend', ['T-1', amend({ title: 'x' }, '')])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(
      await ledger.refused(WHO.officer, 'tender:Amend', [
        'T-1',
        amend({ budgetCeiling: { amount: '1', currency: 'USD' } }),
      ]),
    ).toMatch(/^INVALID_ARGUMENT/);
    expect(await ledger.refused(WHO.healthOfficer, 'tender:Amend', ['T-1', amend({ title: 'x' })])).toMatch(
      /^NOT_AUTHORISED/,
    );
  });

  it('when the submission deadline has passed, then DEADLINE_PASSED; a draft cannot be amended (CONFLICT)', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    await create(ledger, { id: 'T-2' });
    expect(await ledger.refused(WHO.officer, 'tender:Amend', ['T-2', amend({ title: 'x' })])).toMatch(
      /^CONFLICT/,
    );
    ledger.nowMs = SUBMISSION;
    expect(await ledger.refused(WHO.officer, 'tender:Amend', ['T-1', amend({ title: 'x' })])).toMatch(
      /^DEADLINE_PASSED/,
    );
  });
});

describe('cancelling', () => {
  it('when cancelled with a reason, then it is cancelled; twice is CONFLICT; no reason is INVALID_ARGUMENT', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(await ledger.refused(WHO.officer, 'tender:Cancel', ['T-1', ''])).toMatch(/^INVALID_ARGUMENT/);
    expect(await ledger.refused(WHO.healthOfficer, 'tender:Cancel', ['T-1', 'no'])).toMatch(
      /^NOT_AUTHORISED/,
    );
    const t = await ledger.ok<Tender>(WHO.officer, 'tender:Cancel', ['T-1', 'budget withdrawn']);
    expect(t).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'budget withdrawn', by: 'olivia' },
    });
    expect(await ledger.refused(WHO.officer, 'tender:Cancel', ['T-1', 'again'])).toMatch(/^CONFLICT/);
  });
});

describe('cancelling after the opening deadline (issue 10 §20)', () => {
  it('when the officer cancels after opening without the auditor’s approval, then CONFLICT and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = OPENING;
    expect(await ledger.refused(WHO.officer, 'tender:Cancel', ['T-1', 'prices too high'])).toMatch(
      /^CONFLICT: tender T-1 has passed its opening deadline: cancelling it needs an auditor's approval/,
    );
  });

  it('when a back-dated cancel is endorsed after opening, then it still needs the approval', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = OPENING - 5000;
    ledger.endorserOffsetMs = 10_000;
    expect(await ledger.refused(WHO.officer, 'tender:Cancel', ['T-1', 'prices too high'])).toMatch(
      /^CONFLICT: .*auditor's approval/,
    );
  });

  it('when anyone but an auditor approves, before opening, twice, or without a reason, then refused and nothing changes', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    expect(await ledger.refused(WHO.auditor, 'tender:ApproveCancel', ['T-1', 'collusion suspected'])).toMatch(
      /^TOO_EARLY/,
    );
    ledger.nowMs = OPENING;
    for (const who of [WHO.officer, WHO.eva1, WHO.vendorA, WHO.registrar])
      expect(await ledger.refused(who, 'tender:ApproveCancel', ['T-1', 'x'])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.auditor, 'tender:ApproveCancel', ['T-1', ''])).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.auditor, 'tender:ApproveCancel', ['T-9', 'x'])).toMatch(/^NOT_FOUND/);
    await ledger.ok(WHO.auditor, 'tender:ApproveCancel', ['T-1', 'collusion suspected']);
    expect(await ledger.refused(WHO.auditor, 'tender:ApproveCancel', ['T-1', 'again'])).toMatch(
      /^CONFLICT: cancelling tender T-1 is already approved/,
    );
  });

  it('when the auditor has approved, then the officer cancels and the record names the approver', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    ledger.nowMs = OPENING + DAY;
    const approved = await ledger.call(WHO.auditor, 'tender:ApproveCancel', ['T-1', 'collusion suspected']);
    expect(approved.events.map((e) => e.name)).toEqual(['TenderCancellationApproved']);
    expect(JSON.parse(approved.result ?? '')).toMatchObject({
      status: 'published',
      cancellationApproval: { reason: 'collusion suspected', by: 'audrey', at: iso(OPENING + DAY) },
    });
    const t = await ledger.ok<Tender>(WHO.officer, 'tender:Cancel', ['T-1', 'collusion suspected']);
    expect(t).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'collusion suspected', by: 'olivia', approvedBy: 'audrey' },
    });
  });
});

describe('drafts and committees are visible too early (issue 10 §19)', () => {
  type Listed = Page<Tender & { evaluators?: string[] }>;

  it('when another organisation reads, lists or asks the history of a draft, then it is not found and not listed', async () => {
    const ledger = new Ledger(T0);
    await create(ledger, { id: 'T-DRAFT' });
    await createAndPublish(ledger, tenderInput({ id: 'T-PUB' }));
    for (const reader of [WHO.healthOfficer, WHO.auditor, WHO.vendorA]) {
      expect(await ledger.refused(reader, 'tender:Get', ['T-DRAFT'])).toMatch(
        /^NOT_FOUND: no tender T-DRAFT/,
      );
      expect(await ledger.refused(reader, 'tender:History', ['T-DRAFT'])).toMatch(/^NOT_FOUND/);
      for (const query of [{}, { agency: 'PublicWorksMSP' }, { status: 'draft' }]) {
        const page = await ledger.ok<Listed>(reader, 'tender:List', [canonical(query)]);
        expect(page.items.map((t) => t.id)).not.toContain('T-DRAFT');
      }
    }
    const own = await ledger.ok<Listed>(WHO.eva1, 'tender:List', [canonical({ status: 'draft' })]);
    expect(own.items.map((t) => t.id)).toEqual(['T-DRAFT']);
    expect((await ledger.ok<Tender>(WHO.officer, 'tender:Get', ['T-DRAFT'])).status).toBe('draft');
  });

  it('when a published tender is read, then the committee’s usernames go to its own agency and the auditor only', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    for (const reader of [WHO.officer, WHO.eva2, WHO.auditor]) {
      expect((await ledger.ok<Tender>(reader, 'tender:Get', ['T-1'])).evaluators).toEqual([
        'eva1',
        'eva2',
        'eva3',
      ]);
    }
    for (const reader of [WHO.healthOfficer, WHO.vendorA, WHO.registrar]) {
      const tender = await ledger.ok<Tender & { evaluators?: string[] }>(reader, 'tender:Get', ['T-1']);
      expect([reader.username, tender.evaluators]).toEqual([reader.username, undefined]);
      const page = await ledger.ok<Listed>(reader, 'tender:List', [canonical({})]);
      expect(page.items.map((t) => t.evaluators)).toEqual([undefined]);
      const history = await ledger.ok<{ items: { tender?: Tender & { evaluators?: string[] } }[] }>(
        reader,
        'tender:History',
        ['T-1'],
      );
      expect(history.items.map((v) => [v.tender?.status, v.tender?.evaluators])).toEqual([
        ['published', undefined],
        ['draft', undefined],
      ]);
    }
  });
});

describe('listing and history', () => {
  it('when no tender has the status asked for, then the page is empty (the shim then sends no page metadata)', async () => {
    const ledger = new Ledger(T0);
    expect(
      await ledger.ok<Page<Tender>>(WHO.vendorA, 'tender:List', [canonical({ status: 'evaluation' })]),
    ).toEqual({ items: [] });
  });

  it('when tenders are listed by status and agency, then pages of pageSize come with a bookmark until the last', async () => {
    const ledger = new Ledger(T0);
    for (const id of ['T-1', 'T-2', 'T-3']) await createAndPublish(ledger, tenderInput({ id }));
    await create(ledger, { id: 'T-4' });
    await ledger.ok(WHO.healthOfficer, 'tender:Create', [canonical(tenderInput({ id: 'H-1' }))]);

    const page1 = await ledger.ok<Page<Tender>>(WHO.vendorA, 'tender:List', [
      canonical({ status: 'published', pageSize: 2 }),
    ]);
    expect(page1.items.map((t) => t.id)).toEqual(['T-1', 'T-2']);
    const page2 = await ledger.ok<Page<Tender>>(WHO.vendorA, 'tender:List', [
      canonical({ status: 'published', pageSize: 2, bookmark: page1.bookmark }),
    ]);
    expect(page2.items.map((t) => t.id)).toEqual(['T-3']);
    expect(page2.bookmark).toBeUndefined();

    // Drafts only for their own agency.
    const draftsPw = await ledger.ok<Page<Tender>>(WHO.officer, 'tender:List', [
      canonical({ status: 'draft', agency: 'PublicWorksMSP' }),
    ]);
    expect(draftsPw.items.map((t) => t.id)).toEqual(['T-4']);
    const health = await ledger.ok<Page<Tender>>(WHO.healthOfficer, 'tender:List', [
      canonical({ agency: 'HealthMSP' }),
    ]);
    expect(health.items.map((t) => t.id)).toEqual(['H-1']);
    const all = await ledger.ok<Page<Tender>>(WHO.vendorA, 'tender:List', ['']);
    expect(all.items.map((t) => t.id)).toEqual(['T-1', 'T-2', 'T-3']);
    const exact = await ledger.ok<Page<Tender>>(WHO.vendorA, 'tender:List', [canonical({ pageSize: 5 })]);
    expect(exact.bookmark).toBeUndefined();
    // A crafted bookmark (a raw key, or an encoded key of another record type) never moves the query
    // onto other records: it is refused, and only bookmarks the query issued itself are accepted.
    for (const crafted of [
      '\u0000bid\u0000T-1\u0000',
      Buffer.from('\u0000bid\u0000T-1\u0000').toString('base64url'),
      'not a bookmark!',
    ]) {
      expect(await ledger.refused(WHO.vendorA, 'tender:List', [canonical({ bookmark: crafted })])).toMatch(
        /^INVALID_ARGUMENT/,
      );
    }
    expect(await ledger.refused(WHO.vendorA, 'tender:List', [canonical({ pageSize: 101 })])).toMatch(
      /^INVALID_ARGUMENT/,
    );
  });

  it('when reading history, then every version has its txId, time and submitter MSP', async () => {
    const ledger = new Ledger(T0);
    await createAndPublish(ledger);
    const h = await ledger.ok<{
      items: { txId: string; timestamp: string; mspId: string; isDelete: boolean }[];
    }>(WHO.auditor, 'tender:History', ['T-1']);
    expect(h.items.map((v) => [v.txId, v.timestamp, v.mspId, v.isDelete])).toEqual([
      ['2'.padStart(64, '0'), iso(T0), 'PublicWorksMSP', false],
      ['1'.padStart(64, '0'), iso(T0), 'PublicWorksMSP', false],
    ]);
    expect(await ledger.refused(WHO.auditor, 'tender:History', ['T-9'])).toMatch(/^NOT_FOUND/);
    expect(await ledger.refused(WHO.auditor, 'tender:Get', ['bad id'])).toMatch(/^INVALID_ARGUMENT/);
  });
});

describe('policy and the clock', () => {
  it('when nobody has set the policy, then the defaults apply', async () => {
    const ledger = new Ledger(T0);
    const policy = await ledger.ok<Policy>(WHO.vendorA, 'policy:Get', []);
    expect(policy).toEqual({
      minSubmissionSeconds: { open: 3024000, restricted: 2592000 },
      minRevealSeconds: 86400,
      maxRevealSeconds: 2592000,
      standstillSeconds: 864000,
      amendmentExtensionSeconds: 518400,
      minPriceWeight: 20,
      scoringSeconds: 1209600,
      clockToleranceSeconds: 30,
    });
  });

  it('when an auditor proposes a policy, then nothing changes until a second auditor approves that proposal (issue 10 §13)', async () => {
    const ledger = new Ledger(T0);
    const input = {
      minSubmissionSeconds: { open: 60, restricted: 60 },
      minRevealSeconds: 10,
      maxRevealSeconds: 100,
      standstillSeconds: 10,
      amendmentExtensionSeconds: 5,
      minPriceWeight: 30,
      scoringSeconds: 50,
      clockToleranceSeconds: 30,
    };
    const propose = (over: object) => [
      canonical({ ...input, reason: 'shorter periods for pilots', ...over }),
    ];
    const before = await ledger.ok<Policy>(WHO.vendorA, 'policy:Get', []);
    expect(await ledger.refused(WHO.officer, 'policy:Propose', propose({}))).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.auditor, 'policy:Propose', propose({ minRevealSeconds: -1 }))).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.auditor, 'policy:Propose', propose({ minRevealSeconds: 1.5 }))).toMatch(
      /^INVALID_ARGUMENT/,
    );
    expect(await ledger.refused(WHO.auditor, 'policy:Propose', propose({ reason: '' }))).toMatch(
      /^INVALID_ARGUMENT/,
    );
    const proposed = await ledger.call(WHO.auditor, 'policy:Propose', propose({}));
    const proposal = JSON.parse(proposed.result ?? '') as PolicyProposal;
    expect(proposal).toMatchObject({
      policy: input,
      reason: 'shorter periods for pilots',
      proposedBy: 'audrey',
    });
    expect(proposed.events.map((e) => e.name)).toEqual(['PolicyProposed']);
    // Proposed is not in force.
    expect(await ledger.ok<Policy>(WHO.vendorA, 'policy:Get', [])).toEqual(before);
    expect(await ledger.ok(WHO.vendorA, 'policy:GetProposal', [])).toEqual(proposal);

    // The proposer cannot approve it; nor can anyone but an auditor, nor an approval of another proposal.
    const id = proposal.proposalId;
    expect(await ledger.refused(WHO.auditor, 'policy:Approve', [id, 'fine'])).toMatch(
      /^NOT_AUTHORISED: a policy change must be approved by another auditor/,
    );
    expect(await ledger.refused(WHO.officer, 'policy:Approve', [id, 'fine'])).toMatch(/^NOT_AUTHORISED/);
    expect(await ledger.refused(WHO.auditor2, 'policy:Approve', ['tx999999', 'fine'])).toMatch(/^NOT_FOUND/);
    expect(await ledger.refused(WHO.auditor2, 'policy:Approve', [id, ''])).toMatch(/^INVALID_ARGUMENT/);

    const approved = await ledger.call(WHO.auditor2, 'policy:Approve', [id, 'agreed at board meeting']);
    expect(JSON.parse(approved.result ?? '')).toEqual({
      ...input,
      updatedAt: iso(T0),
      updatedBy: 'augustin',
      proposalId: id,
      reason: 'shorter periods for pilots',
      proposedBy: 'audrey',
      proposedAt: iso(T0),
      approvalReason: 'agreed at board meeting',
    });
    expect(approved.events.map((e) => e.name)).toEqual(['PolicySet']);
    expect(await ledger.ok<Policy>(WHO.vendorA, 'policy:Get', [])).toMatchObject(input);
    // Approved once: the proposal is gone, a second approval finds nothing.
    expect(await ledger.refused(WHO.auditor2, 'policy:Approve', [id, 'again'])).toMatch(/^NOT_FOUND/);
    expect(await ledger.refused(WHO.vendorA, 'policy:GetProposal', [])).toMatch(/^NOT_FOUND/);
  });

  it('when a proposal is replaced before approval, then the approval of the first one is refused', async () => {
    const ledger = new Ledger(T0);
    const rules = await policyRules(ledger);
    const first = await ledger.ok<PolicyProposal>(WHO.auditor, 'policy:Propose', [
      canonical({ ...rules, standstillSeconds: 20 * 86400, reason: 'longer standstill' }),
    ]);
    await ledger.ok(WHO.auditor, 'policy:Propose', [
      canonical({ ...rules, standstillSeconds: 1, reason: 'swapped in after review' }),
    ]);
    expect(await ledger.refused(WHO.auditor2, 'policy:Approve', [first.proposalId, 'reviewed'])).toMatch(
      /^NOT_FOUND/,
    );
  });

  it('when the transaction time is further from the endorser clock than the tolerance, then CLOCK_SKEW and nothing changes', async () => {
    const ledger = new Ledger(T0);
    // Back-dated by more than the policy's 30 s, or forward-dated by more than the 120 s cap.
    ledger.endorserOffsetMs = 30_001;
    expect(await ledger.refused(WHO.officer, 'tender:Create', [canonical(tenderInput())])).toMatch(
      /^CLOCK_SKEW: .*at most 30 s behind/,
    );
    ledger.endorserOffsetMs = -120_001;
    expect(await ledger.refused(WHO.vendorA, 'policy:Get', [])).toMatch(/^CLOCK_SKEW: .*at most 120 s ahead/);
    ledger.endorserOffsetMs = 30_000;
    await create(ledger);
  });
});
