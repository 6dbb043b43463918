import { describe, expect, it } from '@jest/globals';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';

import type { Caller } from '../domain/caller';
import { type TokenKey, TokenService, parseTokenKeys } from './tokens';

const officer: Caller = { mspId: 'PublicWorksMSP', username: 'pw-officer', role: 'officer' };
const key = (kid: string, fill: number): TokenKey => ({ kid, secret: Buffer.alloc(32, fill) });
const OLD = key('2026-10', 1);
const NEW = key('2026-11', 2);

describe('tokens: ids, logout denylist, key rotation (issue 10, finding 11)', () => {
  it('carries a unique jti and the signing key id', async () => {
    const tokens = new TokenService({ keys: [NEW, OLD], ttlSeconds: 600 });
    const a = await tokens.issue(officer);
    const b = await tokens.issue(officer);
    expect(decodeProtectedHeader(a.token)).toMatchObject({ alg: 'HS256', kid: '2026-11' });
    expect(typeof decodeJwt(a.token).jti).toBe('string');
    expect(decodeJwt(a.token).jti).not.toBe(decodeJwt(b.token).jti);
    const session = await tokens.verifySession(a.token);
    expect(session).toEqual({
      caller: officer,
      tokenId: decodeJwt(a.token).jti,
      expiresAt: new Date(a.expiresAt).getTime(),
    });
  });

  it('when a token is logged out, then it is refused, its listeners are told once, and the same user’s other tokens still work', async () => {
    const tokens = new TokenService({ keys: [NEW], ttlSeconds: 600 });
    const a = await tokens.issue(officer);
    const b = await tokens.issue(officer);
    const session = await tokens.verifySession(a.token);
    let told = 0;
    tokens.onRevoked(session.tokenId, () => (told += 1));
    const unsubscribed = tokens.onRevoked(session.tokenId, () => (told += 100));
    unsubscribed();
    tokens.revoke(session);
    tokens.revoke(session);
    expect(told).toBe(1);
    await expect(tokens.verify(a.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await tokens.verify(b.token)).toEqual(officer);
  });

  it('forgets a denied token id once the token has expired anyway', async () => {
    let now = Date.now();
    const tokens = new TokenService({ keys: [NEW], ttlSeconds: 60, now: () => now });
    const session = await tokens.verifySession((await tokens.issue(officer)).token);
    tokens.revoke(session);
    expect(tokens.isRevoked(session.tokenId)).toBe(true);
    now += 61_000;
    tokens.revoke(await tokens.verifySession((await tokens.issue(officer)).token));
    expect(tokens.isRevoked(session.tokenId)).toBe(false);
  });

  it('when the key is rotated, then the new key signs, tokens of the old key verify until they expire, and a gateway without the old key refuses them', async () => {
    let now = Date.now();
    const before = new TokenService({ keys: [OLD], ttlSeconds: 600, now: () => now });
    const oldToken = (await before.issue(officer)).token;
    const rotated = new TokenService({ keys: [NEW, OLD], ttlSeconds: 600, now: () => now });
    const newToken = (await rotated.issue(officer)).token;
    expect(decodeProtectedHeader(newToken).kid).toBe(NEW.kid);
    expect(await rotated.verify(oldToken)).toEqual(officer);
    expect(await rotated.verify(newToken)).toEqual(officer);
    now += 601_000;
    await expect(rotated.verify(oldToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const retired = new TokenService({ keys: [NEW], ttlSeconds: 600 });
    await expect(retired.verify(oldToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses tokens without a key id, with an unknown one, without a jti, or living longer than the TTL', async () => {
    const tokens = new TokenService({ keys: [NEW], ttlSeconds: 600 });
    const now = Math.floor(Date.now() / 1000);
    const craft = (
      header: Record<string, unknown>,
      claims: Record<string, unknown>,
      secret = NEW.secret,
      lifetime = 300,
    ) =>
      new SignJWT({ msp: 'PublicWorksMSP', role: 'officer', ...claims })
        .setProtectedHeader({ alg: 'HS256', ...header })
        .setSubject('pw-officer')
        .setIssuer('procurement-gateway')
        .setAudience('procurement-api')
        .setIssuedAt(now)
        .setExpirationTime(now + lifetime)
        .sign(secret);
    expect(await tokens.verify(await craft({ kid: NEW.kid }, { jti: 'j1' }))).toEqual(officer);
    for (const forged of [
      await craft({}, { jti: 'j2' }),
      await craft({ kid: 'other' }, { jti: 'j3' }),
      await craft({ kid: NEW.kid }, {}),
      await craft({ kid: NEW.kid }, { jti: 'j4' }, NEW.secret, 86400),
      await craft({ kid: NEW.kid }, { jti: 'j5' }, Buffer.alloc(32, 9)),
    ])
      await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('parses TOKEN_KEYS and names what is wrong without echoing secrets', () => {
    const secret = 's'.repeat(32);
    expect(parseTokenKeys(`k2:${secret}, k1:${'t'.repeat(40)}`).map((k) => k.kid)).toEqual(['k2', 'k1']);
    expect(() => parseTokenKeys(`k2:short`)).toThrow('key k2 must be at least 32 characters');
    expect(() => parseTokenKeys(secret)).toThrow('entry 1 needs a key id');
    expect(() => parseTokenKeys(`a:${secret},a:${secret}`)).toThrow('unique');
    expect(() => new TokenService({ keys: [], ttlSeconds: 60 })).toThrow('at least one token key');
    try {
      parseTokenKeys(`bad kid:${secret}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
