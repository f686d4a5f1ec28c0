import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describeService } from '@pustaka/kit/testing';
import { logIn, logInAsAdmin, newMember, registerMember } from '../testing.ts';
import type { SignedIn } from '../testing.ts';
import { startIdentity } from './fixtures.ts';

describeService('identity: users', startIdentity, (sut) => {
  let admin: SignedIn;

  beforeAll(async () => {
    admin = await logInAsAdmin(sut.api);
  });

  const changeUser = (id: string, body: object, token = admin.accessToken) => sut.api.patch(`/api/users/${id}`, { token, body });

  describe('own profile', () => {
    it('shows the new name right after a change (the cached profile is dropped)', async () => {
      const member = await registerMember(sut.api);
      expect((await sut.api.get('/api/users/me', { token: member.accessToken })).body.name).toBe(member.user.name);
      const patched = await sut.api.patch('/api/users/me', { token: member.accessToken, body: { name: '  Ana Wijaya ' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({ ...member.user, name: 'Ana Wijaya' });
      expect((await sut.api.get('/api/users/me', { token: member.accessToken })).body.name).toBe('Ana Wijaya');
    });

    it('rejects an empty change, unknown fields and a blank name', async () => {
      const member = await registerMember(sut.api);
      for (const body of [{}, { email: 'x@example.com' }, { name: ' ' }, { name: 'n'.repeat(101) }]) {
        const response = await sut.api.patch('/api/users/me', { token: member.accessToken, body });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('requires a signed-in caller', async () => {
      const response = await sut.api.get('/api/users/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH_REQUIRED');
    });
  });

  describe('admin endpoints', () => {
    it('answer 401 to anonymous callers and 403 to members and staff', async () => {
      const member = await registerMember(sut.api);
      const staffMember = await registerMember(sut.api);
      expect((await changeUser(staffMember.user.id, { role: 'staff' })).status).toBe(200);
      const staff = await logIn(sut.api, { email: staffMember.user.email, password: staffMember.password });

      expect((await sut.api.get('/api/users')).status).toBe(401);
      expect((await changeUser(member.user.id, { role: 'admin' }, '')).status).toBe(401);
      for (const token of [member.accessToken, staff.accessToken]) {
        const list = await sut.api.get('/api/users', { token });
        expect(list.status).toBe(403);
        expect(list.body.code).toBe('FORBIDDEN');
        expect((await changeUser(member.user.id, { role: 'admin' }, token)).status).toBe(403);
      }
    });

    it('lists users newest first, paginated, filtered by role and by email in any case', async () => {
      const tag = `pg${randomUUID().slice(0, 6)}`;
      const created: SignedIn[] = [];
      for (let i = 0; i < 3; i += 1) created.push(await registerMember(sut.api, newMember({ email: `${tag}-${i}@example.com` })));
      await changeUser(created[1]!.user.id, { role: 'staff' });

      const first = await sut.api.get(`/api/users?email=${tag.toUpperCase()}&pageSize=2`, { token: admin.accessToken });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(first.body.items.map((user: { email: string }) => user.email)).toEqual([`${tag}-2@example.com`, `${tag}-1@example.com`]);
      const second = await sut.api.get(`/api/users?email=${tag}&pageSize=2&page=2`, { token: admin.accessToken });
      expect(second.body.items.map((user: { email: string }) => user.email)).toEqual([`${tag}-0@example.com`]);

      const staff = await sut.api.get(`/api/users?email=${tag}&role=staff`, { token: admin.accessToken });
      expect(staff.body.total).toBe(1);
      expect(staff.body.items[0]).toMatchObject({ id: created[1]!.user.id, role: 'staff' });
      expect(JSON.stringify(first.body)).not.toContain('argon2');
    });

    it('treats % and _ in the email filter literally', async () => {
      const response = await sut.api.get('/api/users?email=%25', { token: admin.accessToken });
      expect(response.body.total).toBe(0);
    });

    it('rejects bad queries and patches', async () => {
      const member = await registerMember(sut.api);
      expect((await sut.api.get('/api/users?role=owner', { token: admin.accessToken })).status).toBe(400);
      expect((await sut.api.get('/api/users?pageSize=1000', { token: admin.accessToken })).status).toBe(400);
      expect((await sut.api.get('/api/users?sort=email', { token: admin.accessToken })).status).toBe(400);
      expect((await changeUser(member.user.id, {})).status).toBe(400);
      expect((await changeUser(member.user.id, { name: 'Mallory' })).status).toBe(400);
      expect((await changeUser('not-a-uuid', { disabled: true })).status).toBe(400);
      const missing = await changeUser(randomUUID(), { disabled: true });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('disabling and role changes', () => {
    it('a disabled user is out at once: no live token, no refresh, no sign-in', async () => {
      const member = await registerMember(sut.api);
      const disabled = await changeUser(member.user.id, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabled).toBe(true);

      const live = await sut.api.get('/api/users/me', { token: member.accessToken });
      expect(live.status).toBe(401);
      expect(live.body.code).toBe('TOKEN_REVOKED');
      const refreshed = await sut.api.post('/api/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect(refreshed.status).toBe(401);
      const login = await sut.api.post('/api/auth/login', { body: { email: member.user.email, password: member.password } });
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('ACCOUNT_DISABLED');
      const wrong = await sut.api.post('/api/auth/login', { body: { email: member.user.email, password: 'wrong-password' } });
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');

      expect((await changeUser(member.user.id, { disabled: false })).status).toBe(200);
      await logIn(sut.api, { email: member.user.email, password: member.password });
    });

    it('a role change applies from the next refresh, and live tokens stop at once', async () => {
      const member = await registerMember(sut.api);
      const before = await sut.api.get('/api/users/me', { token: member.accessToken });
      expect(before.body.role).toBe('member');

      const changed = await changeUser(member.user.id, { role: 'staff' });
      expect(changed.body.role).toBe('staff');
      expect((await sut.api.get('/api/users/me', { token: member.accessToken })).body.code).toBe('TOKEN_REVOKED');

      const refreshed = await sut.api.post('/api/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect(refreshed.status).toBe(200);
      expect(decodeJwt(refreshed.body.accessToken).role).toBe('staff');
      expect((await sut.api.get('/api/users/me', { token: refreshed.body.accessToken })).body.role).toBe('staff');
    });

    it('a promoted admin can use the admin endpoints after refreshing', async () => {
      const member = await registerMember(sut.api);
      await changeUser(member.user.id, { role: 'admin' });
      const refreshed = await sut.api.post('/api/auth/refresh', { body: { refreshToken: member.refreshToken } });
      expect((await sut.api.get('/api/users', { token: refreshed.body.accessToken })).status).toBe(200);
    });

    it('an admin cannot disable or demote themself', async () => {
      for (const body of [{ disabled: true }, { role: 'staff' }, { role: 'member', disabled: false }]) {
        const response = await changeUser(admin.user.id, body);
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('SELF_LOCKOUT');
      }
      expect((await changeUser(admin.user.id, { role: 'admin' })).status).toBe(200);
      expect((await sut.api.get('/api/users/me', { token: admin.accessToken })).body.role).toBe('admin');
    });
  });
});
