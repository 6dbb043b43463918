/**
 * The nodes' operations endpoints (/healthz, /metrics, /logspec) and the orderers' admin endpoint
 * (channel participation) require mutual TLS: a client certificate issued by that organisation's CA.
 * The scripts present the organisation admin's certificate, so nobody else can read metrics, change the
 * log level or remove a channel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { onlyFile } from './identities';
import type { NetworkPaths } from './paths';
import type { Organisation } from './topology';
import { httpGet, type HttpResponse } from './wait';

/** PEM files of the organisation admin's client certificate and key, and the organisation's CA. */
export interface OperatorTlsFiles {
  ca: string;
  cert: string;
  key: string;
}

export function operatorTlsFiles(paths: NetworkPaths, org: Organisation): OperatorTlsFiles {
  const msp = path.join(paths.org(org).admin, 'msp');
  return {
    ca: paths.org(org).caCert,
    cert: path.join(msp, 'signcerts', 'cert.pem'),
    key: onlyFile(path.join(msp, 'keystore')),
  };
}

/** GET from one of the organisation's operations endpoints, over mutual TLS. */
export function operationsGet(
  paths: NetworkPaths,
  org: Organisation,
  port: number,
  pathname: string,
): Promise<HttpResponse> {
  const files = operatorTlsFiles(paths, org);
  return httpGet(`https://${org.host}:${port}${pathname}`, {
    ca: readFileSync(files.ca, 'utf8'),
    cert: readFileSync(files.cert, 'utf8'),
    key: readFileSync(files.key, 'utf8'),
  });
}

/** Fabric's operations endpoint answers {"status":"OK"} on /healthz once the node is healthy. */
export async function isHealthy(paths: NetworkPaths, org: Organisation, port: number): Promise<boolean> {
  const res = await operationsGet(paths, org, port, '/healthz');
  return res.status === 200 && res.body.includes('"OK"');
}

/** The node's own TLS key pair serves its operations and admin endpoints; clients need the org's CA. */
export function nodeOperationsEnv(
  prefix: 'CORE_OPERATIONS_TLS' | 'ORDERER_OPERATIONS_TLS' | 'ORDERER_ADMIN_TLS',
  tlsDir: string,
  caCert: string,
): NodeJS.ProcessEnv {
  const cert = path.join(tlsDir, 'server.crt');
  const key = path.join(tlsDir, 'server.key');
  if (prefix === 'CORE_OPERATIONS_TLS') {
    return {
      CORE_OPERATIONS_TLS_ENABLED: 'true',
      CORE_OPERATIONS_TLS_CERT_FILE: cert,
      CORE_OPERATIONS_TLS_KEY_FILE: key,
      CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED: 'true',
      // The peer reads this list from a plain path (no brackets), unlike the orderer.
      CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES: caCert,
    };
  }
  return {
    [`${prefix}_ENABLED`]: 'true',
    [`${prefix}_CERTIFICATE`]: cert,
    [`${prefix}_PRIVATEKEY`]: key,
    [`${prefix}_CLIENTAUTHREQUIRED`]: 'true',
    [`${prefix}_CLIENTROOTCAS`]: `[${caCert}]`,
  };
}

/** osnadmin's flags for the orderer's mutual-TLS admin endpoint, as the organisation admin. */
export function osnadminTlsArgs(paths: NetworkPaths, org: Organisation): string[] {
  const files = operatorTlsFiles(paths, org);
  return ['--ca-file', files.ca, '--client-cert', files.cert, '--client-key', files.key];
}
