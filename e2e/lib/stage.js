'use strict';
/**
 * One n8n per version per test process (a "stage"): one user folder, the package's `npm pack`
 * tarball installed once the way the Community Nodes UI does, one `n8n start` with an owner, and a
 * shared sandbox whose sign-in endpoints are n8n's credential overwrites (newer n8n takes an
 * OAuth2 token URL only from there, and only `n8n start` loads them).
 *
 * Suites create their credentials and workflows over REST (milliseconds, no CLI start) and run a
 * workflow through its production webhook: `createWorkflows()` turns a Manual Trigger into a
 * Webhook node and publishes the workflow; `run()` posts to it and reads the finished execution
 * back over REST, shaped like `n8nInstance().execute()`'s result. `n8n execute` stays where the CLI
 * itself is what a test proves.
 *
 * The e2e leg runs every suite in one process (e2e/all.e2e.js), so every suite of a version shares
 * its stage; a suite file run alone gets a stage of its own. Stages close when the process's tests
 * are done (a root-level `after` hook registered when this module loads).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const { n8nInstance, summarizeRun } = require('./n8n');
const { n8nFetch } = require('./n8nFetch');
const { packRepo } = require('./packages');
const { PKG } = require('./targets');
const { createSandbox } = require('../../test/sandbox');
const { tokenEndpointOverwrites } = require('../workflows/oauth2');

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled', 'failed']);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const keep = () => process.env.E2E_KEEP === '1';

/** version → Promise<Stage> */
const stages = new Map();
let packed = null;

/** The repository's tarball, packed once per process. */
async function packedTarball() {
	packed ??= packRepo().then((tgz) => {
		assert.ok(tgz, 'dist/ is not built: run `npm run build`');
		return tgz;
	});
	return await packed;
}

/**
 * The stage of `version`, opened on first use.
 * @param {string} version
 * @returns {Promise<Stage>}
 */
function stageFor(version) {
	if (!stages.has(version)) {
		const opening = openStage(version);
		// a failed opening is reported by every suite that asks, never cached as a half-open stage
		opening.catch(() => stages.delete(version));
		stages.set(version, opening);
	}
	return stages.get(version);
}

async function openStage(version) {
	const started = Date.now();
	const sandbox = await createSandbox({ port: 0 });
	const inst = n8nInstance({
		version,
		env: { CREDENTIALS_OVERWRITE_DATA: tokenEndpointOverwrites(sandbox) },
	});
	const installed = await inst.installPackageTarball(await packedTarball());
	assert.equal(installed.name, PKG);
	const stage = new Stage(version, inst, sandbox);
	await stage.start();
	stage.openedInMs = Date.now() - started;
	return stage;
}

class Stage {
	constructor(version, inst, sandbox) {
		this.version = version;
		this.inst = inst;
		/** The shared sandbox: its token endpoint is every OAuth2 credential's (credential overwrites). */
		this.sandbox = sandbox;
		this.server = null;
		this.flatted = require(path.join(inst.runtime.dir, 'node_modules', 'flatted'));
		/** Output of every server process this stage ran (a restart keeps the earlier ones). */
		this.pastLogs = [];
		/** Webhook path of each workflow created by createWorkflows(). */
		this.hooks = new Map();
	}

	/** `n8n start` (again, after stop()): same user folder, same port when given. */
	async start({ port, env, readyTimeoutMs = 300_000 } = {}) {
		this.server = await this.inst.startServer({ port, env, readyTimeoutMs });
		return this.server;
	}

	/** Stops the server, keeping its output for logs(). */
	async stop() {
		if (!this.server) return;
		const { stdout, stderr } = this.server.logs();
		this.pastLogs.push(`${stdout}\n${stderr}`);
		await this.server.stop();
		this.server = null;
	}

	/** Stops and starts the server on the same port (what a restart of n8n does to workflows). */
	async restart(options = {}) {
		const port = this.server?.port;
		await this.stop();
		return await this.start({ port, ...options });
	}

	/** Everything the stage's n8n processes printed so far. */
	logs() {
		const current = this.server ? this.server.logs() : { stdout: '', stderr: '' };
		return [...this.pastLogs, `${current.stdout}\n${current.stderr}`].join('\n');
	}

