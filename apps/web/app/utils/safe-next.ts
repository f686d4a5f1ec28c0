/** Where to go after signing in: a path of this site only (never `//elsewhere` or `https://…`). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
