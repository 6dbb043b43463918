/**
 * The gateway's development TLS certificate: a server certificate for the gateway's host (and localhost)
 * issued by the first organisation's CA, in `<state>/gateway-tls/tls/` (server.crt, server.key, ca.crt).
 * Clients trust it through that CA's root (ca.crt), as they trust the peers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaClient } from './identities';
import { detail } from './log';
import type { Network } from './network';

/** The CA identity the certificate is issued to: a client with no role, so it can never log in. */
export const GATEWAY_TLS_IDENTITY = 'gateway-tls';

export interface GatewayTlsFiles {
  certFile: string;
  keyFile: string;
  /** The issuing CA's root, for clients. */
  caFile: string;
}

export function gatewayTlsFiles(net: Network): GatewayTlsFiles {
  const dir = path.join(net.paths.state, 'gateway-tls', 'tls');
  return {
    certFile: path.join(dir, 'server.crt'),
    keyFile: path.join(dir, 'server.key'),
    caFile: path.join(dir, 'ca.crt'),
  };
}

/** Issues the development certificate once (the network must be up); returns its files. */
export async function ensureGatewayDevCertificate(net: Network): Promise<GatewayTlsFiles> {
  const files = gatewayTlsFiles(net);
  if (existsSync(files.certFile) && existsSync(files.keyFile)) return files;
  const [org] = net.topology.organisations;
  if (!org) throw new Error('the topology has no organisation to issue the gateway certificate');
  const hosts = [...new Set([net.topology.host, '127.0.0.1', 'localhost'])];
  await new CaClient(net.topology, net.paths, org).registerAndEnrolTls(
    path.join(net.paths.state, 'gateway-tls'),
    { name: GATEWAY_TLS_IDENTITY, type: 'client' },
    hosts,
  );
  detail(`gateway: development TLS certificate for ${hosts.join(', ')} issued by ${org.name}'s CA`);
  return files;
}
