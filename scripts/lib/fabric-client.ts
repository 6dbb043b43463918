/**
 * A Fabric Gateway connection for the scripts and the end-to-end tests, signed by a user enrolled by
 * the network scripts (its msp/ folder under the state folder), through its own organisation's peer.
 */
import * as grpc from '@grpc/grpc-js';
import { connect, type Gateway, hash, signers } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { onlyFile } from './identities';
import type { NetworkPaths } from './paths';
import type { Organisation, Topology } from './topology';

export interface UserConnection {
  gateway: Gateway;
  client: grpc.Client;
  close: () => void;
}

export function peerClient(topology: Topology, paths: NetworkPaths, org: Organisation): grpc.Client {
  const tlsRoot = readFileSync(paths.org(org).caCert);
  return new grpc.Client(`${org.host}:${org.peer.port}`, grpc.credentials.createSsl(tlsRoot), {
    // Certificates name localhost as well as 127.0.0.1; naming a host avoids Node's IP-as-SNI warning.
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.keepalive_time_ms': 120_000,
    'grpc.keepalive_timeout_ms': 20_000,
  });
}

/** Connects as `username` of `org` (a folder under users/, e.g. a demo user or `admin`). */
export function connectAs(
  topology: Topology,
  paths: NetworkPaths,
  org: Organisation,
  username: string,
): UserConnection {
  return connectWithClient(
    peerClient(topology, paths, org),
    org.mspId,
    path.join(paths.org(org).user(username), 'msp'),
  );
}

/** A Fabric Gateway over `client`, signed by the identity in the msp/ folder `mspDir`, with deadlines. */
export function connectWithClient(client: grpc.Client, mspId: string, mspDir: string): UserConnection {
  const credentials = readFileSync(path.join(mspDir, 'signcerts', 'cert.pem'));
  const key = createPrivateKey(readFileSync(onlyFile(path.join(mspDir, 'keystore'))));
  const gateway = connect({
    client,
    identity: { mspId, credentials },
    signer: signers.newPrivateKeySigner(key),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return {
    gateway,
    client,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
