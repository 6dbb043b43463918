import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetworkPaths } from './paths';
import { completedSnapshots, parsePending, readSnapshot, SNAPSHOT_METADATA_FILE } from './snapshot';
import { loadTopology, type Organisation } from './topology';

function writeSnapshot(dir: string, block: number, channel = 'procurement'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, SNAPSHOT_METADATA_FILE),
    JSON.stringify({
      channel_name: channel,
      last_block_number: block,
      last_block_hash: 'ab'.repeat(32),
      previous_block_hash: 'cd'.repeat(32),
      snapshot_files_raw_hashes: {},
      state_db_type: 'SimpleKeyValueDB',
    }),
  );
}

describe('ledger snapshots', () => {
  it('when the peer lists its pending requests, then the block numbers are read, and an empty list means done', () => {
    expect(parsePending('Successfully got pending snapshot requests: []\n')).toEqual([]);
    expect(parsePending('Successfully got pending snapshot requests: [12]\n')).toEqual([12]);
    expect(parsePending('Successfully got pending snapshot requests: [12 40]\n')).toEqual([12, 40]);
    expect(() => parsePending('Error: access denied')).toThrow(/unexpected answer/);
  });

  it("when a snapshot folder is read, then its channel, last block and height come from Fabric's metadata", () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'snap-')), '8');
    writeSnapshot(dir, 8);
    expect(readSnapshot(dir)).toEqual({
      dir,
      channel: 'procurement',
      blockNumber: 8,
      height: 9,
      lastBlockHash: 'ab'.repeat(32),
    });
  });

  it('when a folder is not a completed snapshot, then it is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'snap-'));
    expect(() => readSnapshot(dir)).toThrow(/is not a completed ledger snapshot/);
    writeFileSync(path.join(dir, SNAPSHOT_METADATA_FILE), '{"channel_name": 3}');
    expect(() => readSnapshot(dir)).toThrow(/does not describe a snapshot/);
  });

  it("when a peer has several snapshots, then they are listed oldest first, skipping Fabric's unfinished ones", () => {
    const topology = loadTopology(undefined, {});
    const state = mkdtempSync(path.join(os.tmpdir(), 'snap-state-'));
    const paths = new NetworkPaths({ ...topology, stateDir: state });
    const health = topology.organisations.find((o) => o.name === 'Health') as Organisation;
    expect(completedSnapshots(topology, paths, health)).toEqual([]);
    const completed = path.join(paths.snapshots(health), 'completed', topology.channel);
    writeSnapshot(path.join(completed, '40'), 40);
    writeSnapshot(path.join(completed, '9'), 9);
    mkdirSync(path.join(completed, '41'), { recursive: true }); // no metadata yet
    expect(completedSnapshots(topology, paths, health).map((s) => s.blockNumber)).toEqual([9, 40]);
  });
});
