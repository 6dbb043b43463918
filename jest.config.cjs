// One jest run, four projects: the two workspaces, the scripts, and the end-to-end suite.
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }] };
// Tests read the contract's sources, so they need no build first.
const moduleNameMapper = {
  '^@procurement/contract$': '<rootDir>/../contract/src/index.ts',
  '^@procurement/contract/testing$': '<rootDir>/../contract/src/testing/index.ts',
};

module.exports = {
  // Enforced when the unit tests run with --coverage (npm run test:unit).
  coverageThreshold: { './chaincode/src/': { branches: 90 } },
  // Jest 29 reads this at the root only (a per-project value is ignored).
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.test.ts', '!src/testing/**'],
  projects: [
    {
      displayName: 'contract',
      rootDir: 'contract',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: tsJest,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'chaincode',
      rootDir: 'chaincode',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: tsJest,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'gateway',
      rootDir: 'gateway',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: tsJest,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'scripts',
      rootDir: 'scripts',
      testMatch: ['<rootDir>/**/*.test.ts'],
      transform: tsJest,
      moduleNameMapper,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: 'test',
      testMatch: ['<rootDir>/**/*.e2e.ts'],
      transform: tsJest,
      moduleNameMapper,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/global-setup.ts',
      globalTeardown: '<rootDir>/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/support/timeout.ts'],
    },
  ],
};
