import { MUST_CHANGE_PASSWORD_ATTRIBUTE, chosenPasswordProblem } from '@procurement/contract';

import type { Caller } from '../domain/caller';
import type { Credentials } from '../fabric/connections';
import { isRole } from '../domain/caller';
import {
  DomainError,
  invalidArgument,
  isDomainError,
  notAuthorised,
  unauthenticated,
} from '../domain/errors';
import type { CaEndpoint, CertificateAuthority } from './ca-client';
import { readCertificate } from './csr';
import { FirstLoginRegister, type PendingFirstLogin } from './first-logins';
import { FileKeyStore, type KeyStore, type StoredKey } from './key-store';
import { CaFailureFile, DEFAULT_LOGIN_LIMITS, LoginGuard, type LoginLimits } from './login-guard';
import type { IssuedToken, Session, TokenService } from './tokens';
import { USERNAME_RULE, isCaInternalUsername, isWellFormedUsername } from './usernames';
import { type Wallet, type WalletEntry, hashPassword, verifyPassword } from './wallet';

/** What the identity service needs to know about each organisation. */
export interface IdentityOrganisation {
  mspId: string;
  ca: CaEndpoint;
}

export interface IdentityServiceOptions {
  organisations: readonly IdentityOrganisation[];
  wallet: Wallet;
  /** Where new users' keys are made and kept (default: PEM in the wallet). */
  keys?: KeyStore;
  tokens: TokenService;
  ca: CertificateAuthority;
  /** A stored password hash is trusted for this long after the CA last verified it; then the CA is asked again. */
  passwordRecheckSeconds: number;
  /** Failed-login throttling (defaults: DEFAULT_LOGIN_LIMITS). */
  loginLimits?: LoginLimits;
  /** Where the CA-refusal counts survive restarts (JSON, 0600); in memory only when absent. */
  caFailuresFile?: string;
  /** Where onboarded users' pending first logins survive restarts (JSON, 0600); in memory only when absent. */
  firstLoginsFile?: string;
  now?: () => number;
}

export interface LoginResult extends IssuedToken {
  identity: Caller;
}

/** One login request, as the identity service's steps pass it on. */
interface LoginAttempt {
  username: string;
  password: string;
  newPassword: string | undefined;
  address: string;
}

export interface NewVendorUser {
  username: string;
  password: string;
  vendorId: string;
}

/**
 * Callers' identities from their certificates' attributes. Only a `client` identity with a gateway role
 * (and, when the CA states it, the same enrolment id) is a gateway user.
 */
export function callerFromCertificate(mspId: string, username: string, certificate: string): Caller {
  const { attrs } = readCertificate(certificate);
  const role = attrs.role;
  if (!isRole(role)) throw notAuthorised('this identity carries no gateway role');
  const type = attrs['hf.Type'];
  const enrollmentId = attrs['hf.EnrollmentID'];
  if ((type !== undefined && type !== 'client') || (enrollmentId !== undefined && enrollmentId !== username))
    throw notAuthorised('this identity is not a gateway user');
  const vendorId = attrs.vendorId;
  return { mspId, username, role, ...(role === 'vendor' && vendorId ? { vendorId } : {}) };
}

/** Whether the CA marked this certificate's identity as onboarded with a secret the registrar chose. */
function mustChoosePassword(certificate: string): boolean {
  return readCertificate(certificate).attrs[MUST_CHANGE_PASSWORD_ATTRIBUTE] === 'true';
}

function passwordChangeRequired(): DomainError {
  return new DomainError({
    code: 'PASSWORD_CHANGE_REQUIRED',
    message:
      'this is a one-time onboarding secret: log in again with it and a newPassword of your own ' +
      '(nothing was stored, and the secret is still unused)',
  });
}

/** `newPassword` where the gateway holds no password of its own to set: the password is the CA's secret. */
function newPasswordNotApplicable(): DomainError {
  return invalidArgument(
    'newPassword is only for the first login of a user onboarded by the registrar; this password is ' +
      'the enrolment secret kept by the CA',
    'newPassword',
  );
}

/** The new password, when it follows the contract's rule (otherwise 400 on `newPassword`). */
function checkedNewPassword(newPassword: string, username: string, current: string): string {
  const problem = chosenPasswordProblem(newPassword, { username, current });
  if (problem !== undefined) throw invalidArgument(`newPassword ${problem}`, 'newPassword');
  return newPassword;
}

/**
 * Login, tokens and the wallet. The password is the user's Fabric CA enrolment secret: the first login enrols
 * at the organisation's CA and keeps the certificate and key; later logins check a salted scrypt hash, and
 * ask the CA again once the last verification is older than `passwordRecheckSeconds`.
 */
