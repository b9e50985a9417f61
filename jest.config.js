/**
 * Three projects: `node` (the node's tests and the reliability/property tests), `zod4` (the item
 * schemas' tests again, with `zod/v4` resolved to zod 4 instead of zod 3.25's copy of the v4 API) and
 * `simulator` (the gateway simulator's own tests). `npx jest` runs all; `npm test` adds coverage of
 * nodes/ and credentials/ alone (never of test/), at least 90 % of branches.
 * Type-checking is done once by `npm run typecheck`; with isolatedModules ts-jest only transpiles.
 */
const shared = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/jest.setup.ts'],
};

module.exports = {
	// A global option: it applies to all three projects.
	testTimeout: 30000,
	collectCoverageFrom: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	coverageReporters: ['text-summary'],
	coverageThreshold: { global: { branches: 90 } },
	projects: [
		{
			...shared,
			displayName: 'node',
			// nodes/ and credentials/ are roots so that files no test loads still show in coverage.
			roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
			testMatch: ['<rootDir>/test/node/**/*.test.ts', '<rootDir>/test/reliability/**/*.test.ts'],
			globals: { ZOD_UNDER_TEST: 'zod 3.25 (zod/v4)' },
		},
		{
			...shared,
			displayName: 'zod4',
			roots: ['<rootDir>/test'],
			testMatch: [
				'<rootDir>/test/node/schema.test.ts',
				'<rootDir>/test/node/zodLine.test.ts',
				'<rootDir>/test/reliability/properties.test.ts',
			],
			moduleNameMapper: { '^zod/v4$': 'zod4/v4' },
			globals: { ZOD_UNDER_TEST: 'zod 4' },
		},
		{
			...shared,
			displayName: 'simulator',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/simulator/**/*.test.ts'],
		},
	],
};
