/**
 * Which usernames the gateway serves. A username names a file in the wallet, so anything path-like (`.`,
 * `..`, a leading dot, `/`, `\`, NUL or control characters) is refused before the wallet or the CA is
 * touched. CA-internal identities never log in through the gateway: they are registered by
 * scripts/lib/identities.ts as `admin` (each CA's bootstrap admin), `<org>-admin` (type admin),
 * `peer<N>.<org>` and `orderer<N>.<org>` (types peer and orderer), while gateway users (demo users and
 * onboarded vendors) are type `client` identities with a `role` attribute. The name rule below stops such
 * an identity before the CA is asked (so nobody can spend its password attempts); the certificate check
 * in service.ts (a gateway role, and `hf.Type` client when the CA states it) stops any other one.
 */
import { USERNAME_PATTERN } from '@procurement/contract';

/** The contract's user name rule, and a letter or digit first (so never `.`, `..` or a hidden file). */
export const USERNAME_RULE = `${USERNAME_PATTERN.source}, starting with a letter or digit`;
const CA_INTERNAL = [/^admin$/i, /-admin$/i, /^peer\d*\./i, /^orderer\d*\./i];

/** A username that is safe as a wallet file name: letters, digits and `._@-`, starting with a letter or digit. */
export function isWellFormedUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && /^[A-Za-z0-9]/.test(username);
}

/** A name of the kind the network scripts give to CA admins, peers and orderers. */
export function isCaInternalUsername(username: string): boolean {
  return CA_INTERNAL.some((pattern) => pattern.test(username));
}
