import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { World } from '../testing/world';

describe('the portal served at /', () => {
  let webRoot: string;
  let world: World;

  beforeEach(() => {
    webRoot = mkdtempSync(path.join(tmpdir(), 'portal-'));
    mkdirSync(path.join(webRoot, 'assets'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(webRoot, 'assets', 'app-1234.js'), 'console.log(1);');
    world = new World({ app: { webRoot } });
  });

  afterEach(() => {
    world.cleanup();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('when a browser asks for / or a page path, then it gets index.html, revalidated each time', async () => {
    for (const page of ['/', '/tenders/T-1', '/awards']) {
      const res = await request(world.app).get(page);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('when an asset is asked for, then it is served for good; a missing one is 404, not the page', async () => {
    const asset = await request(world.app).get('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    const missing = await request(world.app).get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<div id="root">');
  });

  it('when any answer is sent, then its CSP allows no inline script and no other origin', async () => {
    const res = await request(world.app).get('/');
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('when an API path is unknown, then it stays a JSON 404 and API answers are never cached', async () => {
    const token = await world.token('auditor');
    const unknown = await request(world.app).get('/api/v1/nowhere').set('authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/json/);
    const policy = await request(world.app).get('/api/v1/policy').set('authorization', `Bearer ${token}`);
    expect(policy.headers['cache-control']).toBe('no-store');
  });

  it('when the portal is not built, then / is a JSON 404', async () => {
    rmSync(path.join(webRoot, 'index.html'));
    const res = await request(world.app).get('/');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
