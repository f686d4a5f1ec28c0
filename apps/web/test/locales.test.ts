import { describe, expect, it } from 'vitest';
import en from '../app/locales/en.ts';
import id from '../app/locales/id.ts';

/** Every key path of a message tree: `book.reason.popular`, ... */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** The `{placeholders}` of a message, each once (plural forms repeat them in English, not in Indonesian). */
const placeholdersOf = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\}/g)].map(([, name]) => name))].sort();

const at = (tree: object, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], tree) as string;

describe("the web app's two languages", () => {
  it('have the same messages, each with the same placeholders', () => {
    expect(keysOf(id).sort()).toEqual(keysOf(en).sort());
    for (const key of keysOf(en)) expect({ key, placeholders: placeholdersOf(at(id, key)) }).toEqual({ key, placeholders: placeholdersOf(at(en, key)) });
  });

  it('leave no message empty', () => {
    for (const tree of [en, id]) for (const key of keysOf(tree)) expect({ key, empty: at(tree, key).trim() === '' }).toEqual({ key, empty: false });
  });
});
