import { describe, expect, it } from 'vitest';
import { markedSnippet, markedText, markedTitle } from '../src/search/snippets.ts';
import { queryWords, tsqueryText, typoBudget, withinTypos } from '../src/search/search-terms.ts';

describe('search terms', () => {
  it('cuts a query into folded words and sets stop words aside', () => {
    expect(queryWords('  Bumi dan MANUSIA ')).toEqual({ words: ['bumi', 'manusia'], ignored: ['dan'] });
    expect(queryWords('García-Márquez, the Solitude')).toEqual({ words: ['garcia', 'marquez', 'solitude'], ignored: ['the'] });
    expect(queryWords("x' & y:* | !(z)")).toEqual({ words: ['x', 'y', 'z'], ignored: [] });
    expect(queryWords(undefined)).toEqual({ words: [], ignored: [] });
  });

  it('forgives no typo below five letters, one from five, two from nine', () => {
    expect([4, 5, 8, 9, 12].map((length) => typoBudget('a'.repeat(length)))).toEqual([0, 1, 1, 2, 2]);
    expect(withinTypos('lasker', 'laskar')).toBe(true);
    expect(withinTypos('solarsi', 'solaris')).toBe(true);
    expect(withinTypos('lsakre', 'laskar')).toBe(false);
    expect(withinTypos('midlemarsh', 'middlemarch')).toBe(true);
    expect(withinTypos('bumu', 'bumi')).toBe(false);
  });

  it('writes a tsquery every word must match, the last also as a prefix, with nothing but letters and digits', () => {
    expect(
      tsqueryText([
        { word: 'lasker', corrections: ['laskar', 'lasker'] },
        { word: 'pel', corrections: [] },
      ]),
    ).toBe('(lasker | laskar) & (pel | pel:*)');
    expect(tsqueryText([{ word: "a'|b", corrections: [] }])).toBe('(ab | ab:*)');
    // For stemming, the last word whole: half a word stems to nonsense ("pelaj" to "laj").
    expect(
      tsqueryText(
        [
          { word: 'laskar', corrections: [] },
          { word: 'pel', corrections: [] },
        ],
        { lastAsPrefix: false },
      ),
    ).toBe('(laskar) & (pel)');
  });

  it('escapes snippets as HTML and marks matches', () => {
    expect(markedSnippet('<b>Minke</b> & \u0002Annelies\u0003')).toBe('&lt;b&gt;Minke&lt;/b&gt; &amp; <mark>Annelies</mark>');
  });

  it('marks the words of a title that are lexemes of the query, or start with its last word, accents and case folded', () => {
    const terms = { lexemes: new Set(['garcia', 'hitchhiker']), prefix: 'sol' };
    expect(markedTitle('Gabriel García Márquez: One Hundred Years of Solitude', terms)).toBe(
      'Gabriel <mark>García</mark> Márquez: One Hundred Years of <mark>Solitude</mark>',
    );
    expect(markedTitle("The Hitchhiker's Guide <to> the Galaxy", terms)).toBe('The <mark>Hitchhiker</mark>&#39;s Guide &lt;to&gt; the Galaxy');
    expect(markedTitle('Łódź', { lexemes: new Set(['lodz']), prefix: null })).toBe('<mark>Łódź</mark>');
  });

  it('cuts a long text to two fragments around its matches, and shows the start of one with none', () => {
    const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
    const text = `${words.join(' ')}.`;
    const fragments = markedText(text, { lexemes: new Set(['w30', 'w70', 'w75']), prefix: null });
    expect(fragments).toBe(
      `${words.slice(18, 30).join(' ')} <mark>w30</mark> ${words.slice(31, 42).join(' ')} … ${words.slice(56, 70).join(' ')} <mark>w70</mark> ${words.slice(71, 75).join(' ')} <mark>w75</mark> ${words.slice(76).join(' ')}.`,
    );
    expect(markedText(text, { lexemes: new Set(['nothing']), prefix: null })).toBe(words.slice(0, 12).join(' '));
    expect(markedText('A short synopsis about a school & more.', { lexemes: new Set(['school']), prefix: null })).toBe(
      'A short synopsis about a <mark>school</mark> &amp; more.',
    );
  });
});
