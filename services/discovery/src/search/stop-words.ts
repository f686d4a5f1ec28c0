/**
 * Words too common to search by. PostgreSQL's English configuration drops its own list when it
 * stems, but its Indonesian one has no stop words at all, so both lists are here: a query made only
 * of them gets a clear answer instead of every document that says "the" or "yang".
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
    'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having ' +
    'do does did doing a an the and but if or because as until while of at by for with about against between into through during ' +
    'before after above below to from up down in out on off over under again further then once here there when where why how all any ' +
    'both each few more most other some such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

/**
 * A small list of Indonesian function words (conjunctions, prepositions, particles), on purpose
 * without nouns and pronouns a title may turn on ("Aku", "Kami").
 */
export const INDONESIAN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'yang dan di ke dari pada untuk dengan ini itu adalah atau juga dalam oleh sebagai karena akan telah sudah bahwa tetapi namun ' +
    'serta agar supaya maka lalu jika kalau ketika saat bagi tentang hingga sampai antara secara tersebut pun lah kah nya para'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return ENGLISH_STOP_WORDS.has(word) || INDONESIAN_STOP_WORDS.has(word);
}
