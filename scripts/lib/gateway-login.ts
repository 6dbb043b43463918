/**
 * Signs a user in to a gateway over HTTP and returns the bearer token, waiting out a 503 (the CA or the
 * ledger busy) as its Retry-After says, a few times: the benchmarks and the soak sign users in to prepare
 * what they measure, and a busy CA at that point is not a finding.
 */
const ATTEMPTS = 5;

export async function signIn(
  baseUrl: string,
  mspId: string,
  username: string,
  password: string,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mspId, username, password }),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error?: { code?: string } };
    if (body.token) return body.token;
    if (res.status !== 503 || attempt >= ATTEMPTS) {
      throw new Error(`login of ${username} failed: ${res.status} ${body.error?.code ?? ''}`);
    }
    const wait = Number(res.headers.get('retry-after') ?? 1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait) * 1000));
  }
}
