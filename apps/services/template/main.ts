// Blank slate on its own: `node services/blank-slate/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import blankSlate from './service.ts';

await runStandalone(blankSlate);
