/** Waiting on real readiness signals (health endpoints, channel state), never on fixed sleeps. */
import http from 'node:http';
import https from 'node:https';
import { sleep } from './proc';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Extra context for the failure message, e.g. the tail of the process's log. */
  diagnose?: () => string;
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs ?? 300);
  }
  const context = options.diagnose ? `\n--- last log lines ---\n${options.diagnose()}` : '';
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}${context}`);
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** For https: the CA certificate to trust and, for mutual TLS, the client certificate and key (PEM). */
export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
}

/** GET a URL; for https, trust only the given CA certificate (and present a client certificate if given). */
export function httpGet(url: string, tls: TlsOptions = {}, timeoutMs = 3_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    };
    const req = url.startsWith('https:')
      ? https.get(url, { ...tls, timeout: timeoutMs }, onResponse)
      : http.get(url, { timeout: timeoutMs }, onResponse);
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
