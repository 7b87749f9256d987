'use strict';
/**
 * What the queue suite asks n8n's main process over REST (owner cookie): publish a workflow and
 * wait until its production webhook answers on the webhook process, list and read executions.
 */
const path = require('node:path');
const { n8nFetch } = require('../lib/n8nFetch');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

function restClient(server, runtimeDir) {
	const flatted = require(path.join(runtimeDir, 'node_modules', 'flatted'));

	async function rest(method, p, body) {
		const r = await server.request(method, p, body);
		if (r.status < 200 || r.status >= 300)
			throw new Error(`${method} ${p}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
		return r.json?.data ?? r.json;
	}

	/**
	 * Publish and wait until the webhook process knows the path: a GET to the POST-only webhook
	 * answers "…Did you mean to make a POST request?" once it is registered (no execution starts).
	 */
	async function activate(workflowId, webhookUrl, { timeoutMs = 90_000 } = {}) {
		const wf = await rest('GET', `/rest/workflows/${workflowId}`);
		await rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: wf.versionId });
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const probe = await n8nFetch(webhookUrl, { timeoutMs: 10_000 }).catch((e) => ({
				status: 0,
				text: async () => String(e),
			}));
			const text = await probe.text();
			if (text.includes('Did you mean to make a POST request')) return;
			if (Date.now() > deadline)
				throw new Error(
					`webhook ${webhookUrl} not registered within ${timeoutMs} ms of publishing: ${probe.status} ${text.slice(0, 300)}`,
				);
			await sleep(300);
		}
	}

	/** Every execution of the workflow, newest first (n8n pages by 100 at most: follow `lastId`). */
	async function executionsOf(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const all = [];
		for (let page = 0; page < 20; page++) {
			const cursor = all.length ? `&lastId=${all[all.length - 1].id}` : '';
			const { results } = await rest('GET', `/rest/executions?filter=${filter}&limit=100${cursor}`);
			all.push(...results);
			if (results.length < 100) break;
		}
		return all;
	}

	/** Wait until `count` executions of the workflow (beyond `known` ids) have finished; bounded. */
	async function waitForExecutions(
		workflowId,
		count,
		{ known = new Set(), timeoutMs = 180_000 } = {},
	) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = (await executionsOf(workflowId)).filter((e) => !known.has(String(e.id)));
			const done = list.filter((e) => FINISHED.has(e.status));
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(
					`${done.length} of ${count} executions of ${workflowId} finished within ${timeoutMs} ms: ${JSON.stringify(list.map((e) => [e.id, e.status]))}`,
				);
			}
			await sleep(500);
		}
	}

	/** One execution with its run data (`resultData.error`, `runData`). */
	async function execution(id) {
		const e = await rest('GET', `/rest/executions/${id}`);
		return { ...e, data: typeof e.data === 'string' ? flatted.parse(e.data) : e.data };
	}

	return { rest, activate, executionsOf, waitForExecutions, execution };
}

module.exports = { restClient, FINISHED };
