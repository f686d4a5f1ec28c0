import pino from 'pino';
import type { Logger } from 'pino';
import { httpClient, startTestPlatform } from '@pustaka/kit/testing';
import type { HttpClient, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { testSettings } from '../testing.ts';
import type { IdentitySettings } from '../config.ts';

// The factories live in the service's testing entry; the suites that still import them from here get them.
export { ADMIN, logIn, logInAsAdmin, newMember, registerMember, testSettings } from '../testing.ts';
export type { NewMember, SignedIn } from '../testing.ts';

export interface IdentityUnderTest {
  platform: TestPlatform;
  api: HttpClient;
  close(): Promise<void>;
}

/** Identity alone on a free port, with a configured admin (see `testSettings`). */
export async function startIdentity(storage: TestStorage, settings: IdentitySettings = testSettings()): Promise<IdentityUnderTest> {
  const platform = await startTestPlatform(storage, [identityService(settings)]);
  return { platform, api: httpClient(platform.url), close: () => platform.close() };
}

/** Real time plus an offset the test moves: for expiry and throttle windows without waiting. */
export function adjustableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    shift: (ms: number) => {
      offsetMs += ms;
    },
    reset: () => {
      offsetMs = 0;
    },
  };
}

/** A logger that keeps what it writes, for asserting on start-up messages. */
export function capturingLogger(): { logger: Logger; lines: () => Array<{ level: number; msg: string }> } {
  const written: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void written.push(line) });
  return { logger, lines: () => written.map((line) => JSON.parse(line)) };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
