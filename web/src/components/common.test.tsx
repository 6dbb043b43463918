import { render, screen } from '@testing-library/react';

import { ApiError } from '../api/client';
import { DateTime, ErrorMessage, Field, MoneyText, TableWrap } from './common';

describe('common components', () => {
  it('Field shows the API’s message about its own field, linked to the input', () => {
    const error = new ApiError(400, 'INVALID_ARGUMENT', 'cpv CPV code such as 45233140-2', 'cpv', [
      { field: 'cpv', message: 'CPV code such as 45233140-2' },
      { field: 'title', message: 'must be at least 1 characters' },
    ]);
    render(
      <>
        <Field label="CPV code" name="cpv" error={error}>
          {(p) => <input {...p} />}
        </Field>
        <Field label="Description" name="description" error={error}>
          {(p) => <input {...p} />}
        </Field>
      </>,
    );
    const cpv = screen.getByLabelText('CPV code');
    expect(cpv.getAttribute('aria-invalid')).toBe('true');
    const describedBy = cpv.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('CPV code such as 45233140-2');
    const description = screen.getByLabelText('Description');
    expect(description.getAttribute('aria-invalid')).toBe('false');
    expect(description.getAttribute('aria-describedby')).toBeNull();
  });

  it('Field matches nested fields (estimatedValue.amount belongs to estimatedValue)', () => {
    const error = new ApiError(400, 'INVALID_ARGUMENT', 'x', 'estimatedValue.amount', [
      { field: 'estimatedValue.amount', message: 'integer minor units' },
    ]);
    render(
      <Field label="Estimated value" name="estimatedValue" error={error}>
        {(p) => <input {...p} />}
      </Field>,
    );
    expect(screen.getByText('integer minor units')).toBeTruthy();
  });

  it('ErrorMessage announces the stable code and message; a network failure in plain words', () => {
    const { rerender } = render(
      <ErrorMessage error={new ApiError(409, 'DEADLINE_PASSED', 'the deadline passed')} />,
    );
    expect(screen.getByRole('alert').textContent).toBe('DEADLINE_PASSED: the deadline passed');
    rerender(<ErrorMessage error={new ApiError(0, 'NETWORK', 'network')} />);
    expect(screen.getByRole('alert').textContent).toBe('The gateway cannot be reached.');
    rerender(<ErrorMessage error={undefined} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('DateTime carries the machine-readable instant and the UTC time', () => {
    render(<DateTime value="2026-07-01T10:00:00Z" />);
    const time = document.querySelector('time');
    expect(time?.getAttribute('dateTime')).toBe('2026-07-01T10:00:00Z');
    expect(time?.textContent).toContain('UTC');
    expect(time?.textContent).toContain('10:00:00');
  });

  it('MoneyText shows the currency and exact amount', () => {
    render(<MoneyText value={{ amount: '81234567', currency: 'EUR' }} />);
    expect(screen.getByText(/812,345\.67/).textContent).toContain('EUR');
  });

  it('TableWrap is a named, focusable region (a keyboard user can scroll it)', () => {
    render(
      <TableWrap label="Bids">
        <table />
      </TableWrap>,
    );
    const region = screen.getByRole('region', { name: 'Bids' });
    expect(region.tabIndex).toBe(0);
  });
});
