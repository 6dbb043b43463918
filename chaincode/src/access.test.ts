import {
  ACCESS,
  type Action,
  type Actor,
  isAllowed,
  principalOf,
  requireAllowed,
  requireCommitteeMember,
  requireOwningAgency,
  requireWriterFor,
  usernameOf,
  vendorIdOf,
} from './access';

const MSPS = ['PublicWorksMSP', 'HealthMSP', 'AuditMSP', 'SuppliersMSP'] as const;
const ROLES = [
  'officer',
  'evaluator',
  'auditor',
  'registrar',
  'vendor',
  'opener',
  'reader',
  undefined,
] as const;

/** Who each action is for, written out independently of the implementation's table. */
const EXPECTED: Record<Action, (msp: string, role: string | undefined) => boolean> = {
  'policy:Propose': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'policy:Approve': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'tender:Create': (m, r) => isAgency(m) && r === 'officer',
  'tender:Publish': (m, r) => isAgency(m) && r === 'officer',
  'tender:Amend': (m, r) => isAgency(m) && r === 'officer',
  'tender:Cancel': (m, r) => isAgency(m) && r === 'officer',
  'openingKey:Register': (_m, r) => r === 'opener',
  'tender:ApproveCancel': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'bid:Seal': (m, r) => m === 'SuppliersMSP' && r === 'vendor',
  'bid:Withdraw': (m, r) => m === 'SuppliersMSP' && r === 'vendor',
  'bid:ReleaseShares': (_m, r) => r === 'opener',
  'bid:Open': (m, r) => r === 'opener' || (isAgency(m) && r === 'officer'),
  'bid:Envelopes': (_m, r) => r === 'opener',
  'evaluation:Submit': (m, r) => isAgency(m) && r === 'evaluator',
  'award:Make': (m, r) => isAgency(m) && r === 'officer',
  'award:LodgeChallenge': (m, r) => m === 'SuppliersMSP' && r === 'vendor',
  'award:DecideChallenge': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'award:RecordContract': (m, r) => isAgency(m) && r === 'officer',
  'vendor:Register': (m, r) => m === 'SuppliersMSP' && r === 'registrar',
  'vendor:ApproveUser': (m, r) => m === 'SuppliersMSP' && r === 'vendor',
  'vendor:Debar': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'vendor:Reinstate': (m, r) => m === 'AuditMSP' && r === 'auditor',
  'redflag:Review': (m, r) => m === 'AuditMSP' && r === 'auditor',
};
function isAgency(msp: string): boolean {
  return msp !== 'AuditMSP' && msp !== 'SuppliersMSP';
}

const rows = (Object.keys(EXPECTED) as Action[]).flatMap((action) =>
  MSPS.flatMap((mspId) =>
    ROLES.map((role) => ({ action, mspId, role, allowed: EXPECTED[action](mspId, role) })),
  ),
);

describe('the access table', () => {
  it('covers every restricted action', () => {
    expect(Object.keys(ACCESS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(rows)(
    'when a $role in $mspId attempts $action, then allowed is $allowed',
    ({ action, mspId, role, allowed }) => {
      const actor: Actor = { mspId, role, vendorId: role === 'vendor' ? 'V-1' : undefined, username: 'u' };
      expect(isAllowed(actor, action)).toBe(allowed);
      if (allowed)
        expect(() => {
          requireAllowed(actor, action);
        }).not.toThrow();
      else
        expect(() => {
          requireAllowed(actor, action);
        }).toThrow(/^NOT_AUTHORISED/);
    },
  );

  it.each(MSPS)('when a reader in %s asks for a write, then it is refused; a query passes', (mspId) => {
    const reader: Actor = { mspId, role: 'reader', vendorId: undefined, username: 'public-reader' };
    expect(principalOf(reader)).toBe('reader');
    expect(() => {
      requireWriterFor(reader, true);
    }).toThrow(/^NOT_AUTHORISED: a reader/);
    expect(() => {
      requireWriterFor(reader, false);
    }).not.toThrow();
    const officer: Actor = { mspId, role: 'officer', vendorId: undefined, username: 'o' };
    expect(() => {
      requireWriterFor(officer, true);
    }).not.toThrow();
  });

  it('when a vendor certificate lacks a valid vendorId, then it is no vendor at all', () => {
    expect(
      principalOf({ mspId: 'SuppliersMSP', role: 'vendor', vendorId: undefined, username: 'v' }),
    ).toBeUndefined();
    expect(
      principalOf({ mspId: 'SuppliersMSP', role: 'vendor', vendorId: 'bad id', username: 'v' }),
    ).toBeUndefined();
    expect(() =>
      vendorIdOf({ mspId: 'SuppliersMSP', role: 'vendor', vendorId: undefined, username: 'v' }),
    ).toThrow(/^NOT_AUTHORISED/);
    expect(usernameOf({ mspId: 'X', role: undefined, vendorId: undefined, username: undefined })).toBe('');
  });

  it('when an officer of another agency acts on a tender, then NOT_AUTHORISED', () => {
    expect(() => {
      requireOwningAgency(
        { mspId: 'HealthMSP', role: 'officer', vendorId: undefined, username: 'h' },
        'PublicWorksMSP',
      );
    }).toThrow(/^NOT_AUTHORISED/);
  });

  it('when an evaluator is of another agency, not on the committee or has no username, then NOT_AUTHORISED', () => {
    const committee = ['eva1'];
    expect(
      requireCommitteeMember(
        { mspId: 'PW', role: 'evaluator', vendorId: undefined, username: 'eva1' },
        'PW',
        committee,
      ),
    ).toBe('eva1');
    expect(() =>
      requireCommitteeMember(
        { mspId: 'H', role: 'evaluator', vendorId: undefined, username: 'eva1' },
        'PW',
        committee,
      ),
    ).toThrow(/^NOT_AUTHORISED/);
    expect(() =>
      requireCommitteeMember(
        { mspId: 'PW', role: 'evaluator', vendorId: undefined, username: 'eva2' },
        'PW',
        committee,
      ),
    ).toThrow(/^NOT_AUTHORISED/);
    expect(() =>
      requireCommitteeMember(
        { mspId: 'PW', role: 'evaluator', vendorId: undefined, username: undefined },
        'PW',
        committee,
      ),
    ).toThrow(/^NOT_AUTHORISED/);
  });
});
