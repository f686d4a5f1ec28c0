/** How far each step of a rebuild is, as a run reports it. */
export interface StepProgress {
  name: string;
  state: 'waiting' | 'running' | 'done';
  items: number;
}

/**
 * Prints a rebuild's progress as it comes, a line when a step starts or ends and at most one a
 * second in between, so a rebuild of 100,000 books says where it is without flooding the terminal.
 *
 * @example
 *   const progress = progressPrinter(console.log);
 *   progress.update([{ name: 'books', state: 'running', items: 500 }]); // "  books: 500 …"
 *   progress.finished('succeeded', null);                              // "Rebuilt in 1.4 s: 500 books, 3 events, 40 orders, 12 bookings."
 */
export function progressPrinter(print: (line: string) => void, clock: () => number = Date.now, live = 'the live index is') {
  const started = clock();
  let lastPrinted = 0;
  let last: StepProgress[] = [];
  return {
    update(steps: readonly StepProgress[]) {
      const changed = steps.some((step, index) => step.state !== last[index]?.state);
      const moved = steps.some((step, index) => step.items !== last[index]?.items);
      if (changed || (moved && clock() - lastPrinted >= 1000)) {
        const current = steps.find((step) => step.state === 'running');
        for (const [index, step] of steps.entries()) {
          if (step.state === 'done' && last[index]?.state !== 'done') print(`  ${step.name}: ${step.items} done`);
        }
        if (current) print(`  ${current.name}: ${current.items} …`);
        lastPrinted = clock();
      }
      last = steps.map((step) => ({ ...step }));
    },
    finished(state: 'succeeded' | 'failed', error: string | null): string {
      const seconds = ((clock() - started) / 1000).toFixed(1);
      return state === 'succeeded'
        ? `Rebuilt in ${seconds} s: ${last.map((step) => `${step.items} ${step.name}`).join(', ')}.`
        : `The rebuild failed after ${seconds} s (${live} as it was): ${error ?? 'no reason given'}`;
    },
  };
}
