/**
 * End-to-end tests run against the real network: bring it up (or reuse a running one, after making
 * sure the current chaincode is deployed) and remember what was there, so teardown leaves it as found.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { down, openNetwork, up } from '../scripts/lib/network';

export const MARKER = 'e2e-found.json';

export default async function globalSetup(): Promise<void> {
  const net = openNetwork();
  const hadState = existsSync(net.paths.state);
  const wasRunning =
    hadState &&
    net.procs.names().length > 0 &&
    net.procs.names().every((n) => n === 'gateway' || net.procs.alivePid(n) !== undefined);
  try {
    await up(net, { hosts: process.env.NETWORK_HOSTS === '1' });
  } catch (error) {
    // Jest skips the teardown when setup fails: stop what this run started before giving up.
    if (!wasRunning) await down(net, { clean: !hadState, keepGateway: true });
    throw error;
  }
  writeFileSync(path.join(net.paths.state, MARKER), JSON.stringify({ hadState, wasRunning }));
}
