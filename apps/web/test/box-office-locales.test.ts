import { describe, expect, it } from 'vitest';
import en from '../app/locales/box-office.en.ts';
import id from '../app/locales/box-office.id.ts';
import { BOX_OFFICE_PROBLEM_CODES } from '../app/utils/box-office-problems.ts';

/** Every message path of a locale, with the {placeholders} each message uses. */
function messagesOf(tree: object, prefix = ''): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string'
        ? [[`${prefix}${key}`, [...new Set(value.match(/\{\w+\}/g) ?? [])].sort()]]
        : Object.entries(messagesOf(value as object, `${prefix}${key}.`)),
    ),
  );
}

describe("the box office's messages", () => {
  it('has every English message in Indonesian too, with the same placeholders', () => {
    expect(messagesOf(id)).toEqual(messagesOf(en));
  });

  it('words every problem code the pages explain, and 401 (a session that ended)', () => {
    expect(Object.keys(en.boxOffice.problem).sort()).toEqual([...BOX_OFFICE_PROBLEM_CODES, 'UNAUTHORIZED'].sort());
  });
});
