/**
 * Every pattern and field limit of the contract. The zod schemas, the chaincode, the gateway and the
 * generated OpenAPI document all read them from here, so a limit is changed in exactly one place.
 */

import { CURRENCY_CODES } from './currencies';

/** Every id, given by a client or made by the server (tender, bid, challenge, vendor, criterion). */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * A criterion id (also a key of an evaluation's scores): an id that is not one of the names that mean
 * something to JavaScript objects, so no score can reach a prototype or a serialisation hook.
 */
export const CRITERION_ID_PATTERN = /^(?!(?:__proto__|prototype|constructor|toJSON)$)[A-Za-z0-9._-]{1,64}$/;
/** A document link: http or https only (never `javascript:`, `data:`, `file:`…). */
export const URL_PATTERN = /^https?:\/\/[^\s]+$/;
/** A user name (Fabric CA enrolment id): an id that may also hold `@`, as e-mail style names do. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
/** Integer minor units: decimal digits, no sign, no leading zeros except "0", at most 18 digits. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,17})$/;
/** An ISO 4217 alphabetic currency code in use (not merely three capital letters). */
export const CURRENCY_PATTERN = new RegExp(`^(?:${CURRENCY_CODES.join('|')})$`);
/** Lower-case hex SHA-256. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** CPV classification code such as 45233140-2. */
export const CPV_PATTERN = /^[0-9]{8}(-[0-9])?$/;
/**
 * RFC 3339 timestamp from 1970 on, with upper-case `T` and `Z`, 1 to 9 fraction digits and an offset
 * of at most 23:59. Calendar validity (days in the month) is checked on top of this pattern.
 */
export const TIMESTAMP_PATTERN =
  /^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/;

/**
 * Field limits: lengths in characters (Unicode code points, as JSON Schema's maxLength counts them),
 * counts in items.
 */
export const LIMITS = {
  title: 256,
  description: 8192,
  reason: 2048,
  legalName: 512,
  /** Enrolment ids allowed to act for one vendor. */
  vendorUsers: 32,
  documentName: 256,
  criterionName: 256,
  url: 2048,
  documents: 50,
  evaluators: 20,
  criteria: 20,
  /** Characters of the technical proposal's JSON text. */
  technicalProposalChars: 64 * 1024,
  percent: 100,
  maxScore: 1000,
  pageSize: 100,
  defaultPageSize: 20,
  bookmark: 1024,
  /** Ten years, so every sum of policy periods stays a safe integer. */
  policySeconds: 315_360_000,
  /**
   * Most seconds a transaction's timestamp may lag the endorser's clock (transit time): the policy's
   * clockToleranceSeconds is capped here.
   */
  clockToleranceSeconds: 60,
  /** Most seconds a transaction's timestamp may run ahead of the endorser's clock, whatever the policy. */
  forwardClockToleranceSeconds: 120,
  passwordMin: 8,
  passwordMax: 256,
  /** A password the user chooses (`newPassword` at the first login after onboarding). */
  chosenPasswordMin: 12,
  /** Distinct characters in a chosen password, so that `aaaaaaaaaaaa` or `121212121212` do not pass. */
  chosenPasswordDistinct: 6,
  /** Login fields are looser than registration: any existing user must be able to log in. */
  loginField: 64,
  /** Chain height as a decimal string (the events stream's `fromBlock`). */
  blockDigits: 19,
  /** Shares (or share failures) in one `bid:ReleaseShares`: the opener releases in batches of this size. */
  releaseBatch: 100,
} as const;

/**
 * Environment variable that shifts one chaincode process's endorser clock by whole milliseconds (at most
 * a day either way), for fault tests. The network scripts pass `<name>_<ORGANISATION>` (for example
 * PROCUREMENT_CLOCK_OFFSET_MS_HEALTH) to that organisation's chaincode process as `<name>`.
 */
export const CLOCK_OFFSET_ENV = 'PROCUREMENT_CLOCK_OFFSET_MS';
