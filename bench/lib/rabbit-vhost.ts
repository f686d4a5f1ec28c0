import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RABBITMQCTL = process.env.RABBITMQCTL ?? 'rabbitmqctl';

export interface BrokerScope {
  amqpUrl: string;
  /** Why the default virtual host is used, when it is. */
  warning?: string;
  remove(): Promise<void>;
}

/**
 * A virtual host of its own for one bench run. Exchange and queue names are fixed
 * (`pustaka.events`, `catalog.reservations`), so a cluster on the default vhost would share its
 * consumer queue with any other cluster on this broker (someone's test run): each would take half
 * of the other's `order.placed` events. Needs `rabbitmqctl` (root on this machine); without it the
 * default vhost is used and the caller says so.
 */
export async function createBrokerScope(amqpUrl: string, name: string): Promise<BrokerScope> {
  const ctl = (...args: string[]) => run(RABBITMQCTL, args, { timeout: 60_000 });
  try {
    await ctl('add_vhost', name);
    const user = decodeURIComponent(new URL(amqpUrl).username || 'guest');
    await ctl('set_permissions', '-p', name, user, '.*', '.*', '.*');
  } catch (error) {
    return {
      amqpUrl,
      warning: `could not create a RabbitMQ vhost (${(error as Error).message.split('\n')[0]}); using the default one, shared with any other cluster on this broker`,
      remove: async () => {},
    };
  }
  const scoped = new URL(amqpUrl);
  scoped.pathname = `/${encodeURIComponent(name)}`;
  return {
    amqpUrl: scoped.toString(),
    remove: async () => {
      await ctl('delete_vhost', name).catch(() => {});
    },
  };
}
