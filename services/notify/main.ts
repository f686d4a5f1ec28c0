// Notify on its own: `node services/notify/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import notify from './service.ts';

await runStandalone(notify);
