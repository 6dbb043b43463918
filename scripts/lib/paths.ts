/**
 * Where every file of the running network lives. All state sits under one git-ignored folder
 * (topology.stateDir), never under /var/hyperledger.
 */
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type Organisation, type Topology } from './topology';

export class NetworkPaths {
  readonly bin: string;
  readonly state: string;
  readonly config: string;
  readonly logs: string;
  readonly pids: string;
  readonly channelBlock: string;
  readonly chaincode: string;
  readonly connectionProfile: string;
  readonly builders: string;
  readonly sampleConfig: string;

  constructor(topology: Topology) {
    this.bin = path.resolve(ROOT, topology.binDir);
    this.state = path.resolve(ROOT, topology.stateDir);
    this.config = path.join(this.state, 'config');
    this.logs = path.join(this.state, 'logs');
    this.pids = path.join(this.state, 'pids');
    this.channelBlock = path.join(this.state, 'channel', `${topology.channel}.block`);
    this.chaincode = path.join(this.state, 'chaincode');
    this.connectionProfile = path.join(this.state, 'connection.json');
    this.builders = path.join(ROOT, 'network', 'builders');
    this.sampleConfig = path.join(this.bin, 'sampleconfig');
  }

  binary(command: string): string {
    return path.join(this.bin, command);
  }

  org(org: Organisation): OrgPaths {
    const base = path.join(this.state, 'orgs', org.name);
    return {
      base,
      caHome: path.join(base, 'ca'),
      caCert: path.join(base, 'ca', 'ca-cert.pem'),
      caAdminPassword: path.join(base, 'ca', 'bootstrap-admin.secret'),
      caClientHome: path.join(base, 'ca-client'),
      msp: path.join(base, 'msp'),
      user: (username: string) => path.join(base, 'users', username),
      admin: path.join(base, 'users', 'admin'),
      caAdmin: path.join(base, 'users', 'ca-admin'),
      peer: path.join(base, 'peer'),
      peerData: path.join(this.state, 'data', `peer.${org.name}`),
      orderer: path.join(base, 'orderer'),
      ordererData: path.join(this.state, 'data', `orderer.${org.name}`),
    };
  }

  /**
   * An organisation's added peer number `index` (1 = its second peer): its identity and TLS under the
   * organisation's folder (`orgs/<Org>/peer<index>`), its ledger in its own data folder
   * (`data/peer<index>.<Org>`), so a backup of the organisation carries it too.
   */
  addedPeer(org: Organisation, index: number): AddedPeerPaths {
    const base = path.join(this.state, 'orgs', org.name);
    return {
      node: path.join(base, `peer${index}`),
      data: path.join(this.state, 'data', `peer${index}.${org.name}`),
    };
  }

  /** The record of an organisation's added peers (`network:add-peer`), kept with its other state. */
  addedPeersFile(org: Organisation): string {
    return path.join(this.state, 'orgs', org.name, 'added-peers.json');
  }

  /** An organisation's chaincode packages and the package id its server runs. */
  orgChaincode(org: Organisation): string {
    return path.join(this.chaincode, org.name);
  }

  /** Where ledger snapshots of an organisation's first peer are written (CORE_LEDGER_SNAPSHOTS_ROOTDIR). */
  snapshots(org: Organisation): string {
    return path.join(this.org(org).peerData, 'snapshots');
  }
}

export interface AddedPeerPaths {
  /** `msp/` and `tls/` (server.crt, server.key, ca.crt), as for the first peer. */
  node: string;
  data: string;
}

export interface OrgPaths {
  base: string;
  caHome: string;
  caCert: string;
  caAdminPassword: string;
  caClientHome: string;
  /** The organisation's MSP as the channel configuration sees it (CA roots + NodeOU config). */
  msp: string;
  /** A user's folder: `msp/` for its signing identity. */
  user: (username: string) => string;
  admin: string;
  caAdmin: string;
  /** Node folders hold `msp/` and `tls/` (server.crt, server.key, ca.crt). */
  peer: string;
  peerData: string;
  orderer: string;
  ordererData: string;
}

/**
 * Makes the state folder private to its owner: every folder 0700, every file 0600. It holds private
 * keys, enrolment secrets and the CA's bootstrap credentials; Fabric and Fabric CA create some of these
 * files world-readable, so this runs after every `network:up`. Symbolic links are left alone.
 */
export function privatiseState(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) privatiseState(full);
    else if (entry.isFile()) chmodSync(full, 0o600);
  }
}