	/** A REST call as the owner; the answer's `data` (asserts a 2xx). */
	async rest(method, p, body) {
		const r = await this.server.request(method, p, body);
		assert.ok(
			r.status >= 200 && r.status < 300,
			`${method} ${p}: HTTP ${r.status} ${r.text.slice(0, 300)}`,
		);
		return r.json?.data ?? r.json;
	}

	/**
	 * Creates credentials over REST. Each entry: {id, name, type, data}; n8n gives it an id of its
	 * own, written back into the entry so that workflows built from it afterwards refer to it.
	 * @returns {Promise<string[]>} the ids
	 */
	async createCredentials(credentials) {
		const ids = [];
		for (const credential of credentials) {
			const created = await this.rest('POST', '/rest/credentials', {
				name: credential.name,
				type: credential.type,
				data: credential.data,
			});
			credential.id = created.id;
			ids.push(created.id);
		}
		return ids;
	}

	/**
	 * Creates workflows over REST; a Manual Trigger becomes a Webhook node so that run() can start
	 * the workflow (unless `webhookStart` is false: a workflow for `n8n execute`). With `activate` (the default) every workflow that has a webhook is published and
	 * its webhook registered before this returns.
	 * @returns {Promise<string[]>} the ids, in the given order
	 */
	async createWorkflows(workflows, { activate = true, webhookStart = true } = {}) {
		const ids = [];
		for (const workflow of workflows) {
			const { wf, hookPath } = webhookStart
				? withWebhookStart(workflow)
				: { wf: workflow, hookPath: null };
			const { id: _ignored, ...body } = wf;
			// n8n 1.x refuses a workflow without `active`; activation is a call of its own
			const created = await this.rest('POST', '/rest/workflows', { ...body, active: false });
			ids.push(created.id);
			if (hookPath) this.hooks.set(created.id, hookPath);
		}
		if (activate)
			await Promise.all(ids.filter((id) => this.hooks.has(id)).map((id) => this.activate(id)));
		return ids;
	}

