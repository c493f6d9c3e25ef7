/** Jest runs TypeScript through SWC (no type checking here: `npm run typecheck` does that). */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/server',
    '<rootDir>/ingest',
    '<rootDir>/search',
    '<rootDir>/scripts',
    '<rootDir>/test',
    '<rootDir>/storage-config',
  ],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/data/'],
  // FerretDB (the MongoDB-protocol test server) takes 3-6 ms a write: production-backend tests need room.
  testTimeout: 30_000,
  // Starts the real MongoDB-protocol, MinIO and Elasticsearch servers when ARCHIVE_TEST_SERVERS=1, and says
  // which backends the run covers (test/support/test-servers.ts).
  globalSetup: '<rootDir>/test/support/servers.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/servers.global-teardown.ts',
};
