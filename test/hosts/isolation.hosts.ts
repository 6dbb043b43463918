/**
 * One host per organisation (run by `npm run test:hosts`, as root): every process an organisation runs
 * lives in that organisation's own network namespace and listens on its own address, and the
 * organisations reach each other only across the bridge that the scripts created.
 */
import { readlinkSync } from 'node:fs';
import { chaincodeProcess } from '../../scripts/lib/chaincode';
import { net } from '../support/network';

function netnsOf(pid: number): string {
  return readlinkSync(`/proc/${pid}/ns/net`);
}

describe('each organisation on its own host', () => {
  it('when the network runs in hosts mode, then each organisation has its own address on the test bridge', () => {
    const hosts = net.topology.hostsMode;
    expect(hosts).toBeDefined();
    const addresses = net.topology.organisations.map((o) => o.host);
    expect(new Set(addresses).size).toBe(addresses.length);
    for (const org of net.topology.organisations) {
      expect(org.host).toBe(hosts?.organisations[org.name]?.address);
      expect(org.host.startsWith(net.topology.namespaces.subnet.replace(/0\/24$/, ''))).toBe(true);
    }
  });

  it('when the processes are inspected, then each runs in its own organisation’s namespace, apart from the others and from this test', () => {
    const own = netnsOf(process.pid);
    const seen = new Map<string, string>();
    for (const org of net.topology.organisations) {
      const names = [`ca.${org.name}`, `peer.${org.name}`, chaincodeProcess(org)];
      if (org.orderer && !org.orderer.bftOnly) names.push(`orderer.${org.name}`);
      const spaces = names.map((name) => {
        const pid = net.procs.alivePid(name);
        if (pid === undefined) throw new Error(`${name} is not running`);
        return netnsOf(pid);
      });
      expect(new Set(spaces).size).toBe(1);
      const [space] = spaces;
      expect(space).not.toBe(own);
      for (const [other, otherSpace] of seen)
        expect({ org: org.name, other, same: otherSpace === space }).toEqual({
          org: org.name,
          other,
          same: false,
        });
      seen.set(org.name, space ?? '');
    }
  });
});
