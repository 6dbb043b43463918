/** Settings of the public read model and its publication, from the environment (defaults for a demo). */
import path from 'node:path';

import { z } from 'zod/v4';

import type { PublicationConfig } from './reads';

const url = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  /** `postgres://…` for a PostgreSQL server; unset for embedded PGlite under the gateway's state folder. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  PUBLIC_BASE_URL: url.optional(),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  OCDS_OCID_PREFIX: z
    .string()
    .regex(/^ocds-[a-z0-9]{6}$|^ocds-[A-Za-z0-9-]{1,40}$/)
    .default('ocds-procledger'),
  OCDS_VENDOR_ID_SCHEME: z.string().min(1).default('XI-PROCLEDGER'),
  OCDS_PUBLISHER_NAME: z.string().min(1).default('Procurement Ledger'),
  OCDS_LICENSE: url.default('https://creativecommons.org/licenses/by/4.0/'),
  OCDS_PUBLICATION_POLICY: url.optional(),
  OCDS_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2}$/)
    .default('en'),
});

export interface PublicConfig {
  databaseUrl: string | undefined;
  /** PGlite's folder when there is no DATABASE_URL. */
  dataDir: string;
  perMinute: number;
  publication: PublicationConfig;
}

/** The public read model's settings; `stateDir` is the gateway's state folder, `port` its port. */
export function loadPublicConfig(
  stateDir: string,
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): PublicConfig {
  const e = envSchema.parse(env);
  const baseUrl = (e.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.join(stateDir, 'public-db'),
    perMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
    publication: {
      baseUrl,
      ocds: {
        ocidPrefix: e.OCDS_OCID_PREFIX,
        vendorIdScheme: e.OCDS_VENDOR_ID_SCHEME,
        language: e.OCDS_LANGUAGE,
        agencyNames: { PublicWorksMSP: 'Ministry of Public Works', HealthMSP: 'Ministry of Health' },
        oversightName: 'National Audit Office',
      },
      package: {
        publisher: { name: e.OCDS_PUBLISHER_NAME, uri: baseUrl },
        license: e.OCDS_LICENSE,
        publicationPolicy: e.OCDS_PUBLICATION_POLICY ?? `${baseUrl}/api/v1/openapi.json`,
      },
    },
  };
}
