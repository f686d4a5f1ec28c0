// Row labels as a seating layout names them (`A`, `B`, … `Z`, `AA`, … up to three letters), in
// the order of a spreadsheet's columns, so staff can type a range ("A-J") instead of every row.

const LABEL = /^[A-Z]{1,3}$/;

/** `A` is 1, `Z` 26, `AA` 27. */
function indexOf(label: string): number {
  return [...label].reduce((sum, letter) => sum * 26 + (letter.charCodeAt(0) - 64), 0);
}

function labelOf(index: number): string {
  let label = '';
  for (let rest = index; rest > 0; rest = Math.floor((rest - 1) / 26)) label = String.fromCharCode(65 + ((rest - 1) % 26)) + label;
  return label;
}

/**
 * The rows a person typed: labels and ranges separated by commas or spaces, `"A-C, F"` is
 * `['A', 'B', 'C', 'F']`. `invalid` lists what is not a row label (or a range backwards or over
 * 100 rows), so the form can say so.
 */
export function parseRows(typed: string): { rows: string[]; invalid: string[] } {
  const rows: string[] = [];
  const invalid: string[] = [];
  for (const token of typed
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    const range = /^([A-Z]{1,3})[-–]([A-Z]{1,3})$/.exec(token);
    if (range) {
      const [first, last] = [indexOf(range[1]!), indexOf(range[2]!)];
      if (first > last || last - first >= 100) invalid.push(token);
      else for (let index = first; index <= last; index += 1) rows.push(labelOf(index));
    } else if (LABEL.test(token)) rows.push(token);
    else invalid.push(token);
  }
  return { rows: [...new Set(rows)], invalid };
}

/** Rows written back as briefly as they can be: `['A', 'B', 'C', 'F']` is `"A-C, F"`. */
export function formatRows(rows: readonly string[]): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i <= rows.length; i += 1) {
    const consecutive = i < rows.length && indexOf(rows[i]!) === indexOf(rows[i - 1]!) + 1;
    if (consecutive) continue;
    parts.push(i - 1 > start ? `${rows[start]}-${rows[i - 1]}` : rows[start]!);
    start = i;
  }
  return parts.join(', ');
}
