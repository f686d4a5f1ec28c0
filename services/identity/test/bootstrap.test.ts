import { afterAll, beforeAll, expect, it } from 'vitest';
import { openCache } from '@pustaka/kit/cache';
import type { Database } from '@pustaka/kit/db';
import type { PlatformDeps, ServiceFactory } from '@pustaka/kit/platform';
import { describeEachBackend, httpClient, startTestPlatform, platformDepsFor } from '@pustaka/kit/testing';
import type { TestBackend, TestPlatform, TestStorage } from '@pustaka/kit/testing';
import { identityService } from '../src/identity.service-module.ts';
import { DEFAULT_ADMIN_EMAIL } from '../src/users/first-admin.ts';
import { ADMIN, capturingLogger, logIn, registerMember, silentLogger, testSettings } from './fixtures.ts';
import { identitySettings } from '../config.ts';

describeEachBackend('identity: start-up', (backend: TestBackend) => {
  const opened: TestStorage[] = [];
  const platforms: TestPlatform[] = [];

  async function open(): Promise<TestStorage> {
    const storage = await backend.open();
    opened.push(storage);
    return storage;
  }
  async function start(storage: TestStorage, factory: ServiceFactory): Promise<TestPlatform> {
    const platform = await startTestPlatform(storage, [factory]);
    platforms.push(platform);
    return platform;
  }
  const depsOf = (storage: TestStorage, logger = silentLogger()): PlatformDeps => platformDepsFor(storage, { logger });

  let storage: TestStorage;
  beforeAll(async () => {
    storage = await open();
  });
  // Closing a platform disposes its storage; disposing twice is harmless.
  afterAll(async () => {
    for (const platform of platforms) await platform.close();
    for (const each of opened) await each.dispose();
  });

  it('keeps its signing keys across a restart, so nobody is signed out', async () => {
    // The first process shares the database but must not close it when it stops.
    const database: Database = { ...storage.database, close: async () => {} };
    const first = await startTestPlatform({ database, cache: openCache({ prefix: 'first:' }), dispose: async () => {} }, [identityService(testSettings())]);
    const session = await logIn(httpClient(first.url), ADMIN);
    const jwksBefore = (await httpClient(first.url).get('/.well-known/jwks.json')).body;
    await first.close();

    const api = httpClient((await start(storage, identityService(testSettings()))).url);
    expect((await api.get('/.well-known/jwks.json')).body).toEqual(jwksBefore);
    expect((await api.get('/api/users/me', { token: session.accessToken })).status).toBe(200);
    expect((await api.post('/api/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
  });

  it('gives replicas starting together one shared signing key and one admin', async () => {
    const fresh = await open();
    const replicas = await Promise.all([1, 2, 3].map(() => identityService(testSettings())(depsOf(fresh))));
    const keySets = await Promise.all(replicas.map((replica) => replica.jwks!()));
    expect(keySets[0]!.keys).toHaveLength(1);
    expect(keySets[1]).toEqual(keySets[0]);
    expect(keySets[2]).toEqual(keySets[0]);

    const api = httpClient((await start(fresh, identityService(testSettings()))).url);
    const admins = await api.get('/api/users?role=admin', { token: (await logIn(api, ADMIN)).accessToken });
    expect(admins.body.total).toBe(1);
  });

  it('announces the first admin like any account, so services that act on roles know them', async () => {
    const fresh = await open();
    await identityService(testSettings())(depsOf(fresh));
    const announced = await fresh.database.root.selectFrom('identity.outbox').select(['type', 'envelope']).orderBy('type').execute();
    expect(announced.map((row) => [row.type, (row.envelope as { payload: { role?: string } }).payload.role])).toEqual([
      ['user.registered', undefined],
      ['user.updated', 'admin'],
    ]);
  });

  it('makes an existing ADMIN_EMAIL account an admin and keeps its password', async () => {
    const fresh = await open();
    const api = httpClient((await start(fresh, identityService(testSettings()))).url);
    const member = await registerMember(api);
    const promoting = testSettings({ ADMIN_EMAIL: member.user.email.toUpperCase(), ADMIN_PASSWORD: 'a-different-password' });
    await identityService(promoting)(depsOf(fresh));

    const session = await logIn(api, { email: member.user.email, password: member.password });
    expect(session.user.role).toBe('admin');
  });

  it('refuses to start with only one of ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const half = identitySettings({ ADMIN_EMAIL: 'half@pustaka.test' });
    await expect(identityService(half)(depsOf(storage))).rejects.toThrow(/ADMIN_EMAIL and ADMIN_PASSWORD/);
  });

  it('creates a default admin on first start when asked, printing its password exactly once', async () => {
    const fresh = await open();
    const settings = identitySettings({ CREATE_DEFAULT_ADMIN: true });
    const firstStart = capturingLogger();
    const withLogger =
      (logger: typeof firstStart.logger): ServiceFactory =>
      (deps) =>
        identityService(settings)({ ...deps, logger });
    const api = httpClient((await start(fresh, withLogger(firstStart.logger))).url);

    const printed = firstStart.lines().filter((line) => line.msg.includes(DEFAULT_ADMIN_EMAIL));
    expect(printed).toHaveLength(1);
    expect(printed[0]!.level).toBe(40);
    const password = /password (\S+)/.exec(printed[0]!.msg)?.[1];
    const session = await logIn(api, { email: DEFAULT_ADMIN_EMAIL, password: password! });
    expect(session.user.role).toBe('admin');

    const secondStart = capturingLogger();
    await withLogger(secondStart.logger)(depsOf(fresh));
    expect(secondStart.lines().filter((line) => line.msg.includes('password'))).toEqual([]);
  });

  it('creates no admin unless asked, and says how to get one', async () => {
    const fresh = await open();
    const log = capturingLogger();
    await identityService(identitySettings())(depsOf(fresh, log.logger));
    expect(log.lines().some((line) => line.level === 40 && line.msg.includes('ADMIN_EMAIL'))).toBe(true);
  });
});
