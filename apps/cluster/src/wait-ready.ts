const POLL_MS = 200;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Resolves when every URL answers 200, polling until `deadline` (epoch ms). `gaveUp` is asked
 * between rounds so a crashed process or Ctrl-C ends the wait at once. Throws naming the URLs
 * that never answered.
 *
 * @example
 *   await waitUntilReady(['http://127.0.0.1:3001/readyz'], Date.now() + 60_000, () => false);
 */
export async function waitUntilReady(urls: readonly string[], deadline: number, gaveUp: () => string | undefined): Promise<void> {
  const pending = new Set(urls);
  while (pending.size > 0) {
    const reason = gaveUp();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`not ready in time: ${[...pending].join(', ')}`);
    await Promise.all(
      [...pending].map(async (url) => {
        if (await answers(url)) pending.delete(url);
      }),
    );
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
