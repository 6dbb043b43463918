import { award } from '@procurement/contract/testing';

import { awardsCsv } from './csv';

describe('award history as CSV', () => {
  it('writes a header and one row per award, amounts in integer minor units', () => {
    const csv = awardsCsv([
      award({ tenderId: 'T-1', vendorId: 'ACME', price: { amount: '81234567', currency: 'EUR' } }),
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'tenderId,agency,vendorId,bidId,amountMinorUnits,currency,status,awardedAt,standstillEndsAt,txId',
    );
    expect(row?.split(',').slice(0, 6)).toEqual([
      'T-1',
      expect.any(String),
      'ACME',
      expect.any(String),
      '81234567',
      'EUR',
    ]);
    expect(end).toBe('');
  });

  it('quotes commas and quotes, and never lets a cell start a spreadsheet formula', () => {
    const csv = awardsCsv([award({ tenderId: 'T-2', agency: '=HYPERLINK("x"),1' })]);
    expect(csv).toContain(`"'=HYPERLINK(""x""),1"`);
  });
});
