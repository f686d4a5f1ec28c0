/**
 * A short unified-style diff from `before` to `after`: changed lines marked `-`/`+` with `context`
 * unchanged lines around them, each hunk headed by its line in `before`, at most `maxLines` lines.
 * Line-level longest common subsequence: snapshot files are a few hundred lines, so the quadratic
 * table is small.
 *
 * @example
 *   shortDiff('a\nb', 'a\nc'); // '@@ line 1 @@\n  a\n- b\n+ c'
 */
export function shortDiff(before: string, after: string, { context = 2, maxLines = 40 } = {}): string {
  const lines = diffLines(before.split('\n'), after.split('\n'));
  const near = lines.map(() => false);
  lines.forEach((line, n) => {
    if (line.op === ' ') return;
    for (let m = Math.max(0, n - context); m <= Math.min(lines.length - 1, n + context); m++) near[m] = true;
  });
  const shown: string[] = [];
  let lineOfBefore = 1;
  lines.forEach((line, n) => {
    if (near[n]) {
      if (!near[n - 1]) shown.push(`@@ line ${lineOfBefore} @@`);
      shown.push(`${line.op} ${line.text}`.trimEnd());
    }
    if (line.op !== '+') lineOfBefore += 1;
  });
  if (shown.length <= maxLines) return shown.join('\n');
  return [...shown.slice(0, maxLines), `… ${shown.length - maxLines} more lines of diff`].join('\n');
}

interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

function diffLines(before: string[], after: string[]): DiffLine[] {
  // common[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const common = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      common[i][j] = before[i] === after[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      lines.push({ op: ' ', text: before[i] });
      i += 1;
      j += 1;
    } else if (i < before.length && (j === after.length || common[i + 1][j] >= common[i][j + 1])) {
      lines.push({ op: '-', text: before[i++] });
    } else {
      lines.push({ op: '+', text: after[j++] });
    }
  }
  return lines;
}
