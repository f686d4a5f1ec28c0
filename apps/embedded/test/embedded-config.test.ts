import { describe, expect, it } from 'vitest';
import { loadEmbeddedConfig } from '../config.ts';

describe("the embedded platform's configuration", () => {
  it("applies a service's local defaults and still reads the variable that overrides one", () => {
    expect(loadEmbeddedConfig({}).SEED_DEMO).toBe(true);
    expect(loadEmbeddedConfig({ SEED_DEMO: 'false' }).SEED_DEMO).toBe(false);
    expect(loadEmbeddedConfig({ SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
  });
});
