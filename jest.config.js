/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Transpile only (tsconfig.test.json sets isolatedModules, so ts-jest compiles each file on its
	// own without type information): `npm run typecheck` type-checks the same files.
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 30000,
};
