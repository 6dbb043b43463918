/**
 * The connection profile the gateway reads (<state>/connection.json): for each organisation, its peer
 * endpoint and TLS root, its CA with the registrar identity that onboards users, and its opener (the
 * identity and the opening key folder its opener duty uses).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { READER_USERNAME, caName, caUrl, loadDemoUsers, onlyFile, readerOrg } from './identities';
import { openerFiles } from './openers';
import type { NetworkPaths } from './paths';
import type { Topology } from './topology';

/** The gateway's read-only identity (block listener, public read model), when it has been issued. */
function readerOf(
  topology: Topology,
  paths: NetworkPaths,
): { mspId: string; certPath: string; keyPath: string } | undefined {
  const org = readerOrg(topology);
  if (!org) return undefined;
  const msp = path.join(paths.org(org).user(READER_USERNAME), 'msp');
  const certPath = path.join(msp, 'signcerts', 'cert.pem');
  if (!existsSync(certPath)) return undefined;
  return { mspId: org.mspId, certPath, keyPath: onlyFile(path.join(msp, 'keystore')) };
}

/**
 * The demo users this network has registered (their enrolment folders exist): the gateway refuses to
 * serve other hosts while there are any, since their passwords are published.
 */
function demoUsersOf(topology: Topology, paths: NetworkPaths): { mspId: string; username: string }[] {
  return loadDemoUsers()
    .filter((u) => {
      const org = topology.organisations.find((o) => o.mspId === u.mspId);
      return org !== undefined && existsSync(paths.org(org).user(u.username));
    })
    .map((u) => ({ mspId: u.mspId, username: u.username }));
}

export function writeConnectionProfile(topology: Topology, paths: NetworkPaths): void {
  const profile = {
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    organisations: topology.organisations.map((org) => {
      const p = paths.org(org);
      const registrarMsp = path.join(p.caAdmin, 'msp');
      return {
        name: org.name,
        mspId: org.mspId,
        peer: { endpoint: `${org.host}:${org.peer.port}`, tlsCACertPath: p.caCert },
        ca: {
          url: caUrl(topology, org),
          caName: caName(org),
          tlsCACertPath: p.caCert,
          registrar: {
            mspDir: registrarMsp,
            certPath: path.join(registrarMsp, 'signcerts', 'cert.pem'),
            keyPath: onlyFile(path.join(registrarMsp, 'keystore')),
          },
        },
        opener: openerFiles(paths, org),
      };
    }),
    caClient: paths.binary('fabric-ca-client'),
    reader: readerOf(topology, paths),
    demoUsers: demoUsersOf(topology, paths),
  };
  writeFileSync(paths.connectionProfile, JSON.stringify(profile, null, 2));
}
