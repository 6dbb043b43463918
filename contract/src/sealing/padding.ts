/**
 * Length-hiding padding of the bid before encryption. AES-GCM ciphertext is exactly as long as its
 * plaintext, so an unpadded envelope would tell everyone, before the deadline, how many digits the
 * price has. The bid is padded ISO/IEC 7816-4 style (one 0x80 byte, then zero bytes) up to the next
 * multiple of `SEALING_BYTES.padBlock` (1 KiB); the padding is inside the authenticated ciphertext and
 * unambiguous for any bytes. What still shows is the bid's size to within 1 KiB.
 */
import { SEALING_BYTES } from './constants';

/** Pads to the next multiple of the pad block, always adding at least the 0x80 byte. */
export function padPlaintext(plaintext: Uint8Array): Uint8Array {
  const block = SEALING_BYTES.padBlock;
  const padded = new Uint8Array((Math.floor(plaintext.length / block) + 1) * block);
  padded.set(plaintext);
  padded[plaintext.length] = 0x80;
  return padded;
}

/**
 * Removes the padding.
 *
 * @returns the bid bytes, or `undefined` when the padding is malformed (a whole number of blocks,
 * ending in 0x80 followed only by zero bytes within the last block).
 */
export function unpadPlaintext(padded: Uint8Array): Uint8Array | undefined {
  const block = SEALING_BYTES.padBlock;
  if (padded.length === 0 || padded.length % block !== 0) return undefined;
  let end = padded.length - 1;
  while (end >= padded.length - block && padded[end] === 0) end--;
  if (end < padded.length - block || padded[end] !== 0x80) return undefined;
  return padded.slice(0, end);
}
