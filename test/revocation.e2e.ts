/**
 * Revocation that the network enforces: once an identity is revoked at its organisation's CA and the
 * CA's revocation list is published to the channel, no peer endorses for it and no orderer orders for
 * it, so it can change nothing; what it wrote before stays. Through the gateway, a signed-in user's
 * very next request is a 401, without waiting for the token to expire.
 */
import { randomBytes } from 'node:crypto';
import { connectAs } from '../scripts/lib/fabric-client';
import { CaClient } from '../scripts/lib/identities';
import { revokeIdentity } from '../scripts/lib/revocation';
import { type RunningGateway, startGateway } from './support/gateway';
import { evaluateUntil, net, sessionAs, utf8 } from './support/network';
import { distantTenderJson, expectRefusal, loginWith, tenderBody, uniqueId } from './support/procurement';

describe('a revoked identity can no longer act', () => {
  const publicWorks = net.topology.organisations.find((o) => o.name === 'PublicWorks');
  if (!publicWorks) throw new Error('no PublicWorks organisation');
  const username = `revoked-officer-${Date.now().toString(36)}`;
  const signedIn = `revoked-user-${Date.now().toString(36)}`;
  const password = randomBytes(12).toString('base64url');

  beforeAll(async () => {
    const ca = new CaClient(net.topology, net.paths, publicWorks);
    for (const name of [username, signedIn]) {
      await ca.registerAndEnrol(net.paths.org(publicWorks).user(name), {
        name,
        type: 'client',
        attrs: ['role=officer:ecert'],
        secret: password,
      });
    }
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

  describe('through the gateway', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await startGateway();
    });

    afterAll(async () => {
      await gateway.stop();
    });

    it('when a signed-in officer is revoked, then the next request, read or write, is refused as unauthenticated and writes nothing', async () => {
      const { client } = await loginWith(gateway, { mspId: publicWorks.mspId, username: signedIn, password });
      if (!client) throw new Error(`${signedIn} could not log in`);
      expect((await client.get('/api/v1/policy')).status).toBe(200);

      await revokeIdentity(net, publicWorks, signedIn);

      // No token expiry to wait for: the peers check every request's signer against the CRL.
      expectRefusal(await client.get('/api/v1/policy'), 401, 'UNAUTHENTICATED');
      const id = uniqueId('revoked');
      const write = await client.post(
        '/api/v1/tenders',
        tenderBody(id, { submissionInSeconds: 86_400, openingInSeconds: 90_000 }),
      );
      expectRefusal(write, 401, 'UNAUTHENTICATED');
      const reader = sessionAs('pw-officer');
      try {
        await expect(reader.contract.evaluateTransaction('tender:Get', id)).rejects.toThrow(/NOT_FOUND/);
      } finally {
        reader.close();
      }
    });
  });
});
