'use strict';
/**
 * Error pages in real n8n (every version installed under e2e/n8n/): a 1 MB hostile 500 page
 * (`<a` repeated, the input that once kept n8n's main process busy for seconds) ends the
 * execution with the readable error, and a 4xx body that echoes the credential in other
 * encodings leaves no trace of it in n8n's output. The sandbox runs in this process; each check
 * looks at n8n's result and at the sandbox's request log.
 *
 * Run: npm run build && node --test e2e/errorPages.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { n8nInstance, packageTargets, PKG, usePackedRepo } = require('./lib');
const { createSandbox, SANDBOX_DEFAULTS: SB } = require('../test/sandbox');
const { sandboxCredentials } = require('./workflows/credentials');
const { manualTrigger, reset, chain } = require('./workflows/nodes');

const { versions, keep, skip } = packageTargets();

const SESSION = 903;
const RESET_PATH = /\/ChatSession\/903\/Reset$/;
const HOSTILE_BYTES = 1024 * 1024;
const base64 = (text) => Buffer.from(text, 'utf8').toString('base64');

const packedTarball = usePackedRepo({ skip, keep, title: 'SuperOffice error pages in real n8n' });

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: SuperOffice error pages`, { timeout: 300_000 }, () => {
		let inst;
		let sandbox;
		const ids = {};

		/** Clear the request log, answer the next Reset with `fault`, execute headless. */
		async function executeWith(id, fault) {
			sandbox.clearRequests();
			sandbox.faults.clear();
			sandbox.faults.script([{ match: { method: 'POST', path: RESET_PATH }, fault }]);
			return await inst.execute(id, { rawOutput: true, timeoutMs: 120_000 });
		}

		before(async () => {
			sandbox = await createSandbox({ port: 0 });
			inst = n8nInstance({ version });
			const installed = await inst.installPackageTarball(packedTarball());
			assert.equal(installed.name, PKG);
			const creds = sandboxCredentials(sandbox.webClientUrl);
			await inst.importCredentials([creds.basic]);
			const workflow = (name) =>
				chain(name, [manualTrigger(), reset('Reset', SESSION, { credential: creds.basic })]);
			const imported = await inst.importWorkflows([
				workflow('e2e SuperOffice hostile error page'),
				workflow('e2e SuperOffice echoed credential'),
			]);
			[ids.hostile, ids.echo] = imported;
		});
		after(async () => {
			if (inst) await inst.stop({ cleanup: !keep });
			if (sandbox) await sandbox.close();
		});

		test('a 1 MB hostile 500 page ends the run with the readable error', async (t) => {
			const started = Date.now();
			const r = await executeWith(ids.hostile, {
				type: 'hostile-page',
				status: 500,
				bytes: HOSTILE_BYTES,
				unit: '<a',
			});
			t.diagnostic(
				`run took ${Date.now() - started} ms (n8n start included); error: ${String(r.error).slice(0, 160)}`,
			);
			assert.notEqual(r.exitCode, 0, 'the run failed');
			assert.match(
				r.error ?? '',
				/^Could not reset chat session 903: SuperOffice had a server problem \(HTTP 500\)\. SuperOffice says: <a<a/,
			);
			assert.ok((r.error ?? '').length < 600, 'the error is short');
			assert.equal(r.lastNodeExecuted, 'Reset');
			const [q] = sandbox.requestsFor('POST', RESET_PATH);
			assert.equal(q.fault.type, 'hostile-page');
			assert.equal(q.status, 500);
			assert.equal(sandbox.requests.length, 1, 'a 500 is not retried');
		});

		test('a 401 body echoing the credential base64- and URL-encoded shows none of it', async () => {
			const r = await executeWith(ids.echo, {
				type: 'echo',
				status: 401,
				template: 'credentials {credentials|nopad} / {authorization|url} / {password|url} refused',
				body: 'json',
			});
			assert.notEqual(r.exitCode, 0, 'the run failed');
			assert.match(
				r.error ?? '',
				/^Could not reset chat session 903: SuperOffice rejected the credential \(HTTP 401\)\. SuperOffice says: credentials \*\*\* \/ Basic%20\*\*\* \/ \*\*\* refused/,
			);
			const [q] = sandbox.requestsFor('POST', RESET_PATH);
			const pair = base64(`${SB.username}:${SB.password}`);
			assert.equal(
				q.headers.authorization,
				`Basic ${pair}`,
				'the node sent the credential the server echoed',
			);
			const text = `${r.stdout}\n${r.stderr}`;
			for (const form of [
				SB.password,
				pair.replace(/=+$/, ''),
				encodeURIComponent(pair),
				encodeURIComponent(SB.password),
			]) {
				assert.ok(
					!text.includes(form),
					`n8n printed a form of the credential (${form.slice(0, 4)}…)`,
				);
			}
		});
	});
}
