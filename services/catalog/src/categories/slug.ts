const MAX_SLUG_LENGTH = 80;

/**
 * A URL slug from a display name: accents dropped, lowercase, runs of anything else as one hyphen.
 * Empty when the name has no Latin letters or digits (the caller must then ask for a slug).
 *
 * @example
 *   slugify('Science Fiction & Fantasy'); // 'science-fiction-fantasy'
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
}
