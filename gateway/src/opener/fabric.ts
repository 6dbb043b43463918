/** The opener duty's ledger port on @hyperledger/fabric-gateway, signed by the organisation's opener. */
import type { Contract } from '@hyperledger/fabric-gateway';
import type { TransactionName } from '@procurement/contract';

import type { ConnectionProfile } from '../config';
import type { Connections, SigningIdentity } from '../fabric/connections';
import { translateFabricError } from '../fabric/errors';
import { DEFAULT_CONFLICT_RETRY, retryOnReadConflict } from '../fabric/retry';
import type { OpenerLedger } from './duty';

export interface FabricOpenerLedgerOptions {
  profile: ConnectionProfile;
  connections: Connections;
  /** The organisation's opener identity (role `opener`). */
  identity: SigningIdentity;
}

export class FabricOpenerLedger implements OpenerLedger {
  readonly #options: FabricOpenerLedgerOptions;

  constructor(options: Readonly<FabricOpenerLedgerOptions>) {
    this.#options = options;
  }

  async evaluate(name: TransactionName, args: string[]): Promise<string> {
    return this.#withContract(async (contract) =>
      Buffer.from(await contract.evaluateTransaction(name, ...args)).toString('utf8'),
    );
  }

  async submit(name: TransactionName, args: string[]): Promise<string> {
    return this.#withContract((contract) =>
      retryOnReadConflict(DEFAULT_CONFLICT_RETRY, async () =>
        Buffer.from(await contract.submitTransaction(name, ...args)).toString('utf8'),
      ),
    );
  }

  async #withContract<T>(run: (contract: Contract) => Promise<T>): Promise<T> {
    const { profile, connections, identity } = this.#options;
    const gateway = await connections.connect(identity, true);
    try {
      return await run(gateway.getNetwork(profile.channel).getContract(profile.chaincode));
    } catch (error) {
      throw translateFabricError(error);
    } finally {
      gateway.close();
    }
  }
}
