'use strict';
/**
 * Error pages in real n8n (the oldest and the newest pinned n8n: test/integration/errorPages and
 * redaction cover the same cases in-process, and n8n's handling of a failed execution is what
 * the releases could change): a 1 MB hostile 500 page
 * (`<a` repeated, the input that once kept n8n's main process busy for seconds) ends the
 * execution with the readable error, and a 4xx body that echoes the credential in other
 * encodings leaves no trace of it in n8n's output. The sandbox runs in this process; each
 * workflow runs on the version's stage (e2e/lib/stage.js) through its webhook; each check looks at
 * n8n's result and at the sandbox's request log.
 *
 * Run: npm run build && node --test e2e/errorPages.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, reportTargets, releaseEdges } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox, SANDBOX_DEFAULTS: SB } = require('../test/sandbox');
const { sandboxCredentials } = require('./workflows/credentials');
const { manualTrigger, reset, chain } = require('./workflows/nodes');

const { versions, skip } = packageTargets();

const SESSION = 903;
const RESET_PATH = /\/ChatSession\/903\/Reset$/;
const HOSTILE_BYTES = 1024 * 1024;
const base64 = (text) => Buffer.from(text, 'utf8').toString('base64');

reportTargets({ skip, title: 'SuperOffice error pages in real n8n' });

for (const version of skip ? [] : releaseEdges(versions)) {
	describe(`n8n ${version}: SuperOffice error pages`, { timeout: 300_000 }, () => {
		let stage;
		let sandbox;
		const ids = {};

		/** Clear the request log, answer the next Reset with `fault`, run through the webhook. */
		async function executeWith(id, fault) {
			sandbox.clearRequests();
			sandbox.faults.clear();
			sandbox.faults.script([{ match: { method: 'POST', path: RESET_PATH }, fault }]);
			return await stage.run(id, { timeoutMs: 120_000 });
		}

		before(async () => {
			stage = await stageFor(version);
			sandbox = await createSandbox({ port: 0 });
			const creds = sandboxCredentials(sandbox.webClientUrl);
			await stage.createCredentials([creds.basic]);
			const workflow = (name) =>
				chain(name, [manualTrigger(), reset('Reset', SESSION, { credential: creds.basic })]);
			const imported = await stage.createWorkflows([
				workflow('e2e SuperOffice hostile error page'),
				workflow('e2e SuperOffice echoed credential'),
			]);
			[ids.hostile, ids.echo] = imported;
		});
		after(async () => {
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
			t.diagnostic(`run took ${Date.now() - started} ms; error: ${String(r.error).slice(0, 160)}`);
			assert.equal(r.status, 'error', 'the run failed');
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
			assert.equal(r.status, 'error', 'the run failed');
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
			const text = `${r.text}\n${stage.logs()}`;
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
