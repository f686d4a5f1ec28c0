/**
 * Whether an `If-None-Match` header (one tag, a list, or `*`) names the current `etag`, so a GET
 * may be answered 304. Weak comparison, as RFC 9110 asks for If-None-Match.
 *
 * @example
 *   if (matchesIfNoneMatch(request.headers['if-none-match'], '"abc"')) return reply.status(304).send(null);
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  return header.split(',').some((tag) => {
    const given = tag.trim();
    return given === '*' || given === opaque || given === `W/${opaque}`;
  });
}
