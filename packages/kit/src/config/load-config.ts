import { Value } from 'typebox/value';
import type { Static, TObject, TSchema } from 'typebox';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the keys a schema declares from the environment, converts strings to the declared types,
 * applies defaults, and validates once. Every invalid or missing key is reported in one error, so
 * an operator fixes them all in one go. The result is frozen.
 *
 * @example
 *   const Env = Type.Object({ PORT: Type.Integer({ default: 8080 }), DATABASE_URL: Type.Optional(Type.String()) });
 *   const config = loadConfig(Env); // config.PORT is a number
 */
export function loadConfig<S extends TObject>(schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<Static<S>> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    // An empty variable means "not set", the way shells and compose files usually intend it.
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const value = Value.Convert(schema, Value.Default(schema, raw));
  if (!Value.Check(schema, value)) {
    const problems = Value.Errors(schema, value).map((error) => describe(error, raw));
    throw new ConfigError([...new Set(problems)]);
  }
  return Object.freeze(value);
}

function describe(error: { instancePath: string; keyword: string; params: object; message: string }, raw: Record<string, string>): string {
  if (error.keyword === 'required') {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
    return `${missing.join(', ')}: required but not set`;
  }
  const key = error.instancePath.replace(/^\//, '').split('/')[0] ?? '';
  return `${key}=${JSON.stringify(raw[key])}: ${error.message}`;
}

/**
 * For a process's entry point: a configuration mistake is the operator's to fix, so it is printed
 * as it is (every bad key, no stack trace) and the process exits 1. Other errors propagate.
 *
 * @example
 *   const config = loadConfigOrExit(loadGatewayConfig);
 */
export function loadConfigOrExit<C>(load: () => C): C {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * The schema with another default. TypeBox keeps a schema's kind in a property that a spread
 * (`{ ...schema, default }`) does not copy, and without it `loadConfig` no longer converts the
 * variable's text (`SEED_DEMO=false` would stay the string "false" and fail as not a boolean).
 */
export function withDefault<S extends TSchema>(schema: S, value: unknown): S {
  return Object.create(Object.getPrototypeOf(schema), {
    ...Object.getOwnPropertyDescriptors(schema),
    default: { value, enumerable: true, writable: true, configurable: true },
  }) as S;
}
