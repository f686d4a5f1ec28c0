import { expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { sql } from '@pustaka/kit/db';
import { describeService } from '@pustaka/kit/testing';
import { logIn, newMember, registerMember } from '../testing.ts';
import { startIdentity } from './fixtures.ts';

describeService('identity: sign-up and sign-in', startIdentity, (sut, { storage }) => {
  it('registers a member, signs them in, and never shows the password hash', async () => {
    const member = newMember();
    const registered = await sut.api.post('/api/auth/register', { body: member });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      user: { id: expect.any(String), email: member.email, name: member.name, role: 'member', disabled: false, createdAt: expect.any(String) },
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresIn: 900,
    });
    expect(JSON.stringify(registered.body)).not.toContain('argon2');

    const session = await logIn(sut.api, member);
    expect(session.user).toEqual(registered.body.user);
    const me = await sut.api.get('/api/users/me', { token: session.accessToken });
    expect(me.body).toEqual(registered.body.user);
  });

  it('stores passwords as argon2id hashes', async () => {
    const session = await registerMember(sut.api);
    const { rows } = await sql<{ password_hash: string }>`select password_hash from identity.users where id = ${session.user.id}`.execute(
      storage.database.root,
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('normalises emails, so case and surrounding spaces name the same account', async () => {
    const member = newMember({ email: `  Ana.${Date.now()}@Example.COM ` });
    const session = await registerMember(sut.api, member);
    const normalised = member.email.trim().toLowerCase();
    expect(session.user.email).toBe(normalised);
    expect((await sut.api.post('/api/auth/login', { body: { email: normalised.toUpperCase(), password: member.password } })).status).toBe(200);

    for (const variant of [normalised, normalised.toUpperCase(), ` ${normalised}\t`]) {
      const duplicate = await sut.api.post('/api/auth/register', { body: { ...newMember(), email: variant } });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('EMAIL_TAKEN');
    }
  });

  it('accepts exactly one of 20 concurrent registrations of one email', async () => {
    const email = newMember().email;
    const responses = await Promise.all(Array.from({ length: 20 }, () => sut.api.post('/api/auth/register', { body: newMember({ email }) })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
  });

  it('rejects a weak password, a bad email, a blank name and unknown fields, naming each field', async () => {
    const response = await sut.api.post('/api/auth/register', {
      body: { email: 'not-an-email', password: 'short', name: '   ', role: 'admin' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(new Set(fields)).toEqual(new Set(['/email', '/password', '/name', '/role']));
  });

  it('rejects oversized passwords and names before hashing anything', async () => {
    const response = await sut.api.post('/api/auth/register', {
      body: newMember({ password: 'x'.repeat(257), name: 'n'.repeat(101) }),
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['/name', '/password']);
  });

  it('answers a wrong email and a wrong password identically', async () => {
    const member = await registerMember(sut.api);
    const wrongPassword = await sut.api.post('/api/auth/login', { body: { email: member.user.email, password: 'not-the-password' } });
    const wrongEmail = await sut.api.post('/api/auth/login', { body: { email: newMember().email, password: member.password } });
    for (const response of [wrongPassword, wrongEmail]) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrongEmail.body.detail).toBe(wrongPassword.body.detail);
  });

  it('issues EdDSA access tokens naming their key, with millisecond iat', async () => {
    const before = Date.now();
    const session = await registerMember(sut.api);
    const after = Date.now();
    const header = decodeProtectedHeader(session.accessToken);
    const claims = decodeJwt(session.accessToken);
    const jwks = await sut.api.get('/.well-known/jwks.json');
    expect(header.alg).toBe('EdDSA');
    expect(jwks.body.keys.map((key: { kid: string }) => key.kid)).toContain(header.kid);
    expect(claims).toMatchObject({ sub: session.user.id, role: 'member', iss: 'pustaka', aud: 'pustaka', jti: expect.any(String) });
    // A whole-second iat would fall before `before` (revocation relies on the milliseconds).
    expect(claims.iat! * 1000).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat! * 1000).toBeLessThanOrEqual(after + 1);
    expect(claims.exp! - Math.floor(claims.iat!)).toBe(900);
  });

  it('publishes only public keys, cacheable for five minutes', async () => {
    const response = await sut.api.get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.body.keys).toHaveLength(1);
    expect(response.body.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
  });
});