	/**
	 * Publishes a workflow. With `webhookPath` (or one createWorkflows() made) it waits until the
	 * production webhook is registered: n8n 2.41 publishes through an outbox that a poller works off
	 * later, so the webhook may still answer 404 right after the call. A GET to the POST-only webhook
	 * tells ("…Did you mean to make a POST request?") without starting an execution.
	 */
	async activate(workflowId, webhookPath = this.hooks.get(workflowId)) {
		const wf = await this.rest('GET', `/rest/workflows/${workflowId}`);
		await this.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: wf.versionId });
		if (!webhookPath) return;
		const deadline = Date.now() + 60_000;
		for (;;) {
			const probe = await n8nFetch(`${this.server.url}/webhook/${webhookPath}`, {
				timeoutMs: 10_000,
			});
			const text = await probe.text();
			if (text.includes('Did you mean to make a POST request')) return;
			assert.ok(
				Date.now() < deadline,
				`webhook ${webhookPath} not registered within 60 s of activating: ${probe.status} ${text.slice(0, 300)}`,
			);
			await sleep(200);
		}
	}

	/**
	 * Publishes a workflow whose trigger registers itself somewhere (SuperOffice Trigger) and waits
	 * for the outcome. n8n 2.8 activates before answering (a refusal is the answer's message); 2.41
	 * publishes through an outbox: its result is read from the publication status.
	 * @returns {Promise<string|null>} null once published, else n8n's error message
	 */
	async publish(workflowId, { timeoutMs = 60_000 } = {}) {
		const wf = await this.rest('GET', `/rest/workflows/${workflowId}`);
		const r = await this.server.request('POST', `/rest/workflows/${workflowId}/activate`, {
			versionId: wf.versionId,
		});
		if (r.status >= 400) return r.json?.message ?? r.text;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const s = await this.server.request(
				'GET',
				`/rest/workflows/${workflowId}/publication-status`,
			);
			if (s.status === 404) return null; // 2.8: done when the call returned
			const data = s.json?.data ?? s.json;
			if (data.status === 'published') return null;
			if (data.status !== 'in_progress' && data.status !== 'not_published')
				return (
					data.triggers
						.map((t) => t.errorMessage)
						.filter(Boolean)
						.join('; ') || data.status
				);
			assert.ok(
				Date.now() < deadline,
				`workflow ${workflowId} not published within ${timeoutMs} ms`,
			);
			await sleep(250);
		}
	}

	async deactivate(workflowId) {
		await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`);
	}

	/** The workflow's executions, newest first. */
	async executionsOf(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		return (await this.rest('GET', `/rest/executions?filter=${filter}&limit=100`)).results;
	}

	/** One stored execution with its run data parsed. */
	async readExecution(executionId) {
		const execution = await this.rest('GET', `/rest/executions/${executionId}`);
		const data =
			typeof execution.data === 'string' ? this.flatted.parse(execution.data) : execution.data;
		return { ...execution, data };
	}

	/**
	 * Posts `body` to the workflow's production webhook and waits for the execution it started.
	 * @returns {Promise<{httpStatus: number, answer: string, executionId: string, status: string,
	 *   ok: boolean, error: string|null, errorDetails: object|null, lastNodeExecuted: string|null,
	 *   runData: object, items: Record<string, object[]>, outputs: Record<string, object[][]>,
	 *   text: string}>} `text` is the webhook's answer and the stored execution, for secret checks.
	 */
	async run(
		workflowId,
		{ body = {}, webhookPath = this.hooks.get(workflowId), timeoutMs = 300_000 } = {},
	) {
		assert.ok(webhookPath, `workflow ${workflowId} has no webhook to run it by`);
		const known = new Set((await this.executionsOf(workflowId)).map((e) => String(e.id)));
		const res = await n8nFetch(`${this.server.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			timeoutMs,
		});
		const answer = await res.text();
		assert.ok(
			!(res.status === 404 && answer.includes('is not registered')),
			`the webhook of workflow ${workflowId} is not registered: ${answer.slice(0, 300)}`,
		);
		const deadline = Date.now() + timeoutMs;
		let summary;
		while (!summary) {
			const list = await this.executionsOf(workflowId);
			summary = list.find((e) => !known.has(String(e.id)) && FINISHED.has(e.status));
			if (summary) break;
			assert.ok(
				Date.now() < deadline,
				`no finished execution of workflow ${workflowId} within ${timeoutMs} ms; the webhook answered ${res.status} ${answer.slice(0, 300)}; executions: ${JSON.stringify(list.map((e) => [e.id, e.status, e.mode]))}`,
			);
			await sleep(150);
		}
		const execution = await this.readExecution(summary.id);
		const err = execution.data?.resultData?.error ?? null;
		const error = err ? err.message || err.description || JSON.stringify(err) : null;
		return {
			httpStatus: res.status,
			answer,
			executionId: String(summary.id),
			status: execution.status,
			ok: execution.status === 'success' && !error,
			error,
			errorDetails: err,
			lastNodeExecuted: execution.data?.resultData?.lastNodeExecuted ?? null,
			...summarizeRun({ data: execution.data }),
			text: `${answer}\n${JSON.stringify(execution.data)}`,
		};
	}

	async close() {
		await this.stop();
		if (!keep()) fs.rmSync(this.inst.userFolder, { recursive: true, force: true });
		await this.sandbox.close();
	}
}

/**
 * The workflow with its Manual Trigger (if any) replaced by a Webhook node of the same name
 * (POST, a path of its own, answering once the run ended), so the connections stay as they are.
 */
function withWebhookStart(workflow) {
	const wf = structuredClone(workflow);
	const manual = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const webhook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	if (webhook) return { wf, hookPath: webhook.parameters.path };
	if (!manual) return { wf, hookPath: null };
	const hookPath = `e2e-run-${crypto.randomUUID()}`;
	Object.assign(manual, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
	});
	return { wf, hookPath };
}

async function closeStages() {
	const open = [...stages.values()];
	stages.clear();
	for (const opening of open) {
		const stage = await opening.catch(() => null);
		if (stage) await stage.close();
	}
	if (packed && !keep()) {
		const tgz = await packed.catch(() => null);
		if (tgz) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

// Root-level: runs once every test of the process is done.
test.after(closeStages);

module.exports = { stageFor, packedTarball, withWebhookStart, closeStages };
