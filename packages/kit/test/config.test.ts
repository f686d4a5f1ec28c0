import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { ConfigError, loadConfig } from '../src/config/load-config.ts';

const Env = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  JWKS_URL: Type.String(),
  LOG_PRETTY: Type.Boolean({ default: false }),
});

describe('loading configuration', () => {
  it('converts, defaults and freezes', () => {
    const config = loadConfig(Env, { JWKS_URL: 'http://x', LOG_PRETTY: 'true', UNRELATED: 'ignored' });
    expect(config).toEqual({ PORT: 8080, JWKS_URL: 'http://x', LOG_PRETTY: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every invalid or missing key in one error', () => {
    let error: unknown;
    try {
      loadConfig(Env, { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('JWKS_URL');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(Env, { JWKS_URL: 'http://x', PORT: '' }).PORT).toBe(8080);
  });
});
