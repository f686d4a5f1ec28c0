/*
 * Factories for suites that need people: identity's own tests and those of the apps around it
 * (`@pustaka/identity/testing`). Everyone is made through the API, as a person would be.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { HttpClient } from '@pustaka/kit/testing';
import { identitySettings } from './config.ts';
import type { IdentitySettings } from './config.ts';
import type { Session } from './src/auth/auth.schema.ts';

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

/** The body of `POST /api/auth/register`: someone new, with a unique email. */
export function newMember(overrides: Partial<NewMember> = {}): NewMember {
  const tag = randomUUID().slice(0, 8);
  return { email: `member-${tag}@example.com`, password: `secret-${tag}-pw`, name: `Member ${tag}`, ...overrides };
}

/** A session as the API answered it, with the password that opened it. */
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

/**
 * One person of each role, signed in: a new member, a new member the admin made staff (signed in
 * again, since the role is a claim of the token), and the configured admin.
 *
 * @example
 *   const { member, staff, admin } = await signInEachRole(api);
 *   await api.post('/api/books', { token: staff.accessToken, body: newBook(categoryId) });
 */
export async function signInEachRole(
  api: HttpClient,
  admin: { email: string; password: string } = ADMIN,
): Promise<Record<'member' | 'staff' | 'admin', SignedIn>> {
  const adminSession = await logIn(api, admin);
  const member = await registerMember(api);
  const clerk = await registerMember(api);
  const promoted = await api.patch(`/api/users/${clerk.user.id}`, { token: adminSession.accessToken, body: { role: 'staff' } });
  expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
  const staff = await logIn(api, { email: clerk.user.email, password: clerk.password });
  return { member, staff, admin: adminSession };
}
