/**
 * The HTTP API's request and response bodies, built from the chaincode's schemas. Request bodies are
 * closed (an unknown field is refused); responses are open (a newer gateway may add fields).
 */
import { z } from 'zod/v4';

import { LIMITS } from '../limits';
import { CHOSEN_PASSWORD_RULE, chosenPasswordProblem } from '../passwords';
import {
  chars,
  documentsSchema,
  idSchema,
  integer,
  moneySchema,
  text,
  timestampSchema,
  usernameSchema,
} from '../schemas/fields';
import { debarSchema, reasonSchema, technicalProposalSchema } from '../schemas/inputs';
import { bidNonceSchema, sealedBidEnvelopeSchema } from '../schemas/bids';
import {
  awardSchema,
  bidRecordSchema,
  challengeSchema,
  contractRecordSchema,
  evaluationSchema,
  policyProposalSchema,
  policySchema,
  recusalSchema,
  tenderSchema,
  vendorSchema,
} from '../schemas/records';
import { DECISIONS, ROLES } from '../vocabulary';

/**
 * `POST /auth/login`. Looser than registration, so that every existing user can log in. `newPassword`:
 * the user's own password, required at the first login after onboarding (the answer without it is 403
 * `PASSWORD_CHANGE_REQUIRED`) and refused otherwise.
 */
export const loginInputSchema = z
  .strictObject({
    mspId: text(LIMITS.loginField),
    username: text(LIMITS.loginField),
    password: chars(1, LIMITS.passwordMax),
    newPassword: chars(LIMITS.chosenPasswordMin, LIMITS.passwordMax)
      .describe(CHOSEN_PASSWORD_RULE)
      .optional(),
  })
  .check((ctx) => {
    const { newPassword, username, password } = ctx.value;
    const problem =
      newPassword === undefined
        ? undefined
        : chosenPasswordProblem(newPassword, { username, current: password });
    if (problem !== undefined)
      ctx.issues.push({ code: 'custom', input: newPassword, path: ['newPassword'], message: problem });
  });

export const identitySchema = z.object({
  mspId: z.string(),
  username: z.string(),
  role: z.enum(ROLES),
  vendorId: z.string().optional(),
});

export const loginResultSchema = z.object({
  token: z.string(),
  expiresAt: timestampSchema,
  identity: identitySchema,
});

/**
 * `POST /tenders/{id}/bids`, sealed by the client (portal or API client, with the contract package's
 * `sealBidContent`): the nonce the bid id derives from, and the envelope. The gateway never sees the bid.
 */
export const clientSealedBidSchema = z.strictObject({
  nonce: bidNonceSchema,
  envelope: sealedBidEnvelopeSchema,
});

/**
 * `POST /tenders/{id}/bids` in plaintext: the gateway seals it to the registered opening keys. The
 * gateway (not the ledger) then sees the bid before the deadline: use the sealed form to avoid that.
 */
export const plaintextBidSchema = z.strictObject({
  price: moneySchema,
  technicalProposal: technicalProposalSchema,
  documents: documentsSchema.optional(),
});

export const placeBidSchema = z.union([clientSealedBidSchema, plaintextBidSchema]);

/** A body that carries only a reason (cancel, challenge, reinstate). */
export const reasonInputSchema = z.strictObject({ reason: reasonSchema });

export const decisionInputSchema = z.strictObject({ decision: z.enum(DECISIONS), reason: reasonSchema });

/** `POST /vendors`: the ledger record plus the vendor's first user at the Suppliers CA. */
export const registerVendorUserSchema = z.strictObject({
  vendorId: idSchema,
  legalName: text(LIMITS.legalName),
  username: usernameSchema,
  password: chars(LIMITS.passwordMin, LIMITS.passwordMax),
});

/** `POST /vendors/{vendorId}/users`: another user for a vendor at the Suppliers CA (acts once the vendor approves). */
export const addVendorUserSchema = z.strictObject({
  username: usernameSchema,
  password: chars(LIMITS.passwordMin, LIMITS.passwordMax),
});

export const debarInputSchema = debarSchema;

/** Where a write was committed. */
export const committedSchema = z.object({ txId: z.string().min(1), blockNumber: integer().min(0) });

/** A write's answer: the resource's fields at the top level plus where it was committed. */
export function written<T extends z.ZodType>(resource: T) {
  return z.intersection(resource, committedSchema);
}

/** A bid as its reader sees it: before the opening deadline no content (it is not on the ledger in clear). */
export const bidSchema = bidRecordSchema;

/** `POST /tenders/{id}/bids` answers the bid record (status `sealed`) and where its one transaction committed. */
export const placedBidSchema = written(bidRecordSchema);

export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const healthSchema = z.object({
  status: z.string(),
  peers: z.record(z.string(), z.boolean()).optional(),
});

export const writtenPolicySchema = written(policySchema);
export const writtenPolicyProposalSchema = written(policyProposalSchema);
export const writtenTenderSchema = written(tenderSchema);
export const writtenBidSchema = written(bidRecordSchema);
export const writtenEvaluationSchema = written(z.union([evaluationSchema, recusalSchema]));
export const writtenAwardSchema = written(awardSchema);
export const writtenChallengeSchema = written(challengeSchema);
export const writtenContractSchema = written(contractRecordSchema);
export const writtenVendorSchema = written(vendorSchema);

export type LoginInput = z.output<typeof loginInputSchema>;
export type PlaceBidInput = z.output<typeof placeBidSchema>;
export type ClientSealedBidInput = z.output<typeof clientSealedBidSchema>;
export type PlaintextBidInput = z.output<typeof plaintextBidSchema>;
export type DecisionInput = z.output<typeof decisionInputSchema>;
export type RegisterVendorUserInput = z.output<typeof registerVendorUserSchema>;
export type AddVendorUserInput = z.output<typeof addVendorUserSchema>;
export type Bid = z.output<typeof bidSchema>;
export type PlacedBid = z.output<typeof placedBidSchema>;
