/**
 * Exercises the PKCS#11 key store in a process of its own (SoftHSM2 reads SOFTHSM2_CONF from the real
 * environment, which a jest test cannot set for its own process) and prints what it saw as JSON for
 * pkcs11-key-store.test.ts to check. Arguments: library, token label, PIN.
 */
import { createHash } from 'node:crypto';

import { Pkcs11KeyStore } from '../identity/pkcs11-key-store';

function refusal(make: () => unknown): string {
  try {
    make();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

async function main(): Promise<void> {
  const [library = '', tokenLabel = '', pin = ''] = process.argv.slice(2);
  const store = new Pkcs11KeyStore({ library, tokenLabel, pin });
  const made = await store.createKeyAndCsr('pw-officer');
  if (!('hsmKeyId' in made.key)) throw new Error('expected an HSM key');
  const signer = store.signer(made.key.hsmKeyId);
  const messages = Array.from({ length: 8 }, (_, i) => `transaction ${String(i)}`);
  // Concurrent signatures share one PKCS#11 session.
  const signatures = await Promise.all(messages.map((m) => signer(createHash('sha256').update(m).digest())));
  const gone = await store.createKeyAndCsr('pw-gone');
  await store.discard(gone.key);
  const discarded = refusal(() => ('hsmKeyId' in gone.key ? store.signer(gone.key.hsmKeyId) : undefined));
  // One store per process, as in the gateway: the module's login is shared by all its sessions.
  store.close();
  const wrongPin = refusal(() => new Pkcs11KeyStore({ library, tokenLabel, pin: '0000' }));
  const unknownToken = refusal(() => new Pkcs11KeyStore({ library, tokenLabel: 'no-such', pin }));
  process.stdout.write(
    JSON.stringify({
      key: made.key,
      csr: made.csr,
      messages,
      signatures: signatures.map((s) => Buffer.from(s).toString('base64')),
      discarded,
      wrongPin,
      unknownToken,
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
