import autocannon from 'autocannon';

export interface OrderLoadResult {
  /** Orders placed (201) per second; refusals and failures do not count. */
  ordersPerSecond: number;
  /** Over every response, whatever its status. */
  p50Ms: number;
  p99Ms: number;
  placed: number;
  /** 409: OUT_OF_STOCK (the stock ran out: the run was sized wrong) or another conflict. */
  conflicts: number;
  serverErrors: number;
  otherNon2xx: number;
  /** Sockets that failed or timed out. */
  errors: number;
}

export interface OrderLoadOptions {
  gateway: string;
  connections: number;
  durationSeconds: number;
  memberTokens: string[];
  /** The book of the next order's one line. */
  pickBook: () => string;
}

/**
 * `POST /api/orders` for a fixed time with autocannon, each request its own body (one line, one
 * unit, the book `pickBook` says) and the next member's token in turn.
 */
export async function runOrderLoad(options: OrderLoadOptions): Promise<OrderLoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.gateway)) throw new Error('load is only sent to loopback');
  let turn = 0;
  const result = await autocannon({
    url: options.gateway,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/api/orders',
        setupRequest: (request) => ({
          ...request,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${options.memberTokens[turn++ % options.memberTokens.length]}`,
          },
          body: JSON.stringify({ items: [{ bookId: options.pickBook(), quantity: 1 }] }),
        }),
      },
    ],
  });
  const count = (status: number) => result.statusCodeStats?.[`${status}`]?.count ?? 0;
  const placed = count(201);
  const conflicts = count(409);
  return {
    ordersPerSecond: placed / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    placed,
    conflicts,
    serverErrors: result['5xx'],
    otherNon2xx: result.non2xx - conflicts - result['5xx'],
    errors: result.errors + result.timeouts,
  };
}
