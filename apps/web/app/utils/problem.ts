/** What the API says went wrong (problem+json), or a plain network failure. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  /** The problem's own fields beyond the standard ones (OUT_OF_STOCK's `lines`, ...). */
  extensions: Record<string, unknown>;
}

/**
 * The problem inside an `$api` error, whatever threw it: the API's own problem+json, a timeout,
 * or no network at all (status 0, code OFFLINE).
 */
export function problemOf(error: unknown): Problem {
  const failure = error as { status?: number; data?: Partial<Problem> & { code?: string } };
  const data = failure?.data;
  if (data && typeof data === 'object' && typeof data.code === 'string') {
    const { status, code, title, detail, type: _type, instance: _instance, ...extensions } = data as Problem & { type?: string; instance?: string };
    return { status: failure.status ?? status ?? 500, code, title: title ?? code, ...(detail ? { detail } : {}), extensions };
  }
  if (!failure?.status) return { status: 0, code: 'OFFLINE', title: 'No connection', extensions: {} };
  return { status: failure.status, code: 'UNEXPECTED', title: `Unexpected answer (${failure.status})`, extensions: {} };
}
