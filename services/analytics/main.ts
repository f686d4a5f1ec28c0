// Analytics on its own: `node services/analytics/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import analytics from './service.ts';

await runStandalone(analytics);
