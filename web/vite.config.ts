/**
 * The portal's build. The contract package ships CommonJS for Node (chaincode, gateway); the portal
 * bundles its ES module sources instead, as the tests and the root type-check read them, so the bundle
 * takes only what the portal imports and needs no contract build first.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The gateway `npm run dev -w web` proxies the API to (npm start's default address, HTTPS). */
const gateway = process.env.GATEWAY_URL ?? 'https://127.0.0.1:3000';
/**
 * npm start's gateway presents a development certificate from the organisation's CA, which Node does not
 * trust: on loopback only (the developer's own gateway) the proxy accepts it; anywhere else it checks.
 */
const target = { target: gateway, secure: !/^https:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(gateway) };

export default defineConfig({
  root: here,
  resolve: {
    alias: { '@procurement/contract': path.join(here, '..', 'contract', 'src', 'index.ts') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      // React Query marks its modules "use client" (for server components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': target, '/public': target, '/healthz': target },
  },
});
