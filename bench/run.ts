// npm run bench -- <scenario>: runs one load scenario on loopback and prints its figures.
import { bookRead } from './scenarios/book-read.ts';
import { checkout, checkoutHot } from './scenarios/checkout.ts';
import { dashboard } from './scenarios/dashboard.ts';
import { notify } from './scenarios/notify.ts';
import { recommend } from './scenarios/recommend.ts';
import { search } from './scenarios/search.ts';
import { seatMap } from './scenarios/seat-map.ts';
import { seatRush } from './scenarios/seat-rush.ts';

const scenarios: Record<string, () => Promise<boolean>> = {
  'book-read': bookRead,
  checkout,
  'checkout-hot': checkoutHot,
  dashboard,
  notify,
  recommend,
  'seat-map': seatMap,
  'seat-rush': seatRush,
  search,
};

const name = process.argv[2];
const scenario = name ? scenarios[name] : undefined;
if (!scenario) {
  console.error(`usage: npm run bench -- <scenario>\nscenarios: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const passed = await scenario();
process.exit(passed ? 0 : 1);
