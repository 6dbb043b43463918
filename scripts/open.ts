/**
 * `npm run open -- --tender ID [--org NAME]`: the opener duty, once, for one tender: each organisation
 * whose opener this machine holds (or the one named) decrypts its shares of the tender's sealed bids
 * and releases them. The `opener.<Org>` processes do the same on their own after every deadline; this
 * is for an organisation that runs no such process, or to see it happen.
 */
import { loadConnectionProfile } from '../gateway/src/config';
import { isDomainError } from '../gateway/src/domain/errors';
import { openerFor } from '../gateway/src/opener/setup';
import { detail, step } from './lib/log';
import { openNetwork } from './lib/network';

const logger = {
  info: (details: object, message: string) => {
    detail(`${message} ${JSON.stringify(details)}`);
  },
  warn: (details: object, message: string) => {
    detail(`warning: ${message} ${JSON.stringify(details)}`);
  },
};

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

async function main(args: string[]): Promise<void> {
  const tenderId = option(args, '--tender');
  if (!tenderId) throw new Error('usage: npm run open -- --tender ID [--org NAME]');
  const only = option(args, '--org');
  const net = openNetwork();
  const profile = loadConnectionProfile(net.paths.connectionProfile);
  const names = only ? [only] : profile.organisations.filter((o) => o.opener).map((o) => o.mspId);
  for (const name of names) {
    const opener = openerFor(profile, name, logger);
    step(`${opener.organisation}: releasing its key shares of tender ${tenderId}`);
    try {
      const release = await opener.duty.releaseTender(tenderId);
      detail(
        `${release.released} share(s) released, ${release.failed} unusable, ${release.opened} bid(s) opened`,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      detail(`refused: ${error.code}: ${error.message}`);
      process.exitCode = 1;
    } finally {
      opener.close();
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
