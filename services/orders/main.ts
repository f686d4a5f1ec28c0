// Orders on its own: `node services/orders/main.ts`; `--help` lists the environment it reads.
import { runStandalone } from '@pustaka/kit/platform';
import orders from './service.ts';

await runStandalone(orders);
