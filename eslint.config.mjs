import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// n8n's community-node rules (the same set the n8n Cloud verification applies) on the
// shipped code; tests and scripts run in Node and are not linted with these rules.
export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', 'e2e/**', 'scripts/**', 'bench/**', '*.js'],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser },
	},
	n8nCommunityNodesPlugin.configs.recommended,
	// From @n8n/node-cli's lint config: a control character in a regex is usually a mistake.
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], rules: { 'no-control-regex': 'error' } },
];
