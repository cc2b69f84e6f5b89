import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start real relays and keychain sessions: keep the
    // 2-core CI machine from being oversubscribed so timing tests stay honest.
    maxWorkers: 2,
  },
});
