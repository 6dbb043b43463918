/** Leaves the network as the tests found it: stops what they started, wipes what they created. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { peerHeight } from '../scripts/lib/channel';
import { down, openNetwork } from '../scripts/lib/network';
import { MARKER } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const net = openNetwork();
  const markerFile = path.join(net.paths.state, MARKER);
  if (!existsSync(markerFile)) return;
  const found = JSON.parse(readFileSync(markerFile, 'utf8')) as { hadState: boolean; wasRunning: boolean };
  rmSync(markerFile, { force: true });
  const [org] = net.topology.organisations;
  if (org)
    console.log(
      `\nchain height of '${net.topology.channel}' after the tests: ${String(await peerHeight(net.topology, net.paths, org))}`,
    );
  if (found.wasRunning) return;
  await down(net, { clean: !found.hadState });
}
