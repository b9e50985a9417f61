/** Type-checking is done once by `npm run typecheck`; with isolatedModules ts-jest only transpiles. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/jest.setup.ts'],
	testTimeout: 30000,
};
