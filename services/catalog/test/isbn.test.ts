import { describe, expect, it } from 'vitest';
import { normalizeIsbn } from '../src/books/isbn.ts';
import { slugify } from '../src/categories/slug.ts';

describe('ISBN normalisation', () => {
  it('keeps a valid ISBN-13 and drops hyphens and spaces', () => {
    expect(normalizeIsbn('978-0-306-40615-7')).toBe('9780306406157');
    expect(normalizeIsbn(' 978 0306 406157 ')).toBe('9780306406157');
  });

  it('turns an ISBN-10, with an X check digit too, into its ISBN-13', () => {
    expect(normalizeIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(normalizeIsbn('080442957x')).toBe('9780804429573');
  });

  it('accepts 979 ISBNs from any range, assigned yet or not', () => {
    expect(normalizeIsbn('979-10-90636-07-1')).toBe('9791090636071');
    expect(normalizeIsbn('979-4670-8632-6-3')).toBe('9794670863263');
  });

  it.each([
    ['a wrong ISBN-13 check digit', '978-0-306-40615-8'],
    ['a wrong ISBN-10 check digit', '0-306-40615-3'],
    ['an X anywhere but last', '0-306-4X615-2'],
    ['a prefix other than 978 or 979', '977-0-306-40615-0'],
    ['a wrong length', '978030640615'],
    ['letters', '978-0-306-4O615-7'],
    ['nothing', ''],
  ])('rejects %s', (_case, input) => {
    expect(normalizeIsbn(input)).toBeUndefined();
  });
});

describe('category slugs', () => {
  it('derives lowercase kebab-case from a display name, accents dropped', () => {
    expect(slugify('Science Fiction & Fantasy')).toBe('science-fiction-fantasy');
    expect(slugify('  Ciência -- Política!  ')).toBe('ciencia-politica');
    expect(slugify('小説')).toBe('');
  });
});
