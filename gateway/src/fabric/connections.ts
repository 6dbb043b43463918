/**
 * Connections to the peers: one shared gRPC client per organisation's peer (created on first use) and a
 * Gateway connection per call, signed by one identity, with explicit deadlines.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';
import { type Gateway, type Signer, connect, hash, signers } from '@hyperledger/fabric-gateway';

import type { ConnectionProfile, OrganisationProfile } from '../config';
import { DomainError } from '../domain/errors';
import type { Readiness } from '../domain/ledger';

/**
 * A user's enrolled X.509 identity (certificate PEM) and how it signs: a PKCS#8 PEM private key held by the
 * gateway, or a signer whose key never leaves its store (an HSM through PKCS#11).
 */
export type Credentials = { certificate: string } & ({ privateKey: string } | { signer: Signer });

/** The signer for these credentials: ECDSA over a SHA-256 digest, DER encoded with a low S. */
export function signerOf(credentials: Credentials): Signer {
  if ('signer' in credentials) return credentials.signer;
  return signers.newPrivateKeySigner(createPrivateKey(credentials.privateKey));
}

/** Who signs: an organisation's member and where to get its credentials. */
export interface SigningIdentity {
  mspId: string;
  credentials: () => Promise<Credentials>;
}

/** Deadlines in milliseconds for each gateway call. */
export interface Timeouts {
  evaluate: number;
  endorse: number;
  submit: number;
  commitStatus: number;
  /** How long a committed write waits for every organisation's peer to have its block. */
  propagation: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  evaluate: 5_000,
  endorse: 15_000,
  submit: 5_000,
  commitStatus: 60_000,
  propagation: 3_000,
};

/**
 * gRPC channel options: keepalive no more often than the peer's 60 s minimum; reconnection to a peer that
 * went away retried at least every 2 s (grpc-js backs off to 120 s by default, so a peer down for 15 s
 * was only tried again up to 8 s after it was back, and its users got 503s all that time).
 */
const GRPC_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 120_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.keepalive_permit_without_calls': 0,
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 2_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
};

function deadline(ms: number): () => grpc.CallOptions {
  return () => ({ deadline: Date.now() + ms });
}

export class Connections {
  readonly #profile: ConnectionProfile;
  readonly #timeouts: Timeouts;
  readonly #clients = new Map<string, grpc.Client>();

  constructor(profile: ConnectionProfile, timeouts: Timeouts) {
    this.#profile = profile;
    this.#timeouts = timeouts;
  }

  /**
   * A Gateway connection to an organisation's peer (default: the signer's own), signed by `identity`;
   * `withDeadlines` false for long-lived event streams.
   */
  async connect(
    identity: SigningIdentity,
    withDeadlines: boolean,
    peerMspId = identity.mspId,
  ): Promise<Gateway> {
    const client = this.#client(peerMspId);
    const credentials = await identity.credentials();
    const t = this.#timeouts;
    return connect({
      client,
      identity: { mspId: identity.mspId, credentials: Buffer.from(credentials.certificate) },
      signer: signerOf(credentials),
      hash: hash.sha256,
      ...(withDeadlines
        ? {
            evaluateOptions: deadline(t.evaluate),
            endorseOptions: deadline(t.endorse),
            submitOptions: deadline(t.submit),
            commitStatusOptions: deadline(t.commitStatus),
          }
        : {}),
    });
  }

  /** Which peers answer; ready when all do. */
  async readiness(): Promise<Readiness> {
    const peers: Record<string, boolean> = {};
    await Promise.all(
      this.#profile.organisations.map(async (org) => {
        peers[org.mspId] = await this.#reachable(org);
      }),
    );
    return { ready: Object.values(peers).every(Boolean), peers };
  }

  close(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }

  #reachable(org: OrganisationProfile): Promise<boolean> {
    let client: grpc.Client;
    try {
      client = this.#client(org.mspId);
    } catch {
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      client.waitForReady(Date.now() + 2_000, (error) => {
        resolve(error === undefined);
      });
    });
  }

  /** The shared gRPC client for an organisation's peer, created on first use. */
  #client(mspId: string): grpc.Client {
    const existing = this.#clients.get(mspId);
    if (existing) return existing;
    const org = this.#profile.organisations.find((o) => o.mspId === mspId);
    if (!org)
      throw new DomainError({ code: 'NOT_AUTHORISED', message: `organisation ${mspId} is not served here` });
    const root = readFileSync(org.peer.tlsCACertPath);
    const client = new grpc.Client(org.peer.endpoint, grpc.credentials.createSsl(root), {
      ...GRPC_OPTIONS,
      ...(org.peer.hostnameOverride ? { 'grpc.ssl_target_name_override': org.peer.hostnameOverride } : {}),
    });
    this.#clients.set(mspId, client);
    return client;
  }
}
