'use strict';
/**
 * Real-n8n smoke test, for every n8n version installed under e2e/n8n/ (node e2e/install.js):
 *  1. Manual Trigger -> Code (3 items) imported and executed headless: the 3 items come back parsed.
 *  2. A throw-away community package (n8n-nodes-smoke) installed from an `npm pack` tarball the way the
 *     Community Nodes UI does, executed in a workflow; its `n8n-workflow` peer resolves to n8n's own copy.
 *  3. This repository's package (npm pack of the built dist/, when dist/ holds the node) installed the same way.
 *  4. `n8n start` on a free 127.0.0.1 port: owner set up through /rest/owner/setup, and the loaded node types
 *     include n8n-nodes-smoke.smoke(+Tool) and n8n-nodes-superoffice.superOffice(+Tool).
 *
 * Run: node --test e2e/   (E2E_VERSIONS=2.8.4,2.41.1 to choose; E2E_KEEP=1 keeps the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
	n8nInstance,
	listVersions,
	versionDir,
	buildSmokePackage,
	packRepo,
	selectedVersions,
	missingVersions,
	reportMissing,
	strict,
	PKG,
	assertRunCompleted,
} = require('./lib');

const versions = selectedVersions();
const keep = process.env.E2E_KEEP === '1';

function manualToCode(extraNodes = [], extraConnections = {}) {
	return {
		name: 'e2e smoke',
		nodes: [
			{
				parameters: {},
				id: '6f1c1d84-0001-4c1e-9d6e-000000000001',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: {
					jsCode: 'return [1, 2, 3].map((n) => ({ json: { n, label: `item ${n}` } }));',
				},
				id: '6f1c1d84-0001-4c1e-9d6e-000000000002',
				name: 'Code',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			...extraNodes,
		],
		connections: {
			Manual: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
			...extraConnections,
		},
		settings: { executionOrder: 'v1' },
	};
}

const THREE = [1, 2, 3].map((n) => ({ n, label: `item ${n}` }));

let smokeTgz;
let repoTgz;
let repoTgzReason = '';
before(async () => {
	if (!versions.length) return;
	smokeTgz = await buildSmokePackage();
	repoTgz = await packRepo();
	if (!repoTgz)
		repoTgzReason = 'dist/ has no built node (npm run build): SuperOffice node types not checked';
});
after(() => {
	if (keep) return;
	for (const tgz of [smokeTgz, repoTgz])
		if (tgz) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
});

if (!versions.length) {
	reportMissing(
		'real n8n installed',
		`no n8n installed under e2e/n8n (have folders: ${listVersions().join(', ') || 'none'}); run: node e2e/install.js`,
	);
} else if (missingVersions()) {
	reportMissing('every wanted n8n version installed', missingVersions());
}

/** Manual Trigger → Code whose code throws. */
function failingWorkflow() {
	const wf = manualToCode();
	wf.nodes[1].parameters.jsCode = "throw new Error('boom from e2e');";
	return wf;
}

/** Manual Trigger → Code → the smoke community package's node. */
function smokeNodeWorkflow() {
	return manualToCode(
		[
			{
				parameters: { tag: 'e2e' },
				id: '6f1c1d84-0001-4c1e-9d6e-000000000003',
				name: 'Smoke',
				type: 'n8n-nodes-smoke.smoke',
				typeVersion: 1,
				position: [440, 0],
			},
		],
		{ Code: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] } },
	);
}

