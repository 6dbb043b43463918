/** Progress output for the scripts: one line per step, so a long run shows where it is. */
export function step(message: string): void {
  console.log(`==> ${message}`);
}

export function detail(message: string): void {
  console.log(`    ${message}`);
}

/** Runs `work`, printing the elapsed time every `everyMs` so long builds visibly progress. */
export async function withHeartbeat<T>(label: string, work: () => Promise<T>, everyMs = 20_000): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    detail(`${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`);
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
