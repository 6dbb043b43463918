/**
 * Where every file of the running network lives. All state sits under one git-ignored folder
 * (topology.stateDir), never under /var/hyperledger.
 */
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
