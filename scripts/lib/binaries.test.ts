import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBinaries, fabricArchive } from './binaries';
import { NetworkPaths } from './paths';
import { loadTopology } from './topology';

const topology = loadTopology(undefined, {});

function tempFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'archive-')), 'fabric.tar.gz');
  writeFileSync(file, content);
  return file;
}

describe('where Fabric is built from', () => {
  it('when FABRIC_SOURCE_ARCHIVE names a file, then that archive is used', () => {
    const file = tempFile('x');
    expect(fabricArchive(topology.fabric, { FABRIC_SOURCE_ARCHIVE: file })).toBe(file);
  });

  it('when FABRIC_SOURCE_ARCHIVE names a missing file, then it says so instead of falling back silently', () => {
    expect(() =>
      fabricArchive(topology.fabric, { FABRIC_SOURCE_ARCHIVE: '/nonexistent/fabric.tgz' }),
    ).toThrow(/FABRIC_SOURCE_ARCHIVE names \/nonexistent\/fabric.tgz, which does not exist/);
  });

  it('when the archive does not match the pinned SHA-256, then the build stops with one clear message', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bin-'));
    const paths = new NetworkPaths({
      ...topology,
      binDir: path.join(dir, 'bin'),
      stateDir: path.join(dir, 'state'),
    });
    const previous = process.env.FABRIC_SOURCE_ARCHIVE;
    process.env.FABRIC_SOURCE_ARCHIVE = tempFile('not the release');
    try {
      await expect(ensureBinaries(topology, paths)).rejects.toThrow(
        new RegExp(
          `has SHA-256 [0-9a-f]{64}, but network/topology.json pins ${topology.fabric.archive.sha256}`,
        ),
      );
    } finally {
      if (previous === undefined) delete process.env.FABRIC_SOURCE_ARCHIVE;
      else process.env.FABRIC_SOURCE_ARCHIVE = previous;
    }
  });
});
