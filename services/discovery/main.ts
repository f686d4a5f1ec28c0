// Discovery on its own: `node services/discovery/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import discovery from './service.ts';

await runStandalone(discovery);