for (const version of versions) {
	describe(`n8n ${version}`, () => {
		let inst;
		/** The three workflows the tests execute, imported in one CLI call (a CLI start costs seconds). */
		let imported;
		const workflowIds = () =>
			(imported ??= inst.importWorkflows([manualToCode(), failingWorkflow(), smokeNodeWorkflow()]));
		before(() => {
			inst = n8nInstance({ version });
		});
		after(async () => {
			if (inst) await inst.stop({ cleanup: !keep });
		});

		test('Manual Trigger -> Code runs headless and returns 3 items', async (t) => {
			const [id] = await workflowIds();
			const r = await inst.execute(id, { rawOutput: true });
			assert.equal(r.error, null, `execution error: ${r.error}\n${r.stderr.slice(-2000)}`);
			assertRunCompleted(t, r);
			assert.equal(r.status, 'success');
			assert.equal(r.lastNodeExecuted, 'Code');
			assert.deepEqual(r.items.Code, THREE);
			assert.deepEqual(r.items.Manual, [{}]);
		});

		test('credentials import (plain data is encrypted with the instance key) and export back', async () => {
			const [id] = await inst.importCredentials([
				{ name: 'e2e header', type: 'httpHeaderAuth', data: { name: 'X-E2E', value: 's3cret' } },
			]);
			const out = path.join(inst.userFolder, '.e2e', 'exported-credentials.json');
			const r = await inst.cli([
				'export:credentials',
				`--id=${id}`,
				'--decrypted',
				`--output=${out}`,
			]);
			assert.equal(r.exitCode, 0, r.stdout.slice(-2000));
			const [exported] = JSON.parse(fs.readFileSync(out, 'utf8'));
			assert.equal(exported.id, id);
			assert.equal(exported.type, 'httpHeaderAuth');
			assert.deepEqual(exported.data, { name: 'X-E2E', value: 's3cret' });
		});

		test('a failing node is reported with its message', async () => {
			const r = await inst.execute((await workflowIds())[1]);
			assert.notEqual(r.exitCode, 0);
			assert.match(r.error ?? '', /boom from e2e/);
		});

		test('community package tarball installs like the UI and its node executes', async () => {
			const installed = await inst.installPackageTarball(smokeTgz);
			assert.equal(installed.name, 'n8n-nodes-smoke');
			const ledger = JSON.parse(fs.readFileSync(path.join(inst.nodesDir, 'package.json'), 'utf8'));
			assert.deepEqual(ledger, {
				name: 'installed-nodes',
				private: true,
				dependencies: { 'n8n-nodes-smoke': '0.0.1' },
			});
			const pj = JSON.parse(fs.readFileSync(path.join(installed.dir, 'package.json'), 'utf8'));
			assert.equal(pj.peerDependencies, undefined, 'peerDependencies are stripped like n8n does');
			assert.equal(pj.devDependencies, undefined, 'devDependencies are stripped like n8n does');
			assert.ok(
				!fs.existsSync(path.join(installed.dir, 'node_modules', 'n8n-workflow')),
				'no private n8n-workflow copy',
			);

			const r = await inst.execute((await workflowIds())[2]);
			assert.equal(r.error, null, `execution error: ${r.error}\n${r.stderr.slice(-2000)}`);
			assert.equal(r.items.Smoke.length, 3);
			assert.deepEqual(
				r.items.Smoke.map(({ n, tag }) => ({ n, tag })),
				[1, 2, 3].map((n) => ({ n, tag: 'e2e' })),
			);
			const own = fs.realpathSync(path.join(versionDir(version), 'node_modules', 'n8n-workflow'));
			assert.ok(
				fs.realpathSync(r.items.Smoke[0].n8nWorkflowPath).startsWith(own + path.sep),
				`n8n-workflow must resolve to n8n's own copy ${own}, got ${r.items.Smoke[0].n8nWorkflowPath}`,
			);
		});

		test(`${PKG} tarball installs`, async (t) => {
			// Known only once `before` has packed; under CI=true an unbuilt dist/ fails instead of skipping.
			if (!repoTgz && !strict()) return t.skip(repoTgzReason);
			assert.ok(repoTgz, repoTgzReason);
			const installed = await inst.installPackageTarball(repoTgz);
			assert.equal(installed.name, PKG);
			assert.ok(
				fs.existsSync(
					path.join(installed.dir, 'dist', 'nodes', 'SuperOffice', 'SuperOffice.node.js'),
				),
			);
			const ledger = JSON.parse(fs.readFileSync(path.join(inst.nodesDir, 'package.json'), 'utf8'));
			assert.equal(ledger.dependencies[PKG], installed.version);
		});

		test('n8n start: owner setup over REST, loaded node types', async () => {
			const server = await inst.startServer();
			try {
				assert.ok(server.cookie, 'owner setup returned an auth cookie');
				const me = await server.request('GET', '/rest/login');
				assert.equal(me.status, 200, me.text.slice(0, 500));
				assert.equal(me.json.data.email, server.owner.email);

				const viaRest = await server.request('GET', '/types/nodes.json');
				assert.equal(viaRest.status, 200);
				const names = await inst.listNodeTypes();
				assert.deepEqual([...new Set(viaRest.json.map((t) => t.name))].sort(), names);

				for (const t of [
					'n8n-nodes-base.manualTrigger',
					'n8n-nodes-base.code',
					'n8n-nodes-smoke.smoke',
					'n8n-nodes-smoke.smokeTool',
				]) {
					assert.ok(names.includes(t), `${t} is loaded`);
				}
				if (repoTgz) {
					for (const t of [`${PKG}.superOffice`, `${PKG}.superOfficeTool`]) {
						assert.ok(
							names.includes(t),
							`${t} is loaded (have ${names.filter((n) => !n.startsWith('n8n-nodes-base.') && !n.startsWith('@n8n/')).join(', ')})`,
						);
					}
					const creds = await server.request('GET', '/types/credentials.json');
					assert.ok(
						creds.json.some((c) => c.name === 'superOfficeApi'),
						'superOfficeApi credential type is loaded',
					);
				}
				assert.ok(!names.some((n) => n.startsWith('CUSTOM.')), 'nothing loaded as CUSTOM.*');
			} finally {
				await inst.stop();
			}
			// no attempt to reach anything off this machine (no DNS here: any attempt shows as ENOTFOUND/EAI_AGAIN)
			const { stdout, stderr } = server.logs();
			const outbound = `${stdout}\n${stderr}`
				.split('\n')
				.filter((l) => /ENOTFOUND|EAI_AGAIN|getaddrinfo|127\.0\.0\.1:9\b/.test(l));
			assert.deepEqual(outbound, [], 'n8n tried to call out');
		});
	});
}
