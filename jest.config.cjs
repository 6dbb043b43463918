// One jest config, nine projects: the workspaces (contract, chaincode, gateway, web), the scripts, and the
// suites against a real network (Raft on loopback, the portal in a browser, SmartBFT, one host per organisation).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }] };
// Tests read the contract's sources, so they need no build first.
const moduleNameMapper = {
  '^@procurement/contract$': '<rootDir>/../contract/src/index.ts',
  '^@procurement/contract/testing$': '<rootDir>/../contract/src/testing/index.ts',
  '^@procurement/contract/dist/(.*)$': '<rootDir>/../contract/src/$1',
};

/** What every suite against a real network shares: the network's lifecycle and the long timeout. */
const networkSuite = {
  transform: tsJest,
  moduleNameMapper,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/global-setup.ts',
  globalTeardown: '<rootDir>/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/support/timeout.ts', '<rootDir>/support/leftovers.ts'],
};

module.exports = {
  // A unit test that hashes passwords many times can pass 5 s on a busy 2-core machine; network suites
  // set their own, longer timeouts (support/timeout.ts).
  testTimeout: 20_000,
  // Enforced when the unit tests run with --coverage (npm run test:unit).
  coverageThreshold: { './chaincode/src/': { branches: 90 } },
  // Jest 29 reads this at the root only (a per-project value is ignored).
  collectCoverageFrom: [
    'src/**/*.ts',
    'src/**/*.tsx',
    '!src/**/*.test.ts',
    '!src/**/*.test.tsx',
    '!src/testing/**',
  ],
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
    // The portal: components and formatting in jsdom (the browser stories are the browser project).
    {
      displayName: 'web',
      rootDir: 'web',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
      moduleNameMapper,
      testEnvironment: 'jsdom',
      setupFiles: ['<rootDir>/src/testing/jsdom.ts'],
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
      testMatch: ['<rootDir>/*.e2e.ts'],
      ...networkSuite,
    },
    // The portal in a real browser (Debian chromium through playwright-core), against the real network.
    {
      displayName: 'browser',
      rootDir: 'test',
      testMatch: ['<rootDir>/browser/*.browser.ts'],
      ...networkSuite,
    },
    // The same network suites on SmartBFT ordering (npm run test:bft sets NETWORK_ORDERING=bft).
    {
      displayName: 'bft',
      rootDir: 'test',
      testMatch: [
        '<rootDir>/network.e2e.ts',
        '<rootDir>/tender-lowest-price.e2e.ts',
        '<rootDir>/bft/*.bft.ts',
      ],
      ...networkSuite,
    },
    // The fault suite (npm run test:faults): nodes killed by pid under load, on its own network.
    {
      displayName: 'faults',
      rootDir: 'test',
      testMatch: ['<rootDir>/faults/short.faults.ts'],
      ...networkSuite,
    },
    // ...and its full version (npm run test:faults:full): the faults the short one leaves out.
    {
      displayName: 'faults-full',
      rootDir: 'test',
      testMatch: ['<rootDir>/faults/full.faults.ts'],
      ...networkSuite,
    },
    // ...and with each organisation on its own host (npm run test:hosts sets NETWORK_HOSTS=1).
    {
      displayName: 'hosts',
      rootDir: 'test',
      testMatch: [
        '<rootDir>/network.e2e.ts',
        '<rootDir>/tender-lowest-price.e2e.ts',
        '<rootDir>/hosts/*.hosts.ts',
      ],
      ...networkSuite,
    },
  ],
};
