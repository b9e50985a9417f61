/**
 * Two projects: `node` (the node's tests and the reliability/property tests) and `simulator` (the
 * gateway simulator's own tests). `npx jest` runs both; `npx jest --selectProjects node --coverage`
 * reports coverage of nodes/ and credentials/ alone. Coverage is never collected from test/.
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
	// A global option: it applies to both projects.
	testTimeout: 30000,
	collectCoverageFrom: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	projects: [
		{
			...shared,
			displayName: 'node',
			// nodes/ and credentials/ are roots so that files no test loads still show in coverage.
			roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
			testMatch: ['<rootDir>/test/node/**/*.test.ts', '<rootDir>/test/reliability/**/*.test.ts'],
		},
		{
			...shared,
			displayName: 'simulator',
			roots: ['<rootDir>/test'],
			testMatch: ['<rootDir>/test/simulator/**/*.test.ts'],
		},
	],
};
