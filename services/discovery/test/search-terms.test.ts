import { describe, expect, it } from 'vitest';
import { markedSnippet } from '../src/search/snippets.ts';
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
});
