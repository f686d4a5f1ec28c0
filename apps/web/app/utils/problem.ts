/** What the API says went wrong (problem+json), or a plain network failure. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
}

/**
 * The problem inside an `$api` error, whatever threw it: the API's own problem+json, a timeout,
 * or no network at all (status 0, code OFFLINE).
 */
export function problemOf(error: unknown): Problem {
  const failure = error as { status?: number; data?: Partial<Problem> & { code?: string } };
  const data = failure?.data;
  if (data && typeof data === 'object' && typeof data.code === 'string') {
    return { status: failure.status ?? data.status ?? 500, code: data.code, title: data.title ?? data.code, ...(data.detail ? { detail: data.detail } : {}) };
  }
  if (!failure?.status) return { status: 0, code: 'OFFLINE', title: 'No connection' };
  return { status: failure.status, code: 'UNEXPECTED', title: `Unexpected answer (${failure.status})` };
}
