import { Context, Returns, Transaction } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import {
  type OpeningKeyring,
  checkOpeningKey,
  openingThresholdOf,
  registerOpeningKeySchema,
} from '@procurement/contract';
import { requireAllowed } from '../access';
import { conflict, invalid } from '../errors';
import { key, T } from '../ledger/keys';
import { currentKeys, loadKeyrings } from '../ledger/opening';
import { loadPolicy } from '../ledger/records';
import { emit, getJson, putJson } from '../ledger/state';
import { type Tx, txOf } from '../ledger/tx';
import { parseJson } from '../rules/validation';
import { ProcurementContract, result } from './base';

/** Keys an organisation may have registered over time (rotations), so its keyring stays small. */
const MAX_KEYS_PER_ORGANISATION = 32;

/** The keyring with a new current key; a retired key is never made current again. */
function rotated(
  ring: OpeningKeyring | undefined,
  key: { organisation: string; keyId: string; publicKey: string },
  tx: Tx,
): OpeningKeyring {
  const keys = ring?.keys ?? [];
  if (keys.some((k) => k.keyId === key.keyId)) {
    throw conflict(`key ${key.keyId} was registered before; a retired key is never made current again`);
  }
  if (keys.length >= MAX_KEYS_PER_ORGANISATION) {
    throw conflict(
      `${key.organisation} has registered ${MAX_KEYS_PER_ORGANISATION} keys, the most one keyring holds`,
    );
  }
  return {
    organisation: key.organisation,
    current: key.keyId,
    keys: [...keys, { keyId: key.keyId, publicKey: key.publicKey, registeredAt: tx.now, txId: tx.txId }],
  };
}

/** Local context class: decorator metadata then names it directly (see base.ts). */
class OpeningKeyTxContext extends Context {}

/**
 * Opening keys (issue 9): each organisation registers the public half of its own ECDH P-256 key; the
 * private half never leaves its state folder. The keyring record carries a key-level endorsement policy
 * naming that organisation's peers alone, so after the first registration no majority can swap in a
 * key of its own: a change without that organisation's endorsement fails validation at commit.
 */
export class OpeningKeyContract extends ProcurementContract {
  override createContext(): OpeningKeyTxContext {
    return new OpeningKeyTxContext();
  }

  constructor() {
    super('openingKey');
  }

  @Transaction()
  @Returns('string')
  async Register(ctx: OpeningKeyTxContext, keyJson: string) {
    const tx = txOf(ctx);
    requireAllowed(tx.actor, 'openingKey:Register');
    const input = parseJson(keyJson, registerOpeningKeySchema, 'opening key');
    const organisation = tx.actor.mspId;
    const registered = { organisation, keyId: input.keyId, publicKey: input.publicKey };
    const checked = checkOpeningKey(registered);
    if (!checked.ok) throw invalid(`${checked.reason}: ${checked.detail}`);
    const ringKey = key(ctx.stub, T.openingKey, organisation);
    const ring = await getJson<OpeningKeyring>(ctx, ringKey);
    if (ring?.current === input.keyId) return result(registered);
    const next = rotated(ring, { organisation, ...input }, tx);
    await putJson(ctx, ringKey, next);
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('PEER', organisation);
    await ctx.stub.setStateValidationParameter(ringKey, policy.getPolicy());
    emit(ctx, 'OpeningKeyRegistered', { agency: organisation, status: ring ? 'rotated' : 'registered' });
    return result(registered);
  }

  @Transaction(false)
  @Returns('string')
  async List(ctx: OpeningKeyTxContext) {
    const keys = currentKeys(await loadKeyrings(ctx));
    return result({ threshold: openingThresholdOf(await loadPolicy(ctx)), keys });
  }
}
