import type { HostileRequest } from './hostile-requests.ts';

export interface SweepAnswer {
  request: HostileRequest;
  role: string;
  status: number;
  problems: string[];
}

/** The sweep's figures as a table: requests and answers per hostile class, by status. */
export function sweepFigures(answers: SweepAnswer[]): string {
  const statuses = [...new Set(answers.map((answer) => answer.status))].sort((a, b) => a - b);
  const byClass = new Map<string, Map<number, number>>();
  for (const { request, status } of answers) {
    const row = byClass.get(request.hostileClass) ?? new Map<number, number>();
    row.set(status, (row.get(status) ?? 0) + 1);
    byClass.set(request.hostileClass, row);
  }
  const header = ['class'.padEnd(36), 'requests'.padStart(8), ...statuses.map((status) => String(status).padStart(6))].join(' ');
  const lines = [...byClass.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hostileClass, row]) =>
      [
        hostileClass.padEnd(36),
        String([...row.values()].reduce((sum, count) => sum + count, 0)).padStart(8),
        ...statuses.map((status) => String(row.get(status) ?? '').padStart(6)),
      ].join(' '),
    );
  return [header, ...lines, `${'all'.padEnd(36)} ${String(answers.length).padStart(8)}`].join('\n');
}
