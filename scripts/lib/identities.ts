/**
 * Each organisation's Fabric CA and every identity it issues: the org admin, the peer and orderer
 * (signing and TLS certificates), and the demo users with their `role` and `vendorId` attributes.
 * Idempotent: secrets are kept in the state folder so a half-finished run can be resumed.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detail } from './log';
import { type NetworkPaths, type OrgPaths, privatiseState } from './paths';
import { CommandError, type ProcessRegistry, run } from './proc';
import { OVERSIGHT_MSP, REGISTRAR_ATTRIBUTES, type Role } from '@procurement/contract';
import { namespaceOf, ROOT, type Organisation, type Topology } from './topology';
import { httpGet, waitFor } from './wait';

export interface DemoUser {
  org: string;
  mspId: string;
  username: string;
  password: string;
  role: Exclude<Role, 'reader'>;
  vendorId?: string;
  legalName?: string;
}

export function loadDemoUsers(file = path.join(ROOT, 'network', 'demo-users.json')): DemoUser[] {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoUser[];
}

export function caName(org: Organisation): string {
  return `ca-${org.name.toLowerCase()}`;
}

export function caUrl(topology: Topology, org: Organisation): string {
  return `https://${org.host}:${org.ca.port}`;
}

/** Starts the organisation's CA unless it is running, and waits until it serves its CA info. */
export async function ensureCa(
  topology: Topology,
  paths: NetworkPaths,
  procs: ProcessRegistry,
  org: Organisation,
) {
  const p = paths.org(org);
  const name = `ca.${org.name}`;
  if (procs.alivePid(name) === undefined) {
    mkdirSync(p.caHome, { recursive: true });
    if (!existsSync(p.caAdminPassword)) {
      writeFileSync(p.caAdminPassword, randomBytes(18).toString('base64url'), { mode: 0o600 });
    }
    const adminPassword = readFileSync(p.caAdminPassword, 'utf8').trim();
    procs.start({
      name,
      command: paths.binary('fabric-ca-server'),
      args: [
        'start',
        '--home',
        p.caHome,
        '--address',
        org.host,
        '--port',
        String(org.ca.port),
        '--ca.name',
        caName(org),
        '--csr.cn',
        `ca.${org.name.toLowerCase()}`,
        '--csr.hosts',
        `${org.host},localhost`,
        '--tls.enabled',
        // A registrar may remove an identity it registered: the gateway undoes a failed onboarding so that
        // no CA user is left behind (removal also revokes the identity's certificates).
        '--cfg.identities.allowremove',
      ],
      namespace: namespaceOf(topology, org),
      env: {
        ...process.env,
        // The bootstrap admin's secret goes through the environment (private to the owner), never the
        // command line (which every local user can read).
        FABRIC_CA_SERVER_BOOT: `admin:${adminPassword}`,
        // The CA's operations endpoint has no client authentication of its own: it listens on the
        // loopback of the organisation's own host only, never on the address other hosts reach.
        FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${org.ca.operationsPort}`,
      },
    });
  }
  await waitFor(
    `${name} to serve /cainfo`,
    async () => {
      if (!existsSync(p.caCert)) return false;
      const res = await httpGet(`${caUrl(topology, org)}/cainfo?ca=${caName(org)}`, {
        ca: readFileSync(p.caCert, 'utf8'),
      });
      return res.status === 200;
    },
    { timeoutMs: 60_000, diagnose: () => procs.tail(name) },
  );
}

/** Everything the organisation's nodes and users need, issued by its CA (skipped when already there). */
export async function ensureOrgCrypto(
  topology: Topology,
  paths: NetworkPaths,
  org: Organisation,
  users: DemoUser[],
) {
  const p = paths.org(org);
  const done = path.join(p.base, '.crypto-complete');
  const ca = new CaClient(topology, paths, org);
  // A demo user added to network/demo-users.json after the first `up` is registered on the next one.
  if (existsSync(done)) {
    await ensureDemoUsers(ca, p, org, users);
    return;
  }
  await ca.enrol(p.caAdmin, 'admin', readFileSync(p.caAdminPassword, 'utf8').trim());

  await ca.registerAndEnrol(p.admin, { name: `${org.name.toLowerCase()}-admin`, type: 'admin' });
  await ca.registerAndEnrol(p.peer, { name: `peer0.${org.name.toLowerCase()}`, type: 'peer' }, true);
  if (org.orderer) {
    await ca.registerAndEnrol(
      p.orderer,
      { name: `orderer0.${org.name.toLowerCase()}`, type: 'orderer' },
      true,
    );
  }
  await ensureDemoUsers(ca, p, org, users);
  writeOrgMsp(p);
  writeFileSync(done, new Date().toISOString());
  detail(`${org.name}: identities issued by ${caName(org)}`);
}

/** Registers and enrols the organisation's demo users that have no enrolment yet. */
async function ensureDemoUsers(
  ca: CaClient,
  p: OrgPaths,
  org: Organisation,
  users: DemoUser[],
): Promise<void> {
  const own = users.filter((u) => u.mspId === org.mspId);
  for (const user of own.filter((u) => !existsSync(p.user(u.username)))) {
    const attrs = [`role=${user.role}:ecert`];
    if (user.vendorId) attrs.push(`vendorId=${user.vendorId}:ecert`);
    // The registrar onboards vendors at this CA, so it may register clients carrying these attributes.
    if (user.role === 'registrar') attrs.push('hf.Registrar.Roles=client', registrarAttributes());
    await ca.registerAndEnrol(p.user(user.username), {
      name: user.username,
      type: 'client',
      attrs,
      secret: user.password,
    });
  }
  // A registrar registered by an earlier version lacks the attributes added since (the CA refuses to let
  // it register them): bring its list up to date, every run (one CA request, unchanged when current).
  for (const registrar of own.filter((u) => u.role === 'registrar'))
    await ca.modifyAttributes(registrar.username, [registrarAttributes()]);
}

/** The registrar's `hf.Registrar.Attributes`, quoted for fabric-ca-client (the value holds commas). */
function registrarAttributes(): string {
  return `"hf.Registrar.Attributes=${REGISTRAR_ATTRIBUTES.join(',')}"`;
}

/** Enrolment id of the gateway's read-only identity (role=reader) at the oversight body's CA. */
export const READER_USERNAME = 'gateway-reader';

/** The organisation that issues the gateway's reader identity: the oversight body. */
export function readerOrg(topology: Topology): Organisation | undefined {
  return topology.organisations.find((o) => o.mspId === OVERSIGHT_MSP);
}

/**
 * The gateway's dedicated read-only identity (`role=reader`; the chaincode refuses it every write),
 * issued once by the oversight body's CA. It has no password anybody knows: it never logs in.
 */
export async function ensureReaderIdentity(topology: Topology, paths: NetworkPaths): Promise<void> {
  const org = readerOrg(topology);
  if (!org) return;
  const dir = paths.org(org).user(READER_USERNAME);
  if (existsSync(path.join(dir, 'msp', 'signcerts', 'cert.pem'))) return;
  const ca = new CaClient(topology, paths, org);
  await ca.registerAndEnrol(dir, { name: READER_USERNAME, type: 'client', attrs: ['role=reader:ecert'] });
  detail(`${org.name}: the gateway's reader identity issued by ${caName(org)}`);
}

interface Registration {
  name: string;
  type: 'admin' | 'peer' | 'orderer' | 'client';
  attrs?: string[];
  secret?: string;
}

/** fabric-ca-client, acting as the organisation's CA bootstrap admin (its registrar). */
export class CaClient {
  private readonly p: OrgPaths;

  constructor(
    private readonly topology: Topology,
    private readonly paths: NetworkPaths,
    private readonly org: Organisation,
  ) {
    this.p = paths.org(org);
  }

  async registerAndEnrol(dir: string, reg: Registration, withTls = false): Promise<void> {
    const secret = await this.register(reg);
    await this.enrol(dir, reg.name, secret);
    if (withTls) await this.enrolTls(dir, reg.name, secret);
  }

  /** A TLS server certificate only, for these host names (the gateway's development certificate). */
  async registerAndEnrolTls(dir: string, reg: Registration, hosts: string[]): Promise<void> {
    await this.enrolTls(dir, reg.name, await this.register(reg), hosts);
  }

  /** Registers the identity unless it is registered already; returns its enrolment secret. */
  private async register(reg: Registration): Promise<string> {
    const secret = reg.secret ?? this.secretFor(reg.name);
    const args = ['register', '--id.name', reg.name, '--id.type', reg.type];
    if (reg.attrs?.length) args.push('--id.attrs', reg.attrs.join(','));
    try {
      await this.client(this.p.caAdmin, args, caUrl(this.topology, this.org), {
        FABRIC_CA_CLIENT_ID_SECRET: secret,
      });
    } catch (error) {
      if (!(error instanceof CommandError && error.output.includes('already registered'))) throw error;
    }
    return secret;
  }

  /** Sets attributes of a registered identity (`identity modify`), as the CA's bootstrap admin. */
  async modifyAttributes(name: string, attrs: string[]): Promise<void> {
    await this.client(
      this.p.caAdmin,
      ['identity', 'modify', name, '--attrs', attrs.join(',')],
      caUrl(this.topology, this.org),
    );
  }

  /**
   * Revokes every certificate of `name` and returns the CA's new certificate revocation list (PEM).
   * @throws CommandError when the CA refuses (for example, an unknown identity).
   */
  async revoke(name: string, reason: string): Promise<string> {
    await this.client(
      this.p.caAdmin,
      ['revoke', '--revoke.name', name, '--revoke.reason', reason, '--gencrl'],
      caUrl(this.topology, this.org),
    );
    return readFileSync(path.join(this.p.caAdmin, 'msp', 'crls', 'crl.pem'), 'utf8');
  }

  async enrol(dir: string, name: string, secret: string): Promise<void> {
    await this.client(dir, ['enroll', '--mspdir', 'msp'], this.urlWith(name, secret));
    writeNodeOuConfig(path.join(dir, 'msp'));
  }

  /** A TLS certificate from the same CA, valid for the loopback addresses the nodes listen on. */
  private async enrolTls(
    dir: string,
    name: string,
    secret: string,
    hosts = [this.org.host, 'localhost'],
  ): Promise<void> {
    const tlsMsp = path.join(dir, 'tls-msp');
    await this.client(
      dir,
      ['enroll', '--mspdir', 'tls-msp', '--enrollment.profile', 'tls', '--csr.hosts', hosts.join(',')],
      this.urlWith(name, secret),
    );
    const tls = path.join(dir, 'tls');
    mkdirSync(tls, { recursive: true });
    copyFileSync(path.join(tlsMsp, 'signcerts', 'cert.pem'), path.join(tls, 'server.crt'));
    copyFileSync(onlyFile(path.join(tlsMsp, 'keystore')), path.join(tls, 'server.key'));
    copyFileSync(this.p.caCert, path.join(tls, 'ca.crt'));
  }

  private urlWith(name: string, secret: string): string {
    return `https://${encodeURIComponent(name)}:${encodeURIComponent(secret)}@${this.org.host}:${this.org.ca.port}`;
  }

  /**
   * Runs fabric-ca-client. The URL (which may carry an enrolment secret) and any secret go through the
   * environment, never the command line, which every local user can read.
   */
  private async client(
    home: string,
    args: string[],
    url: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<void> {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    await run(
      this.paths.binary('fabric-ca-client'),
      [...args, '--caname', caName(this.org), '--tls.certfiles', this.p.caCert, '--home', home],
      { env: { ...process.env, ...env, FABRIC_CA_CLIENT_URL: url } },
    );
    // fabric-ca-client writes keys, certificates and CRLs readable by everyone: keep them private.
    privatiseState(home);
  }

  /** Node and admin secrets are random, kept (0600) so an interrupted setup can enrol again. */
  private secretFor(name: string): string {
    const file = path.join(this.p.base, 'secrets.json');
    const secrets = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
      : {};
    const existing = secrets[name];
    if (existing) return existing;
    const secret = randomBytes(18).toString('base64url');
    writeFileSync(file, JSON.stringify({ ...secrets, [name]: secret }, null, 2), { mode: 0o600 });
    return secret;
  }
}

/** NodeOUs tell roles apart by the OU the CA writes from the identity type (client, peer, admin, orderer). */
function writeNodeOuConfig(mspDir: string): void {
  const ou = (name: string) => ({ OrganizationalUnitIdentifier: name });
  const config = {
    NodeOUs: {
      Enable: true,
      ClientOUIdentifier: ou('client'),
      PeerOUIdentifier: ou('peer'),
      AdminOUIdentifier: ou('admin'),
      OrdererOUIdentifier: ou('orderer'),
    },
  };
  // JSON is valid YAML, and saves a YAML dependency.
  writeFileSync(path.join(mspDir, 'config.yaml'), JSON.stringify(config, null, 2), { mode: 0o600 });
}

/** The organisation's MSP as the channel sees it: its CA root for identities and for TLS. */
function writeOrgMsp(p: OrgPaths): void {
  for (const sub of ['cacerts', 'tlscacerts']) {
    mkdirSync(path.join(p.msp, sub), { recursive: true });
    copyFileSync(p.caCert, path.join(p.msp, sub, 'ca.pem'));
  }
  writeNodeOuConfig(p.msp);
}

/** The single file in a folder (fabric-ca-client names keys after their SKI). */
export function onlyFile(dir: string): string {
  const files = readdirSync(dir);
  const [first] = files;
  if (files.length !== 1 || first === undefined)
    throw new Error(`expected exactly one file in ${dir}, found ${files.length}`);
  return path.join(dir, first);
}
