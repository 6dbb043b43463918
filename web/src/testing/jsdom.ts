/** What a real browser has and jest's jsdom lacks: the text codecs and WebCrypto the contract package uses. */
import { webcrypto } from 'node:crypto';
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
if (!('subtle' in globalThis.crypto)) Object.defineProperty(globalThis, 'crypto', { value: webcrypto });