export class IdentityService {
  readonly #orgs: ReadonlyMap<string, IdentityOrganisation>;
  readonly #wallet: Wallet;
  readonly #keys: KeyStore;
  readonly #tokens: TokenService;
  readonly #ca: CertificateAuthority;
  readonly #recheckMs: number;
  readonly #now: () => number;
  readonly #guard: LoginGuard;
  readonly #firstLogins: FirstLoginRegister;

  constructor(options: Readonly<IdentityServiceOptions>) {
    this.#orgs = new Map(options.organisations.map((o) => [o.mspId, o]));
    this.#wallet = options.wallet;
    this.#keys = options.keys ?? new FileKeyStore();
    this.#tokens = options.tokens;
    this.#ca = options.ca;
    this.#recheckMs = options.passwordRecheckSeconds * 1000;
    this.#now = options.now ?? Date.now;
    this.#guard = new LoginGuard(
      options.loginLimits ?? DEFAULT_LOGIN_LIMITS,
      this.#now,
      options.caFailuresFile === undefined ? undefined : new CaFailureFile(options.caFailuresFile),
    );
    this.#firstLogins = new FirstLoginRegister(options.firstLoginsFile);
  }

  /**
   * Log in with the CA enrolment secret. Throttled per client address and per username before anything is
   * checked; a password is checked against the cached hash first, and the CA is asked only when there is
   * no fresh hash and the username is not throttled (or the password matches the stale hash). A refused
   * login writes nothing.
   *
   * A user onboarded by the registrar logs in the first time with the one-time secret **and** `newPassword`:
   * without it the answer is PASSWORD_CHANGE_REQUIRED before the CA is asked (the secret stays unused);
   * with it the secret enrols (once, max enrollments 1) and the wallet keeps a hash of `newPassword` only.
   * The secret opens nothing afterwards: the gateway checks the new password's hash, and the CA enrols
   * nobody with the secret again. `newPassword` on any other login is 400.
   */
  async login(
    mspId: string,
    username: string,
    password: string,
    address = 'unknown',
    newPassword?: string,
  ): Promise<LoginResult> {
    this.#guard.checkAddress(address);
    const org = this.#orgs.get(mspId);
    if (!org || !isWellFormedUsername(username) || isCaInternalUsername(username) || password === '') {
      this.#guard.failed(address);
      throw unauthenticated('bad credentials');
    }
    const pending = this.#firstLogins.get(mspId, username);
    const identity = pending
      ? await this.#firstLogin(org, { username, password, newPassword, address }, pending)
      : await this.#returningLogin(org, { username, password, newPassword, address });
    return { ...(await this.#tokens.issue(identity)), identity };
  }

  /** A user without a pending first login: the cached hash, else the CA (the existing identity's secret). */
  async #returningLogin(org: IdentityOrganisation, attempt: Readonly<LoginAttempt>): Promise<Caller> {
    const { username, password, newPassword, address } = attempt;
    const stored = await this.#wallet.get(org.mspId, username);
    const entry = await this.#verify(org, username, password, stored, address);
    if (entry === stored) {
      if (newPassword !== undefined) throw newPasswordNotApplicable();
      return callerFromCertificate(org.mspId, username, entry.certificate);
    }
    return this.#keep(org, username, stored, entry, () => this.#passwordToKeep(entry, attempt));
  }

  /**
   * The password whose hash a fresh enrolment keeps: the one given, unless the certificate says that the
   * secret was the registrar's (a first login this gateway had no record of; the secret is now spent).
   */
  #passwordToKeep(entry: Readonly<WalletEntry>, attempt: Readonly<LoginAttempt>): string | undefined {
    const { username, password, newPassword } = attempt;
    if (!mustChoosePassword(entry.certificate)) {
      if (newPassword !== undefined) throw newPasswordNotApplicable();
      return undefined;
    }
    if (newPassword === undefined)
      throw unauthenticated(
        'this one-time onboarding secret has now been used without a newPassword and opens nothing: ' +
          'ask the registrar to onboard you again',
      );
    return checkedNewPassword(newPassword, username, password);
  }

  /**
   * The first login of a user onboarded through this gateway: the one-time secret is checked against its
   * hash first (a wrong one is a failed login, the CA is not asked), then `newPassword` is required and
   * checked, and only then does the secret enrol at the CA. The wallet keeps the hash of `newPassword`.
   */
  async #firstLogin(
    org: IdentityOrganisation,
    attempt: Readonly<LoginAttempt>,
    pending: Readonly<PendingFirstLogin>,
  ): Promise<Caller> {
    const { username, password, newPassword, address } = attempt;
    const user = `${org.mspId}/${username}`;
    if (!(await this.#firstLogins.secretMatches(pending, password))) {
      this.#guard.failed(address, user);
      throw this.#guard.userThrottled(user)
        ? this.#guard.throttledError(user)
        : unauthenticated('bad credentials');
    }
    if (newPassword === undefined) throw passwordChangeRequired();
    const chosen = checkedNewPassword(newPassword, username, password);
    let entry: WalletEntry;
    try {
      entry = await this.#enrol(org, username, password, address, user);
    } catch (error) {
      if (!isDomainError(error, 'UNAUTHENTICATED')) throw error;
      throw unauthenticated(
        'the CA refused this one-time secret (already used, or changed by the registrar): ask the registrar to onboard you again',
      );
    }
    const identity = await this.#keep(
      org,
      username,
      await this.#wallet.get(org.mspId, username),
      entry,
      () => chosen,
    );
    this.#firstLogins.remove(org.mspId, username);
    return identity;
  }

  /**
   * Store a fresh enrolment, with the hash of the password `password()` names (undefined: the one it was
   * enrolled with). When the certificate is not a gateway user's, or `password()` refuses, nothing is
   * stored and the new key is destroyed.
   */
  async #keep(
    org: IdentityOrganisation,
    username: string,
    stored: WalletEntry | undefined,
    fresh: WalletEntry,
    password: () => string | undefined,
  ): Promise<Caller> {
    let identity: Caller;
    let entry = fresh;
    try {
      identity = callerFromCertificate(org.mspId, username, fresh.certificate);
      const chosen = password();
      if (chosen !== undefined) entry = { ...fresh, passwordHash: await hashPassword(chosen) };
    } catch (error) {
      await this.#discardKey(fresh);
      throw error;
    }
    await this.#wallet.put(org.mspId, username, entry);
    // The replaced enrolment's HSM key is never used again.
    if (stored?.hsmKeyId !== undefined && stored.hsmKeyId !== entry.hsmKeyId) await this.#discardKey(stored);
    return identity;
  }

  async #discardKey(entry: Readonly<WalletEntry>): Promise<void> {
    if (entry.hsmKeyId !== undefined) await this.#keys.discard({ hsmKeyId: entry.hsmKeyId });
  }

  authenticate(token: string): Promise<Caller> {
    return this.#tokens.verify(token);
  }

  /** The session a bearer token opens (checked against the logout denylist). */
  session(token: string): Promise<Session> {
    return this.#tokens.verifySession(token);
  }

  /** Log the token out: it is refused from now on, and streams opened with it close. */
  logout(session: Readonly<Session>): void {
    this.#tokens.revoke(session);
  }

  /** Call `listener` once when the token is logged out; returns the unsubscribe function. */
  onLogout(tokenId: string, listener: () => void): () => void {
    return this.#tokens.onRevoked(tokenId, listener);
  }

  /** The caller's enrolled credentials, for signing transactions. */
  async credentials(caller: Caller): Promise<Credentials> {
    const entry = await this.#wallet.get(caller.mspId, caller.username);
    if (!entry) throw unauthenticated('no enrolled identity for this token; log in again');
    if (entry.privateKey !== undefined)
      return { certificate: entry.certificate, privateKey: entry.privateKey };
    if (entry.hsmKeyId !== undefined)
      return { certificate: entry.certificate, signer: this.#keys.signer(entry.hsmKeyId) };
    throw unauthenticated('the enrolled identity has no key; log in again');
  }

  /**
   * Register a vendor user at the registrar's CA, authenticated by the registrar's own enrolment. The
   * secret enrols once (max enrollments 1) and is marked as the registrar's choice, at the CA
   * (`pl.mustChangePassword`, also in the certificate) and in this gateway's first-login record, so the
   * user must choose a password at the first login.
   */
  async registerVendorUser(registrar: Caller, user: NewVendorUser): Promise<void> {
    const org = this.#orgs.get(registrar.mspId);
    if (!org) throw notAuthorised(`organisation ${registrar.mspId} is not served here`);
    if (!isWellFormedUsername(user.username) || isCaInternalUsername(user.username))
      throw new DomainError({
        code: 'INVALID_ARGUMENT',
        message: `username must match ${USERNAME_RULE} and not be a CA-internal name (admin, *-admin, peer*, orderer*)`,
        details: { field: 'username' },
      });
    const credentials = await this.credentials(registrar);
    await this.#ca.register(org.ca, credentials, {
      id: user.username,
      secret: user.password,
      type: 'client',
      // One enrolment: the vendor's first login spends the secret, and nobody (the registrar included)
      // can enrol another certificate with it.
      max_enrollments: 1,
      attrs: [
        { name: 'role', value: 'vendor', ecert: true },
        { name: 'vendorId', value: user.vendorId, ecert: true },
        { name: MUST_CHANGE_PASSWORD_ATTRIBUTE, value: 'true', ecert: true },
      ],
    });
    try {
      // The CA did not know the name, so a wallet entry under it belonged to an identity since removed.
      await this.#forget(org.mspId, user.username);
      await this.#firstLogins.add(org.mspId, user.username, user.password, this.#now());
    } catch (error) {
      await this.#ca.remove(org.ca, credentials, user.username).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Undo a vendor user's registration (an onboarding whose ledger write failed): the CA removes the
   * identity and revokes any certificate it issued to it, so it can neither enrol nor sign.
   */
  async removeVendorUser(registrar: Caller, username: string): Promise<void> {
    const org = this.#orgs.get(registrar.mspId);
    if (!org) throw notAuthorised(`organisation ${registrar.mspId} is not served here`);
    await this.#ca.remove(org.ca, await this.credentials(registrar), username);
    this.#firstLogins.remove(org.mspId, username);
    await this.#forget(org.mspId, username);
  }

  /** Drop the wallet entry of a user (and its HSM key). */
  async #forget(mspId: string, username: string): Promise<void> {
    const stored = await this.#wallet.get(mspId, username);
    if (stored === undefined) return;
    await this.#wallet.remove(mspId, username);
    await this.#discardKey(stored);
  }

  /**
   * The entry the password opens: the stored one (fresh hash, matching), else a new enrolment. Without a
   * match, a fresh hash or a throttled username refuses here, before the CA.
   */
  async #verify(
    org: IdentityOrganisation,
    username: string,
    password: string,
    stored: WalletEntry | undefined,
    address: string,
  ): Promise<WalletEntry> {
    const user = `${org.mspId}/${username}`;
    const matches = await storedHashMatches(stored, password);
    const fresh = stored !== undefined && this.#isFresh(stored);
    if (stored && fresh && matches) {
      this.#guard.succeeded(user);
      return stored;
    }
    const throttled = this.#guard.userThrottled(user);
    if ((fresh || throttled) && !matches) {
      this.#guard.failed(address, user);
      throw throttled ? this.#guard.throttledError(user) : unauthenticated('bad credentials');
    }
    return this.#enrol(org, username, password, address, user);
  }

  /**
   * Verified by the CA within the recheck period, and the certificate still valid. A vendor's secret
   * enrols once only (max enrollments 1), so the CA cannot verify it again, and an onboarded user's
   * password was never the CA's: their stored hash stays the check for as long as the certificate is valid.
   */
  #isFresh(entry: WalletEntry): boolean {
    if (entry.passwordHash === undefined || entry.verifiedAt === undefined) return false;
    const { notAfter, attrs } = readCertificate(entry.certificate);
    const caKnowsPassword = attrs.role !== 'vendor' && attrs[MUST_CHANGE_PASSWORD_ATTRIBUTE] !== 'true';
    if (caKnowsPassword && this.#now() - entry.verifiedAt > this.#recheckMs) return false;
    return notAfter.getTime() > this.#now();
  }

  /** Ask the CA. A refusal is counted and changes nothing stored; success returns the entry to store. */
  async #enrol(
    org: IdentityOrganisation,
    username: string,
    password: string,
    address: string,
    user: string,
  ): Promise<WalletEntry> {
    // Reserved before the first await, so that concurrent attempts cannot pass the cap together.
    this.#guard.reserveCaAttempt(user);
    let certificate: string;
    let key: StoredKey | undefined;
    try {
      const made = await this.#keys.createKeyAndCsr(username);
      key = made.key;
      certificate = await this.#ca.enroll(org.ca, username, password, made.csr);
    } catch (error) {
      // A refused enrolment leaves no key behind (in an HSM it would stay on the token).
      if (key) await this.#keys.discard(key);
      if (isDomainError(error, 'UNAUTHENTICATED')) {
        this.#guard.failed(address, user);
        throw unauthenticated('bad credentials');
      }
      this.#guard.caUnreachable(user);
      throw error;
    }
    this.#guard.caAccepted(user);
    return {
      certificate,
      ...key,
      passwordHash: await hashPassword(password),
      verifiedAt: this.#now(),
    };
  }
}

/** Whether the wallet holds a password hash for the user and `password` matches it. */
async function storedHashMatches(stored: WalletEntry | undefined, password: string): Promise<boolean> {
  return stored?.passwordHash !== undefined && verifyPassword(password, stored.passwordHash);
}
