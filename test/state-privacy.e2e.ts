/**
 * The network's state is private to its owner: private keys, enrolment secrets and the CAs' bootstrap
 * credentials cannot be read by another local user, and no secret is ever on a process's command line
 * (which every local user can read through /proc).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadDemoUsers } from '../scripts/lib/identities';
import { net } from './support/network';

/** Every entry under a folder whose mode lets the group or others in. */
function openToOthers(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if ((statSync(full).mode & 0o077) !== 0) out.push(path.relative(net.paths.state, full));
    if (entry.isDirectory()) openToOthers(full, out);
  }
  return out;
}

/** The secrets the scripts generated for this network: CA bootstrap admins, nodes, admins. */
function generatedSecrets(): string[] {
  return net.topology.organisations.flatMap((org) => {
    const p = net.paths.org(org);
    const nodeSecrets = Object.values(
      JSON.parse(readFileSync(path.join(p.base, 'secrets.json'), 'utf8')) as Record<string, string>,
    );
    return [readFileSync(p.caAdminPassword, 'utf8').trim(), ...nodeSecrets];
  });
}

describe('the network’s state is private', () => {
  it('when the network is up, then the state folder is 0700 and nothing under the organisations’ folders is open to others', () => {
    expect(statSync(net.paths.state).mode & 0o777).toBe(0o700);
    for (const org of net.topology.organisations) {
      expect({ org: org.name, open: openToOthers(net.paths.org(org).base) }).toEqual({
        org: org.name,
        open: [],
      });
    }
    expect(openToOthers(path.join(net.paths.state, 'config'))).toEqual([]);
    expect(openToOthers(net.paths.chaincode)).toEqual([]);
  });

  it('when every recorded process’s command line is read, then none carries a secret', () => {
    const secrets = [...generatedSecrets(), ...loadDemoUsers().map((u) => u.password)];
    expect(secrets.length).toBeGreaterThan(10);
    for (const name of net.procs.names()) {
      const pid = net.procs.alivePid(name);
      if (pid === undefined) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const leaked = secrets.filter((secret) => cmdline.includes(secret));
      expect({ process: name, leaked }).toEqual({ process: name, leaked: [] });
    }
  });
});
