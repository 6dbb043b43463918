import type { Caller } from '../domain/caller';
import { isRole } from '../domain/caller';
import { DomainError, isDomainError, notAuthorised, unauthenticated } from '../domain/errors';
import type { CaEndpoint, CertificateAuthority } from './ca-client';
import { createKeyAndCsr, readCertificate } from './csr';
import type { IssuedToken, TokenService } from './tokens';
import { type Wallet, type WalletEntry, hashPassword, verifyPassword } from './wallet';

/** What the identity service needs to know about each organisation. */
export interface IdentityOrganisation {
  mspId: string;
  ca: CaEndpoint;
}

export interface IdentityServiceOptions {
  organisations: readonly IdentityOrganisation[];
  wallet: Wallet;
  tokens: TokenService;
  ca: CertificateAuthority;
  /** A stored password hash is trusted for this long after the CA last verified it; then the CA is asked again. */
  passwordRecheckSeconds: number;
  now?: () => number;
}

export interface LoginResult extends IssuedToken {
  identity: Caller;
}

export interface NewVendorUser {
  username: string;
  password: string;
  vendorId: string;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Callers' identities from their certificates' attributes. */
export function callerFromCertificate(mspId: string, username: string, certificate: string): Caller {
  const { attrs } = readCertificate(certificate);
  const role = attrs.role;
  if (!isRole(role)) throw notAuthorised('this identity carries no gateway role');
  const vendorId = attrs.vendorId;
  return { mspId, username, role, ...(role === 'vendor' && vendorId ? { vendorId } : {}) };
}

/**
 * Login, tokens and the wallet. The password is the user's Fabric CA enrolment secret: the first login enrols
 * at the organisation's CA and keeps the certificate and key; later logins check a salted scrypt hash, and
 * ask the CA again once the last verification is older than `passwordRecheckSeconds`.
 */
export class IdentityService {
  readonly #orgs: ReadonlyMap<string, IdentityOrganisation>;
  readonly #wallet: Wallet;
  readonly #tokens: TokenService;
  readonly #ca: CertificateAuthority;
  readonly #recheckMs: number;
  readonly #now: () => number;

  constructor(options: Readonly<IdentityServiceOptions>) {
    this.#orgs = new Map(options.organisations.map((o) => [o.mspId, o]));
    this.#wallet = options.wallet;
    this.#tokens = options.tokens;
    this.#ca = options.ca;
    this.#recheckMs = options.passwordRecheckSeconds * 1000;
    this.#now = options.now ?? Date.now;
  }

  async login(mspId: string, username: string, password: string): Promise<LoginResult> {
    const org = this.#orgs.get(mspId);
    if (!org || !USERNAME.test(username) || password === '') throw unauthenticated('bad credentials');
    const stored = await this.#wallet.get(mspId, username);
    const entry = (await this.#acceptStored(stored, password))
      ? stored
      : await this.#enrol(org, username, password);
    if (!entry) throw unauthenticated('bad credentials');
    const identity = callerFromCertificate(mspId, username, entry.certificate);
    return { ...(await this.#tokens.issue(identity)), identity };
  }

  authenticate(token: string): Promise<Caller> {
    return this.#tokens.verify(token);
  }

  /** The caller's enrolled credentials, for signing transactions. */
  async credentials(caller: Caller): Promise<{ certificate: string; privateKey: string }> {
    const entry = await this.#wallet.get(caller.mspId, caller.username);
    if (!entry) throw unauthenticated('no enrolled identity for this token; log in again');
    return { certificate: entry.certificate, privateKey: entry.privateKey };
  }

  /** Register a vendor user at the registrar's CA, authenticated by the registrar's own enrolment. */
  async registerVendorUser(registrar: Caller, user: NewVendorUser): Promise<void> {
    const org = this.#orgs.get(registrar.mspId);
    if (!org) throw notAuthorised(`organisation ${registrar.mspId} is not served here`);
    if (!USERNAME.test(user.username))
      throw new DomainError({
        code: 'INVALID_ARGUMENT',
        message: 'username must match ^[A-Za-z0-9._@-]{1,64}$',
        details: { field: 'username' },
      });
    await this.#ca.register(org.ca, await this.credentials(registrar), {
      id: user.username,
      secret: user.password,
      type: 'client',
      attrs: [
        { name: 'role', value: 'vendor', ecert: true },
        { name: 'vendorId', value: user.vendorId, ecert: true },
      ],
    });
  }

  async #acceptStored(entry: WalletEntry | undefined, password: string): Promise<boolean> {
    if (entry?.passwordHash === undefined || entry.verifiedAt === undefined) return false;
    if (this.#now() - entry.verifiedAt > this.#recheckMs) return false;
    if (readCertificate(entry.certificate).notAfter.getTime() <= this.#now()) return false;
    return verifyPassword(password, entry.passwordHash);
  }

  async #enrol(
    org: IdentityOrganisation,
    username: string,
    password: string,
  ): Promise<WalletEntry | undefined> {
    const { privateKey, csr } = await createKeyAndCsr(username);
    let certificate: string;
    try {
      certificate = await this.#ca.enroll(org.ca, username, password, csr);
    } catch (error) {
      if (isDomainError(error, 'UNAUTHENTICATED')) {
        const stale = await this.#wallet.get(org.mspId, username);
        if (stale)
          await this.#wallet.put(org.mspId, username, {
            certificate: stale.certificate,
            privateKey: stale.privateKey,
          });
        return undefined;
      }
      throw error;
    }
    const entry: WalletEntry = {
      certificate,
      privateKey,
      passwordHash: await hashPassword(password),
      verifiedAt: this.#now(),
    };
    await this.#wallet.put(org.mspId, username, entry);
    return entry;
  }
}
