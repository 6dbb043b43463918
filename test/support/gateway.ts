/**
 * The real gateway, as a child process (the built gateway/dist), against the real network, on its own
 * port and state folder, plus a small HTTP client for the tests. Tests own its lifecycle: start it in
 * beforeAll, stop it in afterAll, restart it to prove resumption.
 */
import { type GatewayProcess, startGatewayProcess } from '../../scripts/lib/gateway-process';
import { demoUser, net } from './network';

export type RunningGateway = GatewayProcess;

let nextPort = net.topology.gateway.port + 100;

/** Starts the built gateway; pass the same stateDir again to restart it with its wallet and checkpoints. */
export async function startGateway(
  options: { stateDir?: string; env?: NodeJS.ProcessEnv; tlsCaFile?: string } = {},
): Promise<RunningGateway> {
  const env: NodeJS.ProcessEnv = { PORT: String(nextPort++), LOG_LEVEL: 'warn', ...options.env };
  if (options.stateDir) env.STATE_DIR = options.stateDir;
  return startGatewayProcess(
    net,
    env,
    options.tlsCaFile === undefined ? {} : { tlsCaFile: options.tlsCaFile },
  );
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A signed-in user of the gateway's HTTP API. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token?: string,
  ) {}

  static async login(gateway: RunningGateway, username: string): Promise<ApiClient> {
    const user = demoUser(username);
    const res = await new ApiClient(gateway.baseUrl).post('/api/v1/auth/login', {
      mspId: user.mspId,
      username: user.username,
      password: user.password,
    });
    if (res.status !== 200)
      throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return new ApiClient(gateway.baseUrl, res.body.token as string);
  }

  get<T = Record<string, unknown>>(pathname: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', pathname);
  }

  post<T = Record<string, unknown>>(pathname: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', pathname, body);
  }

  put<T = Record<string, unknown>>(pathname: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', pathname, body);
  }

  delete<T = Record<string, unknown>>(pathname: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', pathname, body);
  }

  /** Sends a raw body (for malformed or oversized payloads). */
  async raw(
    method: string,
    pathname: string,
    body: string,
    contentType = 'application/json',
  ): Promise<ApiResponse> {
    const res = await fetch(`${this.baseUrl}${pathname}`, {
      method,
      headers: this.headers(contentType),
      body,
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => ({}))) as Record<string, unknown>,
      headers: res.headers,
    };
  }

  private headers(contentType = 'application/json'): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return headers;
  }

  private async request<T>(method: string, pathname: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${pathname}`, {
      method,
      headers: this.headers(),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  }
}

/** Waits until the wall clock passes an RFC 3339 instant (plus a margin for the ordering delay). */
export async function waitUntil(instant: string, marginMs = 1_500): Promise<void> {
  const delay = new Date(instant).getTime() + marginMs - Date.now();
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
}
