/**
 * Revocation that the network enforces: once an identity is revoked at its organisation's CA and the
 * CA's revocation list is published to the channel, no peer endorses for it and no orderer orders for
 * it, so it can change nothing; what it wrote before stays.
 */
import { randomBytes } from 'node:crypto';
import { connectAs } from '../scripts/lib/fabric-client';
import { CaClient } from '../scripts/lib/identities';
import { revokeIdentity } from '../scripts/lib/revocation';
import { evaluateUntil, net, sessionAs, utf8 } from './support/network';
import { distantTenderJson } from './support/procurement';

describe('a revoked identity can no longer act', () => {
  const publicWorks = net.topology.organisations.find((o) => o.name === 'PublicWorks');
  if (!publicWorks) throw new Error('no PublicWorks organisation');
  const username = `revoked-officer-${Date.now().toString(36)}`;

  beforeAll(async () => {
    await new CaClient(net.topology, net.paths, publicWorks).registerAndEnrol(
      net.paths.org(publicWorks).user(username),
      {
        name: username,
        type: 'client',
        attrs: ['role=officer:ecert'],
        secret: randomBytes(12).toString('base64url'),
      },
    );
  });

  it('when an officer is revoked and the revocation list is published, then its next write is refused and its earlier one stays', async () => {
    const conn = connectAs(net.topology, net.paths, publicWorks, username);
    // Drafts are visible to their own agency only (issue 10 §19): a PublicWorks officer reads them.
    const reader = sessionAs('pw-officer');
    try {
      const contract = conn.gateway.getNetwork(net.topology.channel).getContract(net.topology.chaincode.name);
      const before = `${username}-before`;
      await contract.submitTransaction(
        'tender:Create',
        distantTenderJson(before, { evaluators: ['pw-eval-1'] }),
      );

      // PublicWorks runs an orderer too, so its MSP is defined in both the application and orderer groups.
      await revokeIdentity(net, publicWorks, username);

      const after = `${username}-after`;
      await expect(
        contract.submitTransaction('tender:Create', distantTenderJson(after, { evaluators: ['pw-eval-1'] })),
      ).rejects.toThrow();
      await expect(reader.contract.evaluateTransaction('tender:Get', after)).rejects.toThrow(/NOT_FOUND/);
      const earlier = await evaluateUntil(reader, (r) => typeof r === 'string', 'tender:Get', before);
      expect(JSON.parse(earlier)).toMatchObject({ id: before });
      expect(utf8(await reader.contract.evaluateTransaction('policy:Get')).length).toBeGreaterThan(0);
    } finally {
      conn.close();
      reader.close();
    }
  });
});
