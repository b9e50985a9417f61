/** Type-checking is done once by `npm run typecheck`; ts-jest only transpiles (isolatedModules). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/jest.setup.ts'],
	testTimeout: 30000,
};
