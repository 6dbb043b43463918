import { padPlaintext, unpadPlaintext } from './padding';

describe('length-hiding padding', () => {
  it.each([0, 1, 15, 1023, 1024, 1025, 5000])('pads %i bytes to whole KiB and back', (length) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i % 7 === 0 ? 0x80 : i % 3 === 0 ? 0 : i & 0xff));
    const padded = padPlaintext(bytes);
    expect(padded.length % 1024).toBe(0);
    expect(padded.length).toBeGreaterThan(length);
    expect(padded.length - length).toBeLessThanOrEqual(1024);
    expect(unpadPlaintext(padded)).toEqual(bytes);
  });

  it('hides how many digits a price has', () => {
    const short = new TextEncoder().encode('{"price":{"amount":"9","currency":"EUR"}}');
    const long = new TextEncoder().encode('{"price":{"amount":"999999999999999999","currency":"EUR"}}');
    expect(padPlaintext(short).length).toBe(padPlaintext(long).length);
  });

  it('refuses malformed padding', () => {
    const good = padPlaintext(new Uint8Array(10));
    const noMarker = good.slice();
    noMarker[10] = 0;
    const junkAfterMarker = good.slice();
    junkAfterMarker[1000] = 1;
    const markerOnly = new Uint8Array(1024);
    markerOnly[0] = 0x80;
    expect(unpadPlaintext(noMarker)).toBeUndefined();
    expect(unpadPlaintext(junkAfterMarker)).toBeUndefined();
    expect(unpadPlaintext(good.subarray(0, 1000))).toBeUndefined();
    expect(unpadPlaintext(new Uint8Array(0))).toBeUndefined();
    expect(unpadPlaintext(new Uint8Array(2048).fill(0x80, 0, 1))).toBeUndefined();
    expect(unpadPlaintext(markerOnly)).toEqual(new Uint8Array(0));
  });
});
