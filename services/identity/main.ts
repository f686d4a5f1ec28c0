// Identity on its own: `node services/identity/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import identity from './service.ts';

await runStandalone(identity);
