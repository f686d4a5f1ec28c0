import { MATCH_START, MATCH_STOP } from './search.repository.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A snippet as the API gives it: the text HTML-escaped, each match wrapped in `<mark>…</mark>`,
 * so a client can render it as HTML without trusting what staff typed into a synopsis.
 *
 * @example
 *   markedSnippet('Minke & \u0002Annelies\u0003'); // 'Minke &amp; <mark>Annelies</mark>'
 */
export function markedSnippet(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!)
    .replaceAll(MATCH_START, '<mark>')
    .replaceAll(MATCH_STOP, '</mark>');
}
