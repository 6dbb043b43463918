/**
 * What a real browser has and jest's jsdom lacks: the text codecs and WebCrypto the contract package
 * uses, and the web streams the event stream is read with.
 */
import { webcrypto } from 'node:crypto';
import { ReadableStream, TextDecoderStream } from 'node:stream/web';
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder, ReadableStream, TextDecoderStream });
if (!('subtle' in globalThis.crypto)) Object.defineProperty(globalThis, 'crypto', { value: webcrypto });
