import type { TestProject } from 'vitest/node';
import { detectRealServices } from '../src/testing/real-services.ts';
import type { RealServices } from '../src/testing/real-services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    realServices: RealServices;
  }
}

/** Looks for real PostgreSQL and Redis once per run and tells every suite what it found. */
export default async function setup(project: TestProject): Promise<void> {
  const real = await detectRealServices();
  project.provide('realServices', real);
  if (real.missing.length > 0) {
    console.warn(
      `\n[pustaka] real-service suites SKIPPED: ${real.missing.join('; ')}.\n` +
        '          Start them or set TEST_DATABASE_URL / TEST_REDIS_URL to run those suites.\n',
    );
  } else {
    console.log(`\n[pustaka] real-service suites ON: PostgreSQL, Redis and RabbitMQ reachable.\n`);
  }
}
