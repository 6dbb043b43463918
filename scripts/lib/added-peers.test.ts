import net from 'node:net';
import { assertPortFree } from './added-peers';
import {
  ADDED_PEER_PORT_STEP,
  addedPeerPorts,
  assertPortsUnclaimed,
  loadTopology,
  MAX_ADDED_PEERS,
  portTable,
  type Organisation,
} from './topology';

const shipped = loadTopology(undefined, {});
const health = shipped.organisations.find((o) => o.name === 'Health') as Organisation;

describe("an organisation's added peers: ports", () => {
  it("when Health's second peer is placed, then it listens on the first peer's ports + 10", () => {
    expect(addedPeerPorts(health, 1)).toEqual({ port: 8061, chaincodePort: 8062, operationsPort: 8063 });
    expect(addedPeerPorts(health, 2).port).toBe(8051 + 2 * ADDED_PEER_PORT_STEP);
  });

  it('when any organisation adds its peers, then none of their ports is one the topology gives to anything', () => {
    for (const org of shipped.organisations)
      for (let i = 1; i <= MAX_ADDED_PEERS; i++)
        expect(() => {
          assertPortsUnclaimed(shipped, org.host, `peer${i}.${org.name}`, addedPeerPorts(org, i));
        }).not.toThrow();
  });

  it('when networks run side by side (the suites shift every port by 300, 600 or 900), then no added peer of one lands on a port of another', () => {
    const offsets = [0, 300, 600, 900];
    const networks = offsets.map((o) => loadTopology(undefined, { NETWORK_PORT_OFFSET: String(o) }));
    const taken = new Set(networks.flatMap((t) => portTable(t).map((r) => r.port)));
    for (const t of networks)
      for (const org of t.organisations)
        for (let i = 1; i <= MAX_ADDED_PEERS; i++)
          for (const p of Object.values(addedPeerPorts(org, i)))
            expect({ org: org.name, i, p, taken: taken.has(p) }).toEqual({
              org: org.name,
              i,
              p,
              taken: false,
            });
  });

  it('when an index is out of range, then it is refused', () => {
    expect(() => addedPeerPorts(health, 0)).toThrow(/index must be 1\.\.3/);
    expect(() => addedPeerPorts(health, MAX_ADDED_PEERS + 1)).toThrow(/index must be 1\.\.3/);
  });

  it('when an added port is one the topology gives to another component, then it is refused, naming both', () => {
    expect(() => {
      assertPortsUnclaimed(shipped, health.host, 'peer1.Health', {
        port: 8061,
        chaincodePort: 8062,
        operationsPort: 9051,
      });
    }).toThrow('peer1.Health would listen on 127.0.0.1:9051, which the topology gives to peer.Audit');
  });

  it('when something already listens on the port, then the check says so; once it is gone, the port is free', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(assertPortFree('127.0.0.1', port, 'peer1.Health')).rejects.toThrow(
      `peer1.Health would listen on 127.0.0.1:${port}, but another process already does`,
    );
    await new Promise((resolve) => server.close(resolve));
    await expect(assertPortFree('127.0.0.1', port, 'peer1.Health')).resolves.toBeUndefined();
  });
});
