// The catalog on its own: `node services/catalog/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import catalog from './service.ts';

await runStandalone(catalog);
