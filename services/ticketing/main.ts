// Ticketing on its own: `node services/ticketing/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import ticketing from './service.ts';

await runStandalone(ticketing);
