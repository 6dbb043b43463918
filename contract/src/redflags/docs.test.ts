import { readFileSync } from 'node:fs';
import path from 'node:path';

import { RED_FLAG_CODES } from './flag';

const doc = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'red-flags.md'), 'utf8');

describe('docs/red-flags.md', () => {
  it.each(RED_FLAG_CODES.map((code) => [code] as const))('documents %s in its own section', (code) => {
    expect(doc).toContain(`## ${code} `);
    expect(doc).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'));
  });
});
