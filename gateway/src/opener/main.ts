/**
 * The opener duty of one organisation, as a process: `node dist/opener/main.js`. It sweeps for tenders
 * past their submission deadline and releases the organisation's key shares. The network scripts run
 * one per organisation (`opener.<Org>`, beside its peer); `npm run open` runs the same duty once.
 *
 * Environment: `OPENER_ORG` (the organisation's MSP ID or name), `CONNECTION_PROFILE`,
 * `OPENER_POLL_MS` (default 2000), `LOG_LEVEL`.
 */
import pino from 'pino';

import { ConfigError, loadConnectionProfile } from '../config';
import { openerFor } from './setup';

async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const profilePath = process.env.CONNECTION_PROFILE;
  if (!profilePath) throw new ConfigError('CONNECTION_PROFILE must name the connection profile');
  const pollMs = Number(process.env.OPENER_POLL_MS ?? '2000');
  if (!Number.isInteger(pollMs) || pollMs < 100 || pollMs > 600_000) {
    throw new ConfigError('OPENER_POLL_MS must be an integer from 100 to 600000');
  }
  const opener = openerFor(loadConnectionProfile(profilePath), process.env.OPENER_ORG ?? '', logger);
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  logger.info({ organisation: opener.organisation, pollMs }, 'opener duty started');
  await opener.duty.watch(pollMs, controller.signal);
  opener.close();
  logger.info({ organisation: opener.organisation }, 'opener duty stopped');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
