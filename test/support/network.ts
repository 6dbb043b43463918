/**
 * Test access to the real network: connections as demo users (enrolled by the network scripts) and
 * decoding of committed blocks.
 */
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { Contract, Network as FabricNetwork } from '@hyperledger/fabric-gateway';
import { connectAs, type UserConnection } from '../../scripts/lib/fabric-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CaClient, loadDemoUsers, type DemoUser } from '../../scripts/lib/identities';
import { openNetwork } from '../../scripts/lib/network';
import { OPENER_USER } from '../../scripts/lib/openers';

export const net = openNetwork();

export function demoUser(username: string): DemoUser {
  const user = loadDemoUsers().find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
}

export interface Session extends UserConnection {
  network: FabricNetwork;
  contract: Contract;
}

/** A Fabric Gateway session signed by a demo user, through that user's organisation's peer. */
export function sessionAs(username: string): Session {
  const user = demoUser(username);
  const org = net.topology.organisations.find((o) => o.mspId === user.mspId);
  if (!org) throw new Error(`no organisation ${user.mspId}`);
  const conn = connectAs(net.topology, net.paths, org, username);
  const network = conn.gateway.getNetwork(net.topology.channel);
  return { ...conn, network, contract: network.getContract(net.topology.chaincode.name) };
}

/**
 * Enrols straight at the Suppliers CA with fabric-ca-client, as anyone who knows a secret could (the
 * registrar included), into a throw-away folder; rejects when the CA refuses.
 */
export async function enrolAtSuppliersCa(username: string, secret: string): Promise<void> {
  const org = net.topology.organisations.find((o) => o.kind === 'suppliers');
  if (!org) throw new Error('no suppliers organisation');
  const dir = mkdtempSync(path.join(tmpdir(), 'enrol-'));
  try {
    await new CaClient(net.topology, net.paths, org).enrol(dir, username, secret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Fabric Gateway session signed by an organisation's opener (role `opener`), through its own peer. */
export function openerSession(orgName: string): Session {
  const org = net.topology.organisations.find((o) => o.name === orgName || o.mspId === orgName);
  if (!org) throw new Error(`no organisation ${orgName}`);
  const conn = connectAs(net.topology, net.paths, org, OPENER_USER);
  const network = conn.gateway.getNetwork(net.topology.channel);
  return { ...conn, network, contract: network.getContract(net.topology.chaincode.name) };
}

/** The endorsers (MSP ID and certificate) of the given transaction, read from its block. */
export async function endorsementsOf(
  network: FabricNetwork,
  txId: string,
): Promise<{ mspId: string; certificate: Uint8Array }[]> {
  const qscc = network.getContract('qscc');
  const blockBytes = await qscc.evaluateTransaction('GetBlockByTxID', net.topology.channel, txId);
  const block = common.Block.deserializeBinary(blockBytes);
  for (const envelopeBytes of block.getData()?.getDataList_asU8() ?? []) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    const header = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    if (header.getTxId() !== txId) continue;
    return peer.Transaction.deserializeBinary(payload.getData_asU8())
      .getActionsList()
      .flatMap((action) =>
        (
          peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8())
            .getAction()
            ?.getEndorsementsList() ?? []
        ).map((e) => {
          const id = msp.SerializedIdentity.deserializeBinary(e.getEndorser_asU8());
          return { mspId: id.getMspid(), certificate: id.getIdBytes_asU8() };
        }),
      );
  }
  throw new Error(`transaction ${txId} not found in its block`);
}

/** MSP IDs of the organisations whose peers endorsed the given transaction, read from its block. */
export async function endorsersOf(network: FabricNetwork, txId: string): Promise<string[]> {
  return (await endorsementsOf(network, txId)).map((e) => e.mspId);
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Evaluates through a session's own peer until `accept` holds, for reads that follow a write made
 * through another organisation's peer (which may be a block ahead for a few milliseconds).
 */
export async function evaluateUntil(
  session: Session,
  accept: (text: string | Error) => boolean,
  fn: string,
  ...args: string[]
): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let outcome: string | Error;
    try {
      outcome = utf8(await session.contract.evaluateTransaction(fn, ...args));
    } catch (error) {
      outcome = error instanceof Error ? error : new Error(String(error));
    }
    if (accept(outcome) || Date.now() > deadline) {
      if (outcome instanceof Error) throw outcome;
      return outcome;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The MSP ID and certificate (PEM) of the client that signed the given transaction, read from its block. */
export async function creatorOf(
  network: FabricNetwork,
  txId: string,
): Promise<{ mspId: string; certificate: string }> {
  const qscc = network.getContract('qscc');
  const blockBytes = await qscc.evaluateTransaction('GetBlockByTxID', net.topology.channel, txId);
  const block = common.Block.deserializeBinary(blockBytes);
  for (const envelopeBytes of block.getData()?.getDataList_asU8() ?? []) {
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8(),
    );
    const header = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    if (header.getTxId() !== txId) continue;
    const signature = common.SignatureHeader.deserializeBinary(
      payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
    );
    const id = msp.SerializedIdentity.deserializeBinary(signature.getCreator_asU8());
    return { mspId: id.getMspid(), certificate: utf8(id.getIdBytes_asU8()) };
  }
  throw new Error(`transaction ${txId} not found in its block`);
}
