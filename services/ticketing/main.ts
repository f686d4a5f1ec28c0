// Ticketing on its own: `node services/ticketing/main.ts` with DATABASE_URL, REDIS_URL, AMQP_URL
// and JWKS_URL.
import { runStandalone } from '@pustaka/kit/platform';
import { loadTicketingConfig } from './config.ts';
import { ticketingService } from './src/ticketing.service-module.ts';

await runStandalone({
  name: 'ticketing',
  loadConfig: loadTicketingConfig,
  services: (config) => [ticketingService(config)],
});
