/**
 * The rule for a password a user chooses (`newPassword` at the first login after onboarding). Length and
 * variety only, no composition rules (NIST SP 800-63B's advice); it also may not repeat the one-time
 * secret it replaces, nor contain the username. One pure function, so the gateway's validation and the
 * portal's form say the same thing.
 */
import { LIMITS } from './limits';

/** What a chosen password must be, in words (the portal shows it next to the field). */
export const CHOSEN_PASSWORD_RULE =
  `${LIMITS.chosenPasswordMin} to ${LIMITS.passwordMax} characters, at least ` +
  `${LIMITS.chosenPasswordDistinct} different ones, not containing the username and not the one-time secret`;

/** Why `chosen` is not an acceptable new password for `username` replacing `current`; undefined when it is. */
export function chosenPasswordProblem(
  chosen: string,
  context: Readonly<{ username: string; current: string }>,
): string | undefined {
  // Code points, as the field limits count them (fields.ts `characters`).
  const characters = Array.from(chosen);
  if (characters.length < LIMITS.chosenPasswordMin)
    return `must be at least ${LIMITS.chosenPasswordMin} characters`;
  if (characters.length > LIMITS.passwordMax) return `must be at most ${LIMITS.passwordMax} characters`;
  if (new Set(characters).size < LIMITS.chosenPasswordDistinct)
    return `must have at least ${LIMITS.chosenPasswordDistinct} different characters`;
  if (chosen === context.current) return 'must differ from the one-time secret';
  if (context.username !== '' && chosen.toLowerCase().includes(context.username.toLowerCase()))
    return 'must not contain the username';
  return undefined;
}
