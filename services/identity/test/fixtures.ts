import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import pino from 'pino';
import type { Logger } from 'pino';
import type { HttpClient } from '@pustaka/kit/testing';
import { identitySettings } from '../config.ts';
import type { IdentitySettings } from '../config.ts';
import type { Session } from '../src/auth/auth.schema.ts';

export const ADMIN = { email: 'root@pustaka.test', password: 'root-password-123' };

/**
 * Defaults, plus a configured admin every suite can sign in as. Every test client signs up from
 * 127.0.0.1, so the per-address sign-up limit is lifted unless a suite sets its own.
 */
export function testSettings(overrides: Partial<IdentitySettings> = {}): IdentitySettings {
  return identitySettings({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REGISTRATIONS_PER_ADDRESS_PER_HOUR: 1_000_000, ...overrides });
}

export interface NewMember {
  email: string;
  password: string;
  name: string;
}

export function newMember(overrides: Partial<NewMember> = {}): NewMember {
  const tag = randomUUID().slice(0, 8);
  return { email: `member-${tag}@example.com`, password: `secret-${tag}-pw`, name: `Member ${tag}`, ...overrides };
}

export type SignedIn = Session & { password: string };

export async function registerMember(api: HttpClient, member: NewMember = newMember()): Promise<SignedIn> {
  const response = await api.post<Session>('/api/auth/register', { body: member });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { ...response.body, password: member.password };
}

export async function logIn(api: HttpClient, credentials: { email: string; password: string }): Promise<SignedIn> {
  const response = await api.post<Session>('/api/auth/login', { body: { email: credentials.email, password: credentials.password } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return { ...response.body, password: credentials.password };
}

export async function logInAsAdmin(api: HttpClient): Promise<SignedIn> {
  return logIn(api, ADMIN);
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
