'use strict';
/**
 * Community-package tarballs for the e2e tests:
 *  - packRepo(): `npm pack` of this repository (n8n-nodes-superoffice) as it is built in dist/
 *  - buildSmokePackage(): a throw-away package `n8n-nodes-smoke` with one trivial node, to prove the
 *    install path and the `<package>.<node>` / `<package>.<node>Tool` type naming without our node.
 */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { run } = require('./proc');
const { E2E_DIR } = require('./runtime');

const REPO_DIR = path.resolve(E2E_DIR, '..');

async function npmPack(dir, destDir, { timeoutMs = 180000 } = {}) {
	fs.mkdirSync(destDir, { recursive: true });
	const r = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{
			cwd: dir,
			timeoutMs,
			env: { ...process.env, npm_config_update_notifier: 'false' },
		},
	);
	if (r.exitCode !== 0)
		throw new Error(`npm pack in ${dir} failed (exit ${r.exitCode}):\n${r.stderr.slice(-3000)}`);
	const start = r.stdout.indexOf('[');
	const info = JSON.parse(r.stdout.slice(start));
	return path.join(destDir, info[0].filename);
}

/**
 * `npm pack` this repository (scripts skipped; dist/ must be built: `npm run build`).
 * @returns {Promise<string|null>} tarball path, or null when dist/ has no built node
 */
async function packRepo({
	destDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-')),
	repoDir = REPO_DIR,
} = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (!declared.length || !declared.every((f) => fs.existsSync(path.join(repoDir, f)))) return null;
	return await npmPack(repoDir, destDir);
}

const SMOKE_NODE = `'use strict';
const workflow = require('n8n-workflow');

class Smoke {
	constructor() {
		this.description = {
			displayName: 'Smoke',
			name: 'smoke',
			icon: 'fa:fire',
			group: ['transform'],
			version: 1,
			description: 'e2e smoke node: tags every item',
			defaults: { name: 'Smoke' },
			inputs: [workflow.NodeConnectionTypes ? workflow.NodeConnectionTypes.Main : 'main'],
			outputs: [workflow.NodeConnectionTypes ? workflow.NodeConnectionTypes.Main : 'main'],
			usableAsTool: true,
			properties: [{ displayName: 'Tag', name: 'tag', type: 'string', default: 'smoke' }],
		};
	}

	async execute() {
		const items = this.getInputData();
		return [
			items.map((item, i) => ({
				json: {
					...item.json,
					tag: this.getNodeParameter('tag', i),
					// where the peer dependency came from: must be n8n's own copy
					n8nWorkflowPath: require.resolve('n8n-workflow'),
				},
				pairedItem: { item: i },
			})),
		];
	}
}

module.exports = { Smoke };
`;

/**
 * Write and pack `n8n-nodes-smoke` (node type `n8n-nodes-smoke.smoke`, tool `n8n-nodes-smoke.smokeTool`).
 * @returns {Promise<string>} tarball path
 */
async function buildSmokePackage({
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-smoke-')),
} = {}) {
	const pkgDir = path.join(workDir, 'n8n-nodes-smoke');
	const nodeDir = path.join(pkgDir, 'dist', 'nodes', 'Smoke');
	fs.mkdirSync(nodeDir, { recursive: true });
	fs.writeFileSync(
		path.join(pkgDir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-nodes-smoke',
				version: '0.0.1',
				description: 'throw-away community package for the e2e smoke test',
				license: 'MIT',
				keywords: ['n8n-community-node-package'],
				main: 'index.js',
				files: ['dist', 'index.js'],
				n8n: {
					n8nNodesApiVersion: 1,
					strict: true,
					credentials: [],
					nodes: ['dist/nodes/Smoke/Smoke.node.js'],
				},
				peerDependencies: { 'n8n-workflow': '*' },
				devDependencies: { typescript: '5.9.3' },
			},
			null,
			2,
		),
	);
	fs.writeFileSync(path.join(pkgDir, 'index.js'), 'module.exports = {};\n');
	fs.writeFileSync(path.join(nodeDir, 'Smoke.node.js'), SMOKE_NODE);
	return await npmPack(pkgDir, workDir);
}

module.exports = { packRepo, buildSmokePackage, npmPack, REPO_DIR };
