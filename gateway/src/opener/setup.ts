/** Builds an organisation's opener duty from the connection profile (shared by the process and `npm run open`). */
import { readFile } from 'node:fs/promises';

import { ConfigError, type ConnectionProfile } from '../config';
import { Connections, DEFAULT_TIMEOUTS, type Credentials } from '../fabric/connections';
import { type DutyLogger, OpenerDuty } from './duty';
import { FabricOpenerLedger } from './fabric';
import { loadOpeningKeys } from './keys';

export interface Opener {
  organisation: string;
  duty: OpenerDuty;
  close: () => void;
}

/**
 * The opener of one organisation of the profile, named by MSP ID or name.
 *
 * @throws {ConfigError} for an unknown organisation or one without an opener in the profile.
 */
export function openerFor(profile: ConnectionProfile, organisation: string, logger: DutyLogger): Opener {
  const org = profile.organisations.find((o) => o.mspId === organisation || o.name === organisation);
  if (!org) {
    const known = profile.organisations.map((o) => o.mspId).join(', ');
    throw new ConfigError(
      `OPENER_ORG must name an organisation of the profile (${known}), not "${organisation}"`,
    );
  }
  if (!org.opener) throw new ConfigError(`the connection profile has no opener for ${org.mspId}`);
  const { certPath, keyPath, keyDir } = org.opener;
  let credentials: Promise<Credentials> | undefined;
  const load = async (): Promise<Credentials> => ({
    certificate: await readFile(certPath, 'utf8'),
    privateKey: await readFile(keyPath, 'utf8'),
  });
  const connections = new Connections(profile, DEFAULT_TIMEOUTS);
  const ledger = new FabricOpenerLedger({
    profile,
    connections,
    identity: { mspId: org.mspId, credentials: () => (credentials ??= load()) },
  });
  return {
    organisation: org.mspId,
    duty: new OpenerDuty({ organisation: org.mspId, ledger, privateKeys: loadOpeningKeys(keyDir), logger }),
    close: () => {
      connections.close();
    },
  };
}
