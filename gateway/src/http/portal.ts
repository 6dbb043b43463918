/**
 * The portal (web/dist) at `/`: its hashed assets cached for good, and index.html for every other page
 * path the browser asks for (the portal routes in the browser). API paths never fall through to it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { API_BASE } from '@procurement/contract';
import express, { type RequestHandler, Router } from 'express';

/**
 * Content-Security-Policy for every answer: scripts, styles and connections only from this origin, no
 * inline script or style, no plugins, no framing, forms post only here.
 */
export const PORTAL_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Paths that belong to the gateway itself, never to the portal. */
const NOT_PORTAL = [API_BASE, '/public/', '/assets/', '/healthz', '/readyz', '/metrics'];

function isPortalPath(pathname: string): boolean {
  return !NOT_PORTAL.some((prefix) => pathname === prefix || pathname.startsWith(prefix));
}

/** The portal's routes; none when there is no portal to serve. */
export function portalRoutes(webRoot: string | undefined): Router {
  const router = Router();
  if (webRoot === undefined) return router;
  const index = path.join(webRoot, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(webRoot, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: true,
    }),
  );
  const page: RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPortalPath(req.path) || !existsSync(index)) {
      next();
      return;
    }
    res.set('cache-control', 'no-cache');
    res.sendFile(index);
  };
  router.use(page);
  return router;
}
