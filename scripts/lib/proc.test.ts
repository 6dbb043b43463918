import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandError, ProcessRegistry, run } from './proc';

describe('the process registry', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'procs-'));
  const procs = new ProcessRegistry(path.join(dir, 'pids'), path.join(dir, 'logs'));

  it('when a process is started, then its pid is recorded, it is seen alive, and stop ends only it', async () => {
    const pid = procs.start({ name: 'sleeper', command: '/bin/sleep', args: ['30'], env: process.env });
    expect(procs.alivePid('sleeper')).toBe(pid);
    expect(procs.names()).toEqual(['sleeper']);
    expect(await procs.stop('sleeper')).toBe(true);
    expect(procs.alivePid('sleeper')).toBeUndefined();
    expect(procs.names()).toEqual([]);
  });

  it('when a recorded pid now belongs to another command, then it is not trusted', () => {
    // Our own pid is alive but runs node, not the recorded command.
    writeFileSync(path.join(dir, 'pids', 'impostor.pid'), `${process.pid}\n/usr/bin/peer\n`);
    expect(procs.alivePid('impostor')).toBeUndefined();
  });

  it('when a process writes output, then its log keeps it and tail shows the last lines', async () => {
    procs.start({ name: 'talker', command: '/bin/sh', args: ['-c', 'echo one; echo two'], env: process.env });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(procs.tail('talker', 1)).toBe('two');
    expect(procs.tail('nobody')).toBe('(no log yet)');
  });

  it('when a command fails, then the error carries its exit code and output', async () => {
    const failing = run('/bin/sh', ['-c', 'echo boom >&2; exit 3']);
    await expect(failing).rejects.toBeInstanceOf(CommandError);
    await expect(failing).rejects.toMatchObject({
      exitCode: 3,
      output: expect.stringContaining('boom') as unknown,
    });
  });
});
