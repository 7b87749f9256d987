'use strict';
/**
 * The SuperOffice Trigger (webhook) inside real n8n (every version installed under e2e/n8n/),
 * against the sandbox (test/sandbox), which registers webhooks and sends signed chat events to n8n
 * over HTTP like SuperOffice does.
 *
 * Per version: the version's stage (e2e/lib/stage.js: one user folder, the `npm pack` tarball
 * installed as the Community Nodes UI does, one `n8n start` with an owner), the credential and
 * workflows created and activated headless over REST. Checks look at the
 * sandbox (hooks, its deliveries and what n8n answered, the Resets it received) and at n8n's
 * executions (REST).
 *
 * The cases run in order on the stage's server:
 *  1. activation registers one hook; SuperOffice's test call got 200 and started nothing
 *  2. one signed chatsession.changed of a bot session runs Trigger → Reset exactly once; the change
 *     the Reset causes (bot off, queued) is filtered out
 *  3. a copy of the workflow with its static data (export/import, duplicate) registers a hook of
 *     its own and leaves the original's alone; deactivating the copy deletes only its own hook,
 *     and the original still runs on the next event
 *  4. a tampered or unsigned delivery gets 401 and runs nothing (and n8n logs a warning)
 *  5. a filtered-out event (a human-handled session) runs nothing
 *  6. a replayed delivery starts nothing (200); a stale or future-dated one is refused (401)
 *  7. multipart, form, XML and text bodies (which n8n parses itself) get 401, no execution
 *  8. reads slower than the sender's timeout, with its retries: one event, one execution
 *  9. a restart registers no second hook (2.8 checks it, 2.41 does not ask), and the saved secret
 *     still verifies the next event
 * 10. deactivation deletes the hook
 * 11. no webhook rights (403) and an http address where SuperOffice wants https: readable errors
 *
 * Run: npm run build && node --test --test-concurrency=1 e2e/trigger.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { packageTargets, reportTargets, cmpSemver } = require('./lib');
const { stageFor } = require('./lib/stage');
const { waitFor, sleep } = require('./lib/waitFor');
const { n8nFetch } = require('./lib/n8nFetch');
const { createSandbox } = require('../test/sandbox');
const { sandboxCredentials, SANDBOX_SECRETS } = require('./workflows/credentials');
const {
	resetBotSessionsOnChange,
	triggerOnly,
	superOfficeTrigger,
} = require('./workflows/trigger');
const { chain } = require('./workflows/nodes');

const { versions, skip } = packageTargets();
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const RESET_PATH = /\/ChatSession\/\d+\/Reset$/;

reportTargets({ skip, title: 'SuperOffice Trigger in real n8n' });

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: SuperOffice Trigger (webhook)`, { timeout: 600_000 }, () => {
		let stage;
		let sandbox;
		let server;
		const ids = {};
		let triggerNode;
		let hookId;
		const outputs = [];

		const rest = (method, p, body) => stage.rest(method, p, body);
		const executionsOf = (workflowId) => stage.executionsOf(workflowId);
		async function execution(id) {
			const { status, data } = await stage.readExecution(id);
			outputs.push({ id: `execution ${id}`, text: JSON.stringify(data) });
			return { status, data };
		}
		/**
		 * Activate over REST. n8n 2.8 activates before answering (a refusal is the answer's message);
		 * 2.41 publishes through an outbox: its result is read from the publication status.
		 * Resolves to null on success, or the error message.
		 */
		async function activate(workflowId) {
			const wf = await rest('GET', `/rest/workflows/${workflowId}`);
			const r = await server.request('POST', `/rest/workflows/${workflowId}/activate`, {
				versionId: wf.versionId,
			});
			outputs.push({ id: `activate ${workflowId}`, text: r.text });
			if (r.status >= 400) return r.json?.message ?? r.text;
			const status = await waitFor(`activation of ${workflowId}`, async () => {
				const s = await server.request('GET', `/rest/workflows/${workflowId}/publication-status`);
				if (s.status === 404) return { status: 'published', triggers: [] }; // 2.8: done when the call returned
				const data = s.json?.data ?? s.json;
				return data.status === 'in_progress' || data.status === 'not_published' ? null : data;
			});
			outputs.push({ id: `publication ${workflowId}`, text: JSON.stringify(status) });
			if (status.status === 'published') return null;
			return (
				status.triggers
					.map((t) => t.errorMessage)
					.filter(Boolean)
					.join('; ') || status.status
			);
		}
		/** The workflow's finished executions after `known`, once deliveries settled and nothing runs. */
		async function newExecutions(workflowId, known, expected) {
			await sandbox.webhooks.settled(30_000);
			if (expected > 0) {
				await waitFor(`${expected} finished execution(s)`, async () => {
					const list = (await executionsOf(workflowId)).filter((e) => !known.has(String(e.id)));
					return list.length >= expected && list.every((e) => FINISHED.has(e.status));
				});
			}
			await sleep(1500); // time for anything unexpected to show up
			return (await executionsOf(workflowId)).filter((e) => !known.has(String(e.id)));
		}
		const knownIds = async (workflowId) =>
			new Set((await executionsOf(workflowId)).map((e) => String(e.id)));
		const eventDeliveries = () => sandbox.webhooks.deliveries.filter((d) => !d.test);

		before(async () => {
			stage = await stageFor(version);
			server = stage.server;
			sandbox = await createSandbox({ port: 0, webhooks: { retryDelaysMs: [200, 400] } });
			const cred = sandboxCredentials(sandbox.webClientUrl).basic;
			await stage.createCredentials([cred]);
			ids.credential = cred.id;
			const main = resetBotSessionsOnChange('e2e SuperOffice Trigger → Reset', cred);
			triggerNode = main.nodes[0];
			const list = [
				['main', main],
				['refused', triggerOnly('e2e SuperOffice Trigger refused', cred)],
			];
			const imported = await stage.createWorkflows(
				list.map(([, wf]) => wf),
				{ activate: false },
			);
			list.forEach(([key], i) => (ids[key] = imported[i]));
		});
		after(async () => {
			// an active trigger would call this sandbox's API when the stage's server stops
			if (stage?.server) {
				await stage.server.request('POST', `/rest/workflows/${ids.main}/deactivate`);
				if (ids.copy) await stage.server.request('POST', `/rest/workflows/${ids.copy}/deactivate`);
			}
			if (sandbox) await sandbox.close();
		});

		test('activation registers one hook; the registration test call got 200 and started nothing', async () => {
			assert.equal(await activate(ids.main), null);
			const hooks = await waitFor('the hook at SuperOffice', () =>
				sandbox.webhooks.list().length > 0 ? sandbox.webhooks.list() : null,
			);
			assert.equal(hooks.length, 1, 'one hook');
			const [hook] = hooks;
			hookId = hook.WebhookId;
			assert.equal(hook.TargetUrl, `${server.url}/webhook/${triggerNode.webhookId}/webhook`);
			assert.deepEqual(hook.Events, ['chatsession.changed']);
			assert.equal(hook.State, 'Active');
			assert.match(hook.Secret, /^[A-Za-z0-9_-]{43}$/, 'a fresh random secret');
			const tests = sandbox.webhooks.deliveries.filter((d) => d.test);
			assert.deepEqual(
				tests.map((d) => [d.targetUrl, d.status]),
				[[hook.TargetUrl, 200]],
				'the test call reached n8n and got 200',
			);
			assert.deepEqual(
				sandbox.requests
					.filter((r) => r.apiPath?.startsWith('/Webhook'))
					.map((r) => `${r.method} ${r.apiPath} ${r.status}`),
				['GET /Webhook 200', 'POST /Webhook 200'],
			);
			await sleep(1000);
			assert.deepEqual(await executionsOf(ids.main), [], 'no execution');
		});

		test('one signed chatsession.changed of a bot session runs Trigger → Reset exactly once', async () => {
			const known = await knownIds(ids.main);
			sandbox.clearRequests();
			sandbox.putSession({ ...sandbox.getSession(903), LastMessage: 'Is anyone there?' });
			const runs = await newExecutions(ids.main, known, 1);
			assert.equal(
				runs.length,
				1,
				`exactly one execution (got ${runs.map((e) => `${e.id} ${e.status}`).join(', ')})`,
			);
			const { status, data } = await execution(runs[0].id);
			assert.equal(status, 'success');
			const fired = data.resultData.runData['SuperOffice Trigger'][0].data.main[0].map(
				(i) => i.json,
			);
			assert.equal(fired.length, 1);
			assert.equal(fired[0].event, 'chatsession.changed');
			assert.equal(fired[0].chatSessionId, 903);
			assert.equal(fired[0].retry, 0);
			assert.deepEqual(fired[0].fieldValues, {
				ChatSessionId: 903,
				Status: 'CustomerLast',
				ChatbotIsactive: true,
				TopicId: 2,
				UserId: 0,
			});
			const reset = data.resultData.runData.Reset[0].data.main[0].map((i) => i.json);
			assert.deepEqual(
				reset.map((j) => [j.ChatSessionId, j.Status, j.ChatbotIsActive]),
				[[903, 'InQueue', false]],
			);
			assert.deepEqual(
				sandbox.requestsFor('POST', RESET_PATH).map((r) => [r.path, r.status]),
				[[`/${sandbox.tenant}/api/v1/ChatSession/903/Reset`, 200]],
				'the sandbox got one Reset',
			);
			// The Reset changed the session again: that event was delivered, answered 200, and filtered out.
			const events = eventDeliveries().filter((d) => d.chatSessionId === 903);
			assert.deepEqual(
				events.map((d) => [d.event, d.status]),
				[
					['chatsession.changed', 200],
					['chatsession.changed', 200],
				],
			);
			assert.match(events[1].body, /"ChatbotIsactive":false/);
		});

		test("a copy with the original's static data registers its own hook; deactivating it leaves the original's", async () => {
			const original = await rest('GET', `/rest/workflows/${ids.main}`);
			const record = original.staticData?.['node:SuperOffice Trigger']?.production;
			assert.equal(record?.webhookId, hookId, "the original's static data records its hook");
			const before = sandbox.webhooks.get(hookId);
			// A copy keeps node ids and static data; n8n gives its webhook a path of its own (two
			// active workflows cannot share one).
			const nodes = structuredClone(original.nodes).map((n) =>
				n.name === 'SuperOffice Trigger' ? { ...n, webhookId: crypto.randomUUID() } : n,
			);
			const body = {
				name: 'e2e SuperOffice Trigger → Reset (copy)',
				nodes,
				connections: original.connections,
				settings: original.settings,
				staticData: original.staticData,
			};
			const copy = await rest('POST', '/rest/workflows', { ...body, active: false });
			ids.copy = copy.id;
			// n8n 2.41's REST create drops staticData (1.123 and 2.8 keep it); its CLI import keeps it.
			if (!(await rest('GET', `/rest/workflows/${ids.copy}`)).staticData)
				await stage.inst.importWorkflow({ ...body, id: ids.copy, active: false });
			assert.deepEqual(
				(await rest('GET', `/rest/workflows/${ids.copy}`)).staticData,
				original.staticData,
				"the copy carries the original's static data",
			);
			const copyTrigger = nodes.find((n) => n.name === 'SuperOffice Trigger');
			const copyUrl = `${server.url}/webhook/${copyTrigger.webhookId}/webhook`;
			sandbox.clearRequests();
			assert.equal(await activate(ids.copy), null);
			const hooks = await waitFor('a hook for the copy', () =>
				sandbox.webhooks.list().length === 2 ? sandbox.webhooks.list() : null,
			);
			assert.deepEqual(sandbox.webhooks.get(hookId), before, "the original's hook is untouched");
			const own = hooks.find((h) => h.WebhookId !== hookId);
			assert.equal(own.TargetUrl, copyUrl);
			assert.equal(own.Name, `n8n ${ids.copy} ${triggerNode.id}`);
			assert.notEqual(own.Secret, before.Secret);
			const changed = sandbox.requests.filter(
				(r) => r.method !== 'GET' && r.apiPath === `/Webhook/${hookId}`,
			);
			assert.deepEqual(changed, [], "no PATCH, PUT or DELETE of the original's hook");

			sandbox.clearRequests();
			await rest('POST', `/rest/workflows/${ids.copy}/deactivate`, {});
			await waitFor("the copy's hook to be deleted", () => !sandbox.webhooks.get(own.WebhookId));
			assert.deepEqual(
				sandbox.webhooks.list().map((h) => [h.WebhookId, h.TargetUrl, h.State]),
				[[hookId, before.TargetUrl, 'Active']],
			);
			assert.deepEqual(
				sandbox.requests
					.filter((r) => r.apiPath?.startsWith('/Webhook'))
					.map((r) => `${r.method} ${r.apiPath} ${r.status}`),
				[`GET /Webhook/${own.WebhookId} 200`, `DELETE /Webhook/${own.WebhookId} 204`],
			);

			// The original still gets the next event and runs (on 901: the later cases need 902 to 906
			// still in the bot's hands).
			const known = await knownIds(ids.main);
			sandbox.clearRequests();
			sandbox.putSession({ ...sandbox.getSession(901), LastMessage: 'Still the original?' });
			const runs = await newExecutions(ids.main, known, 1);
			assert.equal(runs.length, 1);
			assert.equal((await execution(runs[0].id)).status, 'success');
			assert.deepEqual(
				sandbox.requestsFor('POST', RESET_PATH).map((r) => r.path),
				[`/${sandbox.tenant}/api/v1/ChatSession/901/Reset`],
			);
			assert.deepEqual(await executionsOf(ids.copy), [], 'the copy ran nothing');
		});

		test('a tampered or unsigned delivery gets 401 and runs nothing', async () => {
			const known = await knownIds(ids.main);
			sandbox.clearRequests();
			const before = eventDeliveries().length;
			try {
				for (const mode of ['tampered', 'missing', 'wrong']) {
					sandbox.webhooks.configure({ signatureMode: mode, retryDelaysMs: [] });
					sandbox.putSession({ ...sandbox.getSession(901), LastMessage: `ping (${mode})` });
					await sandbox.webhooks.settled(30_000);
				}
			} finally {
				sandbox.webhooks.configure({ signatureMode: 'valid', retryDelaysMs: [200, 400] });
			}
			const refused = eventDeliveries().slice(before);
			assert.deepEqual(
				refused.map((d) => [d.chatSessionId, d.signatureMode, d.status]),
				[
					[901, 'tampered', 401],
					[901, 'missing', 401],
					[901, 'wrong', 401],
				],
			);
			assert.deepEqual(await newExecutions(ids.main, known, 0), [], 'no execution');
			assert.deepEqual(sandbox.requestsFor('POST', RESET_PATH), [], 'no Reset');
			const { stdout, stderr } = server.logs();
			assert.match(
				`${stdout}\n${stderr}`,
				/SuperOffice Trigger refused a call whose X-SuperOffice-Signature does not match/,
			);
			assert.match(
				`${stdout}\n${stderr}`,
				/SuperOffice Trigger refused a call without X-SuperOffice-Signature/,
			);
		});

		test('a filtered-out event (a human-handled session) runs nothing', async () => {
			const known = await knownIds(ids.main);
			sandbox.clearRequests();
			const before = eventDeliveries().length;
			sandbox.putSession({
				...sandbox.getSession(913),
				LastMessage: 'Thanks, Anna!',
				Status: 'CustomerLast',
			});
			assert.deepEqual(await newExecutions(ids.main, known, 0), []);
			assert.deepEqual(
				eventDeliveries()
					.slice(before)
					.map((d) => [d.chatSessionId, d.status]),
				[[913, 200]],
				'delivered and acknowledged',
			);
			assert.deepEqual(sandbox.requestsFor('POST', RESET_PATH), []);
		});

		test('a replayed delivery starts nothing (200); stale and future-dated ones are refused (401)', async () => {
			const known = await knownIds(ids.main);
			sandbox.clearRequests();
			const first = eventDeliveries().length;
			sandbox.putSession({ ...sandbox.getSession(905), LastMessage: 'Replay me' });
			const runs = await newExecutions(ids.main, known, 1);
			assert.equal(runs.length, 1, 'the event ran once');
			// the delivery that ran (the Reset's own change came after it and was filtered out)
			const original = eventDeliveries()
				.slice(first)
				.find((d) => d.chatSessionId === 905);
			assert.match(original.body, /"ChatbotIsactive":true/);
			assert.equal(original.status, 200);
			// Someone who captured the signed delivery sends it again, byte for byte.
			const replayed = await sandbox.webhooks.replay(original.seq);
			assert.deepEqual(
				[replayed.replayOf, replayed.eventId, replayed.status],
				[original.seq, original.eventId, 200],
				'the replay was answered 200 (SuperOffice would stop retrying)',
			);
			const before = eventDeliveries().length;
			try {
				sandbox.webhooks.configure({ retryDelaysMs: [], timestampOffsetMs: -600_000 });
				sandbox.putSession({ ...sandbox.getSession(906), LastMessage: 'Ten minutes ago' });
				await sandbox.webhooks.settled(30_000);
				sandbox.webhooks.configure({ timestampOffsetMs: 600_000 });
				sandbox.putSession({ ...sandbox.getSession(902), LastMessage: 'In ten minutes' });
				await sandbox.webhooks.settled(30_000);
			} finally {
				sandbox.webhooks.configure({ retryDelaysMs: [200, 400], timestampOffsetMs: 0 });
			}
			assert.deepEqual(
				eventDeliveries()
					.slice(before)
					.filter((d) => d.chatSessionId !== 905) // the Reset's own change, filtered out
					.map((d) => [d.chatSessionId, d.signatureMode, d.status]),
				[
					[906, 'valid', 401],
					[902, 'valid', 401],
				],
				'validly signed, but outside the replay window',
			);
			const after = (await newExecutions(ids.main, known, 1)).map((e) => String(e.id));
			assert.deepEqual(after, [String(runs[0].id)], 'no execution besides the first');
			assert.deepEqual(
				sandbox.requestsFor('POST', RESET_PATH).map((r) => r.path),
				[`/${sandbox.tenant}/api/v1/ChatSession/905/Reset`],
				'one Reset',
			);
			assert.match(server.logs().stdout + server.logs().stderr, /outside the replay window/);
		});

		test('bodies n8n parses itself (multipart, form, XML, text), signed or not, get 401 and record no execution', async () => {
			const known = await knownIds(ids.main);
			const before = eventDeliveries().length;
			const sent = [
				['multipart', 'missing'],
				['multipart', 'valid'],
				['form', 'missing'],
				['xml', 'missing'],
				['text', 'missing'],
			];
			try {
				for (const [bodyFormat, signatureMode] of sent) {
					sandbox.webhooks.configure({ bodyFormat, signatureMode, retryDelaysMs: [] });
					sandbox.putSession({
						...sandbox.getSession(901),
						LastMessage: `as ${bodyFormat} (${signatureMode})`,
					});
					await sandbox.webhooks.settled(30_000);
				}
			} finally {
				sandbox.webhooks.configure({
					bodyFormat: 'json',
					signatureMode: 'valid',
					retryDelaysMs: [200, 400],
				});
			}
			const refused = eventDeliveries().slice(before);
			outputs.push({ id: 'consumed bodies', text: JSON.stringify(refused.map((d) => d.answer)) });
			assert.deepEqual(
				refused.map((d) => [d.bodyFormat, d.signatureMode, d.status]),
				sent.map(([f, m]) => [f, m, 401]),
			);
			assert.deepEqual(
				await newExecutions(ids.main, known, 0),
				[],
				'no execution, not even an error',
			);
		});

		test("reads slower than the sender's timeout, with its retries: one event is one execution, without the session", async () => {
			const slowFlow = chain('e2e SuperOffice Trigger slow tenant', [
				superOfficeTrigger(
					'SuperOffice Trigger',
					{ events: ['chatsession.created'], options: { fetchChatSession: true } },
					{ credential: sandboxCredentials(sandbox.webClientUrl).basic },
				),
			]);
			slowFlow.nodes[0].credentials.superOfficeApi.id = ids.credential;
			const [slowId] = await stage.createWorkflows([slowFlow], { activate: false });
			assert.equal(await activate(slowId), null);
			try {
				const slowHook = await waitFor("the slow workflow's hook", () =>
					sandbox.webhooks.list().find((h) => h.WebhookId !== hookId),
				);
				// Every read of the session takes 9 s: longer than the sender waits, and than the
				// trigger's read deadline (8 s).
				sandbox.faults.script([
					{
						match: { method: 'GET', path: /\/ChatSession\/902$/ },
						times: 10,
						fault: { type: 'slow', delayMs: 9000 },
					},
				]);
				// The sender gives up after 0.5 s and tries again after 0.2 s and 0.3 s, with the same
				// EventId (SuperOffice's rhythm, faster).
				sandbox.webhooks.configure({ timeoutMs: 500, retryDelaysMs: [200, 300] });
				const { eventId } = sandbox.webhooks.emit('chatsession.created', sandbox.getSession(902));
				await newExecutions(slowId, new Set(), 1);
				const tries = eventDeliveries().filter((d) => d.eventId === eventId);
				// every try has had time to end in an execution of its own (9 s read + margin)
				await sleep(Math.max(0, tries.at(-1).startedAt + 10_000 - Date.now()));
				const runs = await executionsOf(slowId);
				outputs.push({ id: 'slow tenant', text: JSON.stringify(tries) });
				assert.equal(tries.length, 3, 'the sender gave up on each try and retried twice');
				assert.ok(
					tries.every((d) => d.webhookId === slowHook.WebhookId),
					"only the slow workflow's hook",
				);
				assert.equal(runs.length, 1, `exactly one execution (got ${runs.length})`);
				const { status, data } = await execution(runs[0].id);
				assert.equal(status, 'success');
				const [item] = data.resultData.runData['SuperOffice Trigger'][0].data.main[0].map(
					(i) => i.json,
				);
				assert.equal(item.eventId, eventId);
				assert.equal(item.chatSessionId, 902);
				assert.equal(item.chatSession, undefined);
				assert.match(item.chatSessionError, /did not answer within/);
			} finally {
				sandbox.faults.clear();
				sandbox.webhooks.configure({ timeoutMs: 10_000, retryDelaysMs: [200, 400] });
				await rest('POST', `/rest/workflows/${slowId}/deactivate`, {});
				await waitFor("the slow workflow's hook to be deleted", () =>
					sandbox.webhooks.list().every((h) => h.WebhookId === hookId),
				);
			}
		});

		test('a restart registers no second hook, and the saved secret verifies the next event', async () => {
			await stage.stop();
			sandbox.clearRequests();
			server = await stage.start({ port: server.port });
			// n8n serves the webhook again once the workflow is active: a GET to the POST-only URL then
			// says "Did you mean to make a POST request?" (n8n's WebhookNotFoundError), starting nothing.
			await waitFor(
				"n8n to serve the trigger's webhook after the restart",
				async () => {
					const probe = await n8nFetch(`${server.url}/webhook/${triggerNode.webhookId}/webhook`, {
						timeoutMs: 10_000,
					});
					return (await probe.text()).includes('Did you mean to make a POST request');
				},
				{ timeoutMs: 120_000 },
			);
			// The route is served from n8n's database before the start-up activation has run the
			// trigger's webhook methods: wait until n8n says it activated (or failed to activate) it.
			// n8n 2.41 keeps its published triggers over a restart and runs no webhook method then.
			if (cmpSemver(version, '2.41.0') < 0) {
				const serverOutput = () => `${server.logs().stdout}\n${server.logs().stderr}`;
				const activated = await waitFor(
					"n8n's start-up activation of the trigger's workflow",
					() =>
						new RegExp(
							`(Activated workflow|Issue on initial workflow activation try of) .*\\(ID: ${ids.main}\\)`,
						).exec(serverOutput())?.[1],
					{ timeoutMs: 120_000 },
				);
				assert.equal(activated, 'Activated workflow', 'the start-up activation succeeded');
			}
			await sleep(1000); // time for a registration that should not happen to reach the sandbox
			assert.deepEqual(
				sandbox.webhooks.list().map((h) => h.WebhookId),
				[hookId],
				'still the one hook',
			);
			// n8n 2.8 checks the hook on start (checkExists: one GET); 2.41 keeps its published triggers
			// and does not ask. Neither registers, changes or deletes anything.
			const calls = sandbox.requests
				.filter((r) => r.apiPath?.startsWith('/Webhook'))
				.map((r) => `${r.method} ${r.apiPath}`);
			assert.ok(
				calls.every((c) => c === `GET /Webhook/${hookId}`),
				`only checks of the hook after the restart: ${calls.join(', ')}`,
			);
			if (version === '2.8.4') assert.equal(calls.length, 1, 'n8n 2.8 checked the hook once');

			const known = await knownIds(ids.main);
			sandbox.putSession({ ...sandbox.getSession(904), LastMessage: 'Hello after the restart' });
			const runs = await newExecutions(ids.main, known, 1);
			assert.equal(runs.length, 1);
			assert.equal((await execution(runs[0].id)).status, 'success');
			assert.deepEqual(
				sandbox.requestsFor('POST', RESET_PATH).map((r) => r.path),
				[`/${sandbox.tenant}/api/v1/ChatSession/904/Reset`],
			);
		});

		test('deactivation deletes the hook', async () => {
			sandbox.clearRequests();
			await rest('POST', `/rest/workflows/${ids.main}/deactivate`, {});
			await waitFor('the hook to be deleted', () => sandbox.webhooks.list().length === 0);
			const calls = sandbox.requests
				.filter((r) => r.apiPath?.startsWith('/Webhook'))
				.map((r) => `${r.method} ${r.apiPath} ${r.status}`);
			// The hook is read (is it still ours?) before it is deleted, once; n8n 1.x may also ask
			// whether it exists, so the reads are counted as at least one.
			assert.deepEqual(
				calls.filter((c) => !c.startsWith('GET ')),
				[`DELETE /Webhook/${hookId} 204`],
				'exactly one write: the DELETE of our hook',
			);
			assert.ok(
				calls.slice(0, -1).length >= 1 &&
					calls.slice(0, -1).every((c) => c === `GET /Webhook/${hookId} 200`),
				`our hook read before the DELETE, nothing else: ${calls.join(', ')}`,
			);
			assert.ok(calls.at(-1).startsWith('DELETE '), 'the DELETE comes last');
		});

		test('no webhook rights (403) and an http address where https is required give readable errors', async () => {
			sandbox.webhooks.configure({ webhookRights: false });
			let message;
			try {
				message = await activate(ids.refused);
			} finally {
				sandbox.webhooks.configure({ webhookRights: true });
			}
			outputs.push({ id: 'no rights', text: String(message) });
			assert.match(
				String(message),
				/SuperOffice refused the webhook \(HTTP 403\): the user or app of this credential has no right to manage webhooks\./,
			);
			assert.match(String(message), /use the SuperOffice Idle Chat Trigger instead/);

			sandbox.webhooks.configure({ httpsRequired: true });
			try {
				message = await activate(ids.refused);
			} finally {
				sandbox.webhooks.configure({ httpsRequired: false });
			}
			outputs.push({ id: 'http only', text: String(message) });
			assert.match(
				String(message),
				/SuperOffice accepts only https webhook addresses, and n8n's webhook address http:\/\/127\.0\.0\.1:\d+\/webhook\/[0-9a-f-]+\/webhook is not https\. Set n8n's WEBHOOK_URL \(N8N_WEBHOOK_URL in newer n8n\) to n8n's public https address/,
			);
			assert.match(String(message), /SuperOffice says: Webhook TargetUrl must be secure/);
			assert.deepEqual(sandbox.webhooks.list(), [], 'nothing registered');
		});

		test('no secret in any n8n output of this version', () => {
			outputs.push({ id: 'server', text: stage.logs() });
			for (const { id, text } of outputs) {
				for (const secret of SANDBOX_SECRETS)
					assert.ok(!text.includes(secret), `${id} holds a sandbox secret`);
			}
		});
	});
}
