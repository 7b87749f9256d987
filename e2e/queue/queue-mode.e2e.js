'use strict';
/**
 * The package on n8n's queue mode, per installed n8n version (E2E_VERSIONS narrows): PostgreSQL
 * and Redis started for the run, `n8n start` (main, migrates), `n8n webhook`, and `n8n worker
 * --concurrency=5` processes, each with its own user folder and the package installed there
 * from the `npm pack` tarball the way the Community Nodes UI leaves it. Every execution arrives
 * through a production webhook on the webhook process and runs on a worker; the SuperOffice
 * sandbox (test/sandbox) records what the workers sent.
 *
 * In order (the cases share one cluster; workers are started and stopped between them):
 *  1. a worker WITHOUT the package: the execution fails with n8n's "Unrecognized node type"
 *  2. 40 webhook executions → Reset, 200 ms sandbox latency, two workers: 40 successes, 40
 *     distinct Resets, each once, both workers ran some
 *  3. OAuth2: expired access token, rotating refresh tokens, executions on both workers at once:
 *     every execution succeeds, the refreshes are counted, the stored refresh token still works
 *  4. SIGTERM to a worker (the process alone, as `docker stop` does) in the middle of a batch: it
 *     finishes what it runs, the other worker takes the rest, nothing is lost
 *  5. SIGKILL to a worker while a Reset is on its way: n8n 2.x does not run the stalled job again
 *     (its Bull queue has maxStalledCount 0), so the Add Message after it is never sent twice;
 *     the execution ends as error (2.8.4 at once; 2.41.1 once main restarted) or crashed
 *  When the package has them (package.json n8n.nodes), the trigger nodes too:
 *  - SuperOffice Trigger: registered at SuperOffice with the webhook process's URL; 40 chat events
 *    → 40 executions → 40 Resets, each once, on both workers
 *  - the AI chatbot example (SuperOffice Trigger, Message From: Customer → AI Agent with the
 *    stand-in for the model, test/modelStub): two rounds of customer messages in 8 chats at once
 *    → one execution and one reply per customer message, on both workers, none for the replies
 *  - Idle Chat Trigger (polls on main, runs on the workers): an idle session is emitted once; its
 *    memory lives in PostgreSQL, so restarting main emits nothing twice
 *
 * Run: npm run build && npm run test:queue        (E2E_VERSIONS=2.41.1 … for one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { PKG, REPO, strict } = require('../lib');
const { createQueueCluster, FAST_STALL_ENV } = require('../lib/queue');
const { createSandbox } = require('../../test/sandbox');
const { sandboxCredential, SANDBOX_SECRETS } = require('../workflows/credentials');
const { oauth2Credential, tokenEndpointOverwrites } = require('../workflows/oauth2');
const {
	resetByWebhook,
	resetThenMessage,
	idleTriggerOnly,
	fastestPollTimes,
	resetOnChatEvent,
} = require('./workflows');
const { restClient } = require('./rest');
const { n8nFetch } = require('../lib/n8nFetch');
const { createModelStub } = require('../../test/modelStub');
const {
	CHATBOT_EXAMPLE,
	STUB_KEY,
	loadAiExample,
	openAiStandIn,
} = require('../workflows/aiExamples');
const { queueTargets, usePackedQueueRepo, writeQueueResult, packageNodes } = require('./targets');

const { versions, keep, skip } = queueTargets();
const NODES = new Set(packageNodes());
const HAS_IDLE_TRIGGER = NODES.has('SuperOfficeIdleChatTrigger');
const NO_IDLE_TRIGGER = HAS_IDLE_TRIGGER
	? false
	: 'the package has no SuperOffice Idle Chat Trigger (package.json n8n.nodes)';
const IDLE_TRIGGER_NAME = 'Idle Chat Trigger';
const HAS_TRIGGER = NODES.has('SuperOfficeTrigger');
const NO_TRIGGER = HAS_TRIGGER
	? false
	: 'the package has no SuperOffice Trigger (package.json n8n.nodes)';
/**
 * A case for a node the package may not have yet: skipped without it, but under CI=true it runs
 * and fails on its first line (`assert.ok(!missing, missing)`): a node missing there is a failure.
 */
const unlessMissing = (missing) => ({ skip: strict() ? false : missing });
const RESET_PATH = /\/ChatSession\/(\d+)\/Reset$/;
const MESSAGES_PATH = /\/ChatSession\/(\d+)\/Messages$/;
const idOf = (q) => Number(/\/ChatSession\/(\d+)\//.exec(q.path)[1]);
const sorted = (a) => [...a].sort((x, y) => x - y);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Execution ids a worker's log says it started ("Worker started execution 12 (job 7)"). */
const startedBy = (logs) => [...logs.matchAll(/started execution (\d+)/g)].map((m) => m[1]);
/** … and those it says it finished ("Worker finished execution 12 (job 7)"). */
const finishedBy = (logs) => [...logs.matchAll(/finished execution (\d+)/g)].map((m) => m[1]);
const runningOn = (logs) => {
	const finished = new Set(finishedBy(logs));
	return startedBy(logs).filter((x) => !finished.has(x));
};

/** A stopped worker's log lines about executions and shutting down, the last 30: what it did
 * after SIGTERM, for the report (n8n's logs hold ids and messages, no credentials). */
const shutdownTrail = (logs) =>
	logs
		.split('\n')
		.filter((line) => /execution|shut|drain|waiting|cancel|stalled|error|exit/i.test(line))
		.slice(-30)
		.join('\n');

const packedTarball = usePackedQueueRepo({ skip, keep, title: 'SuperOffice in n8n queue mode' });

for (const version of skip ? [] : versions) {
	describe(
		`n8n ${version} queue mode: main + webhook process + workers, PostgreSQL, Redis`,
		{ timeout: 1_800_000 },
		() => {
			let sandbox;
			let model;
			let cluster;
			let main;
			let hook;
			let bare;
			let workers;
			let api;
			const ids = {};
			const hooks = {
				reset: 'so-queue-reset',
				oauth: 'so-queue-oauth',
				message: 'so-queue-message',
			};
			let history;
			let nextHistory = 0;
			const takeIds = (n) => history.slice(nextHistory, (nextHistory += n));
			const oauthCred = { id: 'so-queue-oauth2', name: 'SuperOffice OAuth2 queue' };
			let initialTokens;
			/** How often the Idle Chat Trigger polls in this n8n. */
			let poll;
			const post = async (hookPath, body) => {
				const res = await n8nFetch(`${hook.url}/webhook/${hookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					timeoutMs: 60_000,
				});
				return { status: res.status, text: await res.text() };
			};
			const knownIds = async (workflowId) =>
				new Set((await api.executionsOf(workflowId)).map((e) => String(e.id)));

			before(async () => {
				sandbox = await createSandbox({
					port: 0,
					...(HAS_TRIGGER ? { webhooks: { retryDelaysMs: [200, 400] } } : {}),
				});
				model = await createModelStub({ maxRequests: 500 });
				history = sorted([...sandbox.sessions.keys()].filter((id) => id < 900));
				assert.ok(history.length >= 80, 'the default seed has enough history sessions');
				cluster = await createQueueCluster({
					version,
					parentDir: path.join(REPO, '.tmp', 'queue'),
					env: { CREDENTIALS_OVERWRITE_DATA: tokenEndpointOverwrites(sandbox), ...FAST_STALL_ENV },
				});
				const tgz = packedTarball();
				main = await cluster.addProcess('main', { tgz });
				hook = await cluster.addProcess('webhook', { tgz });
				bare = await cluster.addProcess('worker', { name: 'worker without the package' });
				workers = [
					await cluster.addProcess('worker', { name: 'worker 1', tgz }),
					await cluster.addProcess('worker', { name: 'worker 2', tgz }),
				];
				for (const m of [main, hook, ...workers]) {
					assert.ok(
						fs.existsSync(path.join(m.inst.nodesDir, 'node_modules', PKG, 'package.json')),
						`${m.name}: the package is installed in its own user folder`,
					);
				}
				assert.ok(
					!fs.existsSync(path.join(bare.inst.nodesDir, 'node_modules', PKG)),
					'the bare worker has no package',
				);

				// main migrates the empty database; the imports, the webhook process and the bare worker follow side by side
				const server = await cluster.startMain(main);
				api = restClient(server, main.inst.runtime.dir);
				initialTokens = sandbox.oauth.issueTokens();
				const basic = sandboxCredential(sandbox.webClientUrl);
				const oauth = oauth2Credential({ ...oauthCred, sandbox, tokenData: initialTokens });
				poll = fastestPollTimes(main.inst.runtime.dir);
				const openAiCred = {
					id: 'so-queue-openai-stand-in',
					...openAiStandIn(model.baseUrl, 'OpenAI stand-in for the model (queue)'),
				};
				const list = [
					['reset', resetByWebhook('queue: Reset by webhook', hooks.reset, basic)],
					[
						'oauth',
						resetByWebhook('queue: Reset by webhook (OAuth2)', hooks.oauth, {
							...oauthCred,
							type: oauth.type,
						}),
					],
					['message', resetThenMessage('queue: Reset, then Add Message', hooks.message, basic)],
					...(HAS_TRIGGER
						? [['trigger', resetOnChatEvent('queue: SuperOffice Trigger → Reset', basic)]]
						: []),
					...(HAS_IDLE_TRIGGER
						? [['idle', idleTriggerOnly('queue: Idle Chat Trigger', basic, poll.pollTimes)]]
						: []),
					...(HAS_TRIGGER
						? [
								[
									'chatbot',
									{
										...loadAiExample(CHATBOT_EXAMPLE, { superOffice: basic, openAi: openAiCred }),
										id: undefined,
										name: 'queue: AI chatbot example',
									},
								],
							]
						: []),
				];
				const [, imported] = await Promise.all([
					main.inst.importCredentials([basic, oauth, openAiCred]),
					main.inst.importWorkflows(list.map(([, wf]) => wf)),
					cluster.startWebhook(hook),
					cluster.startWorker(bare),
				]);
				list.forEach(([key], i) => (ids[key] = imported[i]));
				for (const key of Object.keys(hooks))
					await api.activate(ids[key], `${hook.url}/webhook/${hooks[key]}`);
			});

			/** Session ids the Idle Chat Trigger emitted, per execution of its workflow (read from the run data). */
			async function idleEmissions() {
				const list = (await api.executionsOf(ids.idle)).filter((e) => e.status === 'success');
				const out = [];
				for (const e of list) {
					const ex = await api.execution(e.id);
					const items =
						ex.data?.resultData?.runData?.[IDLE_TRIGGER_NAME]?.[0]?.data?.main?.[0] ?? [];
					out.push({ id: String(e.id), sessions: items.map((it) => it.json.ChatSessionId) });
				}
				return out;
			}
			/**
			 * A poll now: main polls once when it activates the workflow (deactivate, activate).
			 * Resolves once that poll's archive search was answered and no execution of the trigger
			 * is still queued or running.
			 */
			async function pollIdleNow() {
				const lastSeq = sandbox.requests.at(-1)?.seq ?? 0;
				await api.rest('POST', `/rest/workflows/${ids.idle}/deactivate`);
				const wf = await api.rest('GET', `/rest/workflows/${ids.idle}`);
				await api.rest('POST', `/rest/workflows/${ids.idle}/activate`, {
					versionId: wf.versionId,
				});
				const deadline = Date.now() + 60_000;
				const polled = () =>
					sandbox
						.requestsFor('GET', /\/ChatSession$/)
						.some((q) => q.seq > lastSeq && q.endedAt !== null);
				while (!polled()) {
					assert.ok(Date.now() < deadline, 'main did not poll within 60 s of activating');
					await sleep(250);
				}
				await sleep(1500); // an execution that poll started is listed by then
				for (;;) {
					const open = (await api.executionsOf(ids.idle)).filter(
						(e) => !['success', 'error', 'crashed', 'canceled'].includes(e.status),
					);
					if (!open.length) return;
					assert.ok(Date.now() < deadline, `executions still open: ${JSON.stringify(open)}`);
					await sleep(500);
				}
			}
			const idleBotSession = (id, minutes) => ({
				ChatSessionId: id,
				Status: 'CustomerLast',
				ChatbotIsActive: true,
				TopicId: 2,
				WhenIdle: new Date(Date.now() - minutes * 60_000),
			});
			/** Things to do while main is down (the SIGKILL case restarts it). */
			const whileMainDown = [];

			after(async () => {
				if (cluster) await cluster.stop({ cleanup: !keep });
				if (sandbox) await sandbox.close();
				if (model) await model.close();
			});

			test('a worker without the package fails the execution with "Unrecognized node type"', async (t) => {
				const [id] = takeIds(1);
				sandbox.clearRequests();
				const known = await knownIds(ids.reset);
				const answer = await post(hooks.reset, { id });
				assert.equal(
					answer.status,
					200,
					`webhook process answered ${answer.status} ${answer.text.slice(0, 200)}`,
				);
				const [done] = await api.waitForExecutions(ids.reset, 1, { known, timeoutMs: 90_000 });
				const ex = await api.execution(done.id);
				const error = ex.data?.resultData?.error;
				const logs = bare.logs();
				const said = `${error?.message ?? ''}\n${logs}`;
				t.diagnostic(
					`execution ${done.id}: ${done.status}; error: ${error?.message ?? '(none stored)'}`,
				);
				assert.notEqual(done.status, 'success');
				assert.match(
					said,
					new RegExp(`Unrecognized node type: ${PKG}\\.superOffice`),
					'n8n names our node type as unknown',
				);
				assert.deepEqual(sandbox.requestsFor('POST', RESET_PATH), [], 'no Reset was sent');
				await cluster.stopProcess(bare);
			});

			test('40 executions through the webhook process, 200 ms latency: 40 successes, 40 distinct Resets once each, both workers ran some', async (t) => {
				await Promise.all(workers.map((w) => cluster.startWorker(w)));
				const batch = takeIds(40);
				sandbox.clearRequests();
				sandbox.faults.latency({ fixedMs: 200 });
				const known = await knownIds(ids.reset);
				const t0 = Date.now();
				const answers = await Promise.all(batch.map((id) => post(hooks.reset, { id })));
				assert.ok(
					answers.every((a) => a.status === 200),
					`webhook answers: ${answers.map((a) => a.status).join(',')}`,
				);
				const done = await api.waitForExecutions(ids.reset, 40, { known, timeoutMs: 180_000 });
				const finishedAt = Math.max(...done.map((e) => Date.parse(e.stoppedAt)));
				const seconds = (finishedAt - t0) / 1000;
				sandbox.faults.latency(null);
				assert.equal(done.length, 40);
				assert.deepEqual(
					done.filter((e) => e.status !== 'success').map((e) => [e.id, e.status]),
					[],
					'every execution succeeded',
				);

				const resets = sandbox.requestsFor('POST', RESET_PATH);
				assert.deepEqual(sorted(resets.map(idOf)), sorted(batch), '40 distinct Resets, each once');
				assert.ok(resets.every((q) => q.status === 200));
				for (const id of batch) assert.equal(sandbox.getSession(id).Status, 'InQueue');

				const mine = new Set(done.map((e) => String(e.id)));
				const perWorker = workers.map((w) => startedBy(w.logs()).filter((x) => mine.has(x)));
				t.diagnostic(
					`40 executions in ${seconds.toFixed(1)} s (${(40 / seconds).toFixed(1)}/s); worker 1 ran ${perWorker[0].length}, worker 2 ran ${perWorker[1].length}; sandbox at most ${sandbox.maxInFlight} requests at once`,
				);
				assert.ok(
					perWorker.every((list) => list.length > 0),
					'both workers ran some',
				);
				assert.equal(
					perWorker[0].length + perWorker[1].length,
					40,
					'each execution ran on one worker, once',
				);
				writeQueueResult(version, {
					executions: 40,
					latencyMs: 200,
					seconds: Number(seconds.toFixed(2)),
					perWorker: perWorker.map((l) => l.length),
				});
			});

			test(
				'SuperOffice Trigger: 40 chat events through the webhook process → 40 Resets, each once, on both workers',
				{ ...unlessMissing(NO_TRIGGER) },
				async (t) => {
					assert.ok(!NO_TRIGGER, NO_TRIGGER);
					const wf = await api.rest('GET', `/rest/workflows/${ids.trigger}`);
					await api.rest('POST', `/rest/workflows/${ids.trigger}/activate`, {
						versionId: wf.versionId,
					});
					const deadline = Date.now() + 120_000;
					while (sandbox.webhooks.list().length === 0) {
						assert.ok(
							Date.now() < deadline,
							'the trigger registered no webhook at SuperOffice within 120 s',
						);
						await sleep(500);
					}
					const [registered] = sandbox.webhooks.list();
					assert.ok(
						registered.TargetUrl.startsWith(`${hook.url}/webhook/`),
						`registered with the webhook process's URL: ${registered.TargetUrl}`,
					);
					const batch = Array.from({ length: 40 }, (_v, i) => 1001 + i);
					for (const id of batch)
						sandbox.putSession({
							ChatSessionId: id,
							Status: 'CustomerLast',
							ChatbotIsActive: true,
							TopicId: 2,
						});
					await sandbox.webhooks.settled(60_000);
					const known = await knownIds(ids.trigger);
					sandbox.clearRequests();
					sandbox.faults.latency({ fixedMs: 200 });
					try {
						const t0 = Date.now();
						for (const id of batch)
							sandbox.putSession({ ...sandbox.getSession(id), LastMessage: `event ${id}` });
						const done = await api.waitForExecutions(ids.trigger, 40, {
							known,
							timeoutMs: 240_000,
						});
						await sandbox.webhooks.settled(60_000);
						await sleep(3000); // anything more would show up now
						const all = (await api.executionsOf(ids.trigger)).filter(
							(e) => !known.has(String(e.id)),
						);
						const seconds = (Math.max(...done.map((e) => Date.parse(e.stoppedAt))) - t0) / 1000;
						const mine = new Set(all.map((e) => String(e.id)));
						const perWorker = workers.map(
							(w) => startedBy(w.logs()).filter((x) => mine.has(x)).length,
						);
						t.diagnostic(
							`40 chat events → ${all.length} executions in ${seconds.toFixed(1)} s; worker 1 ran ${perWorker[0]}, worker 2 ran ${perWorker[1]}`,
						);
						writeQueueResult(version, {
							trigger: { executions: all.length, seconds: Number(seconds.toFixed(2)), perWorker },
						});
						assert.equal(
							all.length,
							40,
							'one execution per event (the changes the Resets cause are filtered out)',
						);
						assert.deepEqual(
							all.filter((e) => e.status !== 'success').map((e) => [e.id, e.status]),
							[],
							'every execution succeeded',
						);
						const resets = sandbox.requestsFor('POST', RESET_PATH);
						assert.deepEqual(sorted(resets.map(idOf)), batch, '40 distinct Resets, each once');
						assert.ok(resets.every((q) => q.status === 200));
						assert.ok(
							perWorker.every((n) => n > 0),
							'both workers ran some',
						);
					} finally {
						sandbox.faults.latency(null);
						await api
							.rest('POST', `/rest/workflows/${ids.trigger}/deactivate`, {})
							.catch(() => undefined);
					}
				},
			);

			test(
				'AI chatbot example: two rounds of customer messages in 8 bot sessions at once, through the webhook process, on both workers: one reply per customer message, none for the replies',
				{ ...unlessMissing(NO_TRIGGER) },
				async (t) => {
					assert.ok(!NO_TRIGGER, NO_TRIGGER);
					const sessions = Array.from({ length: 8 }, (_v, i) => 1101 + i);
					const warmUp = [1201, 1202, 1203, 1204];
					for (const id of [...sessions, ...warmUp])
						sandbox.putSession({
							ChatSessionId: id,
							Status: 'UserLast',
							ChatbotIsActive: true,
							TopicId: 2,
						});
					await sandbox.webhooks.settled(60_000);
					const wf = await api.rest('GET', `/rest/workflows/${ids.chatbot}`);
					await api.rest('POST', `/rest/workflows/${ids.chatbot}/activate`, {
						versionId: wf.versionId,
					});
					const deadline = Date.now() + 120_000;
					while (!sandbox.webhooks.list().some((h) => h.Events.includes('chatsession.message'))) {
						assert.ok(Date.now() < deadline, 'the chatbot registered no webhook within 120 s');
						await sleep(500);
					}
					// A worker loads n8n's AI nodes on its first AI Agent run: seconds of work that, on a
					// loaded machine, can outlast this cluster's short job lock (FAST_STALL_ENV, for the
					// SIGKILL case) and fail that run as stalled. Chats of their own warm both workers up.
					const before = await knownIds(ids.chatbot);
					for (const id of warmUp) sandbox.customerWrites(id, 'warm-up');
					await api.waitForExecutions(ids.chatbot, warmUp.length, {
						known: before,
						timeoutMs: 240_000,
					});
					await sandbox.webhooks.settled(60_000);
					const known = await knownIds(ids.chatbot);
					const replies = (id) =>
						sandbox.getMessages(id).filter((m) => m.Type === 'ToCustomer' && m.Author === 'Bot');
					try {
						for (const round of [1, 2]) {
							for (const id of sessions)
								sandbox.customerWrites(id, `question ${round} in chat ${id}`);
							await api.waitForExecutions(ids.chatbot, sessions.length * round, {
								known,
								timeoutMs: 240_000,
							});
							await sandbox.webhooks.settled(60_000);
						}
						await sleep(3000); // an execution a reply would wrongly start shows up now
						const all = (await api.executionsOf(ids.chatbot)).filter(
							(e) => !known.has(String(e.id)),
						);
						const mine = new Set(all.map((e) => String(e.id)));
						const perWorker = workers.map(
							(w) => startedBy(w.logs()).filter((x) => mine.has(x)).length,
						);
						t.diagnostic(
							`${sessions.length * 2} customer messages → ${all.length} executions; worker 1 ran ${perWorker[0]}, worker 2 ran ${perWorker[1]}`,
						);
						assert.equal(all.length, sessions.length * 2, 'one execution per customer message');
						const failed = all.filter((e) => e.status !== 'success');
						const why = await Promise.all(
							failed.map(async (e) => {
								const err = (await api.execution(e.id)).data?.resultData?.error;
								return [e.id, e.status, err?.message ?? null];
							}),
						);
						assert.deepEqual(why, [], 'every execution succeeded');
						for (const id of sessions)
							assert.deepEqual(
								replies(id).map((m) => m.Message.replace(/\. I can.*$/, '')),
								[1, 2].map((r) => `You wrote "question ${r} in chat ${id}"`),
								`chat ${id}: one reply per customer message, in order`,
							);
						assert.ok(
							perWorker.every((n) => n > 0),
							'both workers ran some',
						);
						const deliveries = sandbox.webhooks.deliveries.filter(
							(d) => !d.test && sessions.includes(d.chatSessionId),
						);
						assert.ok(
							deliveries.length >= sessions.length * 4,
							`the replies' message events were delivered too (${deliveries.length})`,
						);
					} finally {
						await api
							.rest('POST', `/rest/workflows/${ids.chatbot}/deactivate`, {})
							.catch(() => undefined);
					}
				},
			);

			test('OAuth2: expired token and rotating refresh tokens, executions on both workers at once: all succeed', async (t) => {
				const batch = takeIds(10);
				sandbox.oauth.configure({ rotateRefreshTokens: true, expiredStatus: 403 });
				try {
					sandbox.clearRequests();
					sandbox.faults.latency({ fixedMs: 200 });
					sandbox.oauth.expireAccessTokens();
					const known = await knownIds(ids.oauth);
					await Promise.all(batch.map((id) => post(hooks.oauth, { id })));
					const done = await api.waitForExecutions(ids.oauth, batch.length, {
						known,
						timeoutMs: 180_000,
					});
					const failed = done.filter((e) => e.status !== 'success');
					const errors = await Promise.all(
						failed.map(async (e) => (await api.execution(e.id)).data?.resultData?.error?.message),
					);
					const refreshes = sandbox.oauth.refreshRequests();
					const issued = refreshes.filter((q) => q.oauth.outcome === 'issued');
					const refused = refreshes.filter((q) => q.oauth.outcome !== 'issued');
					const mine = new Set(done.map((e) => String(e.id)));
					const perWorker = workers.map(
						(w) => startedBy(w.logs()).filter((x) => mine.has(x)).length,
					);
					t.diagnostic(
						`${batch.length} executions (worker 1: ${perWorker[0]}, worker 2: ${perWorker[1]}); ${refreshes.length} refresh requests: ${issued.length} issued, ${refused.length} refused (refresh token already used); failed executions: ${failed.length}`,
					);
					writeQueueResult(version, {
						oauth: {
							executions: batch.length,
							perWorker,
							refreshes: refreshes.length,
							issued: issued.length,
							refused: refused.length,
							failed: failed.length,
						},
					});
					assert.deepEqual(errors, [], 'every execution succeeded');
					assert.ok(issued.length >= 1, 'at least one refresh');
					const resets = sandbox.requestsFor('POST', RESET_PATH);
					const ok = resets.filter((q) => q.status === 200);
					assert.deepEqual(sorted(ok.map(idOf)), sorted(batch), 'each session reset once');
					const issuedTokens = new Set(issued.map((q) => `Bearer ${q.oauth.accessToken}`));
					assert.ok(
						ok.every((q) => issuedTokens.has(q.headers.authorization)),
						'every successful Reset carried a refreshed token',
					);
					assert.ok(
						resets
							.filter((q) => q.status !== 200)
							.every(
								(q) =>
									q.status === 403 &&
									q.headers.authorization === `Bearer ${initialTokens.access_token}`,
							),
						'refused only with the expired token',
					);

					// The refresh token n8n kept is the newest one: a later expiry refreshes with it.
					sandbox.clearRequests();
					sandbox.oauth.expireAccessTokens();
					const [later] = takeIds(1);
					const known2 = await knownIds(ids.oauth);
					await post(hooks.oauth, { id: later });
					const [again] = await api.waitForExecutions(ids.oauth, 1, {
						known: known2,
						timeoutMs: 90_000,
					});
					assert.equal(
						again.status,
						'success',
						'a later refresh works with the stored refresh token',
					);
					assert.deepEqual(
						sandbox.oauth.refreshRequests().map((q) => q.oauth.outcome),
						['issued'],
					);
				} finally {
					sandbox.faults.latency(null);
					sandbox.oauth.configure({ rotateRefreshTokens: false });
				}
			});

			test('SIGTERM to a worker in the middle of a batch: it finishes its executions, the other worker takes the rest, nothing lost', async (t) => {
				const batch = takeIds(16);
				const [victim, other] = workers;
				sandbox.clearRequests();
				sandbox.faults.latency({ fixedMs: 1500 });
				try {
					const known = await knownIds(ids.reset);
					await Promise.all(batch.map((id) => post(hooks.reset, { id })));
					// in the middle: worker 1 runs executions of the batch and Resets are on their way
					const deadline = Date.now() + 90_000;
					while (!(
						runningOn(victim.logs()).length > 0 &&
						sandbox.requestsFor('POST', RESET_PATH).some((q) => q.endedAt === null)
					)) {
						assert.ok(Date.now() < deadline, 'worker 1 ran nothing of the batch within 90 s');
						await sleep(50);
					}
					const runningAtSigterm = runningOn(victim.logs());
					const inFlight = sandbox
						.requestsFor('POST', RESET_PATH)
						.filter((q) => q.endedAt === null).length;
					const resetTrail = () =>
						sandbox
							.requestsFor('POST', RESET_PATH)
							.map((q) => `${idOf(q)}:${q.endedAt === null ? 'open' : q.status}`)
							.join(' ');
					const stopping = Date.now();
					// to the worker alone, as `docker stop` and Kubernetes deliver it; n8n stops its task runner
					const exit = await cluster.stopProcess(victim, 45_000, { onlyTheProcess: true });
					const stoppedLog = victim.exits.at(-1).logs;
					t.diagnostic(
						`worker 1 stopped ${Math.round((Date.now() - stopping) / 1000)} s after SIGTERM (${exit.signal ?? `exit code ${exit.exitCode}`}); Resets so far: ${resetTrail()}; its last log lines:\n${shutdownTrail(stoppedLog)}`,
					);
					const done = await api.waitForExecutions(ids.reset, batch.length, {
						known,
						timeoutMs: 180_000,
					});
					const mine = new Set(done.map((e) => String(e.id)));
					const byVictim = startedBy(stoppedLog).filter((x) => mine.has(x));
					const byOther = startedBy(other.logs()).filter((x) => mine.has(x));
					const finishedByVictim = new Set(finishedBy(stoppedLog));
					const statusOf = new Map(done.map((e) => [String(e.id), e.status]));
					// n8n 2.8.4 ends its drain when the runs end, then closes the database while a job may
					// still read its saved execution back: the worker logs "errored while running" for an
					// execution that is saved as a success. What counts is the saved status.
					const bookkeepingErrors = [
						...stoppedLog.matchAll(/errored while running execution (\d+)[^\n]*\n([^\n]*)/g),
					].map((m) => `${m[1]} (${statusOf.get(m[1]) ?? 'not in the batch'}): ${m[2].trim()}`);
					if (bookkeepingErrors.length > 0)
						t.diagnostic(`worker 1 logged errors for executions: ${bookkeepingErrors.join('; ')}`);
					t.diagnostic(
						`SIGTERM while worker 1 ran executions ${runningAtSigterm.join(', ')} (${inFlight} Resets in flight); worker 1 ran ${byVictim.length} of the batch, finished ${byVictim.filter((x) => finishedByVictim.has(x)).length}, and ended with ${exit.signal ?? `exit code ${exit.exitCode}`}; worker 2 ran ${byOther.length}`,
					);
					writeQueueResult(version, {
						sigterm: {
							runningAtSigterm: runningAtSigterm.length,
							byVictim: byVictim.length,
							byOther: byOther.length,
							exit: exit.signal ?? exit.exitCode,
						},
					});
					assert.deepEqual(
						done.filter((e) => e.status !== 'success').map((e) => [e.id, e.status]),
						[],
						'every execution succeeded',
					);
					assert.deepEqual(
						runningAtSigterm
							.map((x) => [x, statusOf.get(x)])
							.filter(([, status]) => status !== 'success'),
						[],
						'the executions worker 1 was running when it got SIGTERM were finished and saved as a success',
					);
					assert.ok(
						/Waiting for \d+ active executions to finish/.test(stoppedLog) ||
							runningAtSigterm.every((x) => finishedByVictim.has(x)),
						'worker 1 waited for its executions',
					);
					assert.notEqual(exit.signal, 'SIGKILL', 'worker 1 ended before the grace period ran out');
					assert.ok(byVictim.length >= 1 && byOther.length >= 1);
					assert.equal(byVictim.length + byOther.length, batch.length, 'each ran once');
					const resets = sandbox.requestsFor('POST', RESET_PATH);
					assert.deepEqual(
						sorted(resets.map(idOf)),
						sorted(batch),
						'each session reset exactly once',
					);
					assert.ok(
						resets.every((q) => q.status === 200),
						'no Reset was cut off',
					);
				} finally {
					sandbox.faults.latency(null);
					// the later cases need both workers, whether this one passed or not
					if (!victim.proc) await cluster.startWorker(victim);
				}
			});

			test(
				'Idle Chat Trigger on main, executions on the workers: an idle bot session is emitted once',
				{ ...unlessMissing(NO_IDLE_TRIGGER) },
				async (t) => {
					assert.ok(!NO_IDLE_TRIGGER, NO_IDLE_TRIGGER);
					sandbox.putSession(idleBotSession(891, 10));
					const activated = Date.now();
					const wf = await api.rest('GET', `/rest/workflows/${ids.idle}`);
					await api.rest('POST', `/rest/workflows/${ids.idle}/activate`, {
						versionId: wf.versionId,
					});
					const deadline = Date.now() + poll.seconds * 1000 + 120_000;
					let emitted = [];
					while (!(emitted = await idleEmissions()).some((e) => e.sessions.includes(891))) {
						assert.ok(
							Date.now() < deadline,
							`session 891 not emitted within ${poll.seconds + 120} s of activating (executions: ${JSON.stringify(emitted)})`,
						);
						await sleep(2000);
					}
					await pollIdleNow(); // more polls that must stay quiet
					await pollIdleNow();
					emitted = await idleEmissions();
					const all = emitted.flatMap((e) => e.sessions);
					t.diagnostic(
						`polls every ${poll.seconds} s; ${emitted.length} executions in ${Math.round((Date.now() - activated) / 1000)} s, sessions ${JSON.stringify(emitted.map((e) => e.sessions))}`,
					);
					assert.equal(
						all.filter((x) => x === 891).length,
						1,
						'session 891 emitted once although it stays idle',
					);
					assert.equal(new Set(all).size, all.length, 'no session emitted twice');
					whileMainDown.push(() => sandbox.putSession(idleBotSession(892, 10)));
				},
			);

			test('SIGKILL while Reset is on its way: n8n does not run the stalled job again, so no Add Message is posted twice; the execution ends as error or crashed', async (t) => {
				const [id] = takeIds(1);
				const text = `queue SIGKILL ${Date.now()}`;
				sandbox.clearRequests();
				sandbox.faults.latency({ fixedMs: 3000 });
				let executionId;
				let statusAfterKill;
				try {
					const known = await knownIds(ids.message);
					await post(hooks.message, { id, text });
					const deadline = Date.now() + 60_000;
					while (
						!sandbox
							.requestsFor('POST', RESET_PATH)
							.some((q) => q.endedAt === null && idOf(q) === id)
					) {
						assert.ok(Date.now() < deadline, 'no Reset request within 60 s');
						await sleep(50);
					}
					const running = (await api.executionsOf(ids.message)).find(
						(e) => !known.has(String(e.id)),
					);
					assert.ok(running, 'the execution is listed');
					executionId = String(running.id);
					const victim = workers.find((w) => w.proc && startedBy(w.logs()).includes(executionId));
					assert.ok(victim, `a worker's log says it started execution ${executionId}`);
					const survivor = workers.find((w) => w !== victim);
					assert.ok(
						survivor.proc && survivor.proc.child.exitCode === null,
						`${survivor.name} runs and could take the job`,
					);
					process.kill(-victim.proc.pid, 'SIGKILL');
					await cluster.stopProcess(victim, 1000);
					// Bull notices the stalled job after its lock expired (QUEUE_WORKER_LOCK_DURATION 6 s here)
					// at the next stalled check (QUEUE_WORKER_STALLED_INTERVAL 3 s); give it twice that.
					await sleep(20_000);
					statusAfterKill = (await api.executionsOf(ids.message)).find(
						(e) => String(e.id) === executionId,
					)?.status;
					const status = statusAfterKill;
					const rerun = startedBy(survivor.logs()).includes(executionId);
					const resets = sandbox.requestsFor('POST', RESET_PATH).filter((q) => idOf(q) === id);
					const posts = sandbox.requestsFor('POST', MESSAGES_PATH).filter((q) => idOf(q) === id);
					t.diagnostic(
						`execution ${executionId} killed on ${victim.name}; 20 s later: status ${status}, run again on ${survivor.name}: ${rerun}; Resets sent ${resets.length}, Add Message requests ${posts.length}`,
					);
					assert.equal(
						rerun,
						false,
						'n8n does not run a stalled job again (its Bull queue has maxStalledCount 0)',
					);
					assert.equal(resets.length, 1, 'Reset was sent once');
					assert.equal(
						posts.length,
						0,
						'Add Message was never sent: no message posted twice, but none posted either',
					);
					assert.notEqual(status, 'success');
				} finally {
					sandbox.faults.latency(null);
				}
				// The execution stays "running" in the database until main's queue recovery finds it without
				// a job: at main's start and every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes.
				await cluster.stopProcess(main);
				for (const step of whileMainDown) step();
				api = restClient(await cluster.startMain(main), main.inst.runtime.dir);
				// n8n 2.8 has marked it failed (error) by now; 2.41 shows it running until main restarts
				const deadline = Date.now() + 120_000;
				let status;
				while (
					!['crashed', 'error'].includes(
						(status = (await api.executionsOf(ids.message)).find(
							(e) => String(e.id) === executionId,
						)?.status),
					)
				) {
					assert.ok(
						Date.now() < deadline,
						`execution ${executionId} is ${status}, neither crashed nor error, 120 s after main restarted`,
					);
					await sleep(500);
				}
				const error = (await api.execution(executionId)).data?.resultData?.error?.message ?? null;
				t.diagnostic(
					`after main's restart execution ${executionId} is ${status}${error ? `: ${error}` : ''}`,
				);
				writeQueueResult(version, {
					sigkill: { statusAfterKill, finalStatus: status, error, rerun: false },
				});
				assert.deepEqual(
					sandbox.requestsFor('POST', MESSAGES_PATH).filter((q) => idOf(q) === id),
					[],
					'still no Add Message',
				);
				assert.equal(sandbox.getMessages(id).filter((m) => m.Message === text).length, 0);
			});

			test(
				'Idle Chat Trigger after main restarted: its memory lives in PostgreSQL, nothing is emitted twice',
				{ ...unlessMissing(NO_IDLE_TRIGGER) },
				async (t) => {
					assert.ok(!NO_IDLE_TRIGGER, NO_IDLE_TRIGGER);
					const deadline = Date.now() + poll.seconds * 1000 + 150_000;
					let emitted = [];
					// 892 went idle while main was down: once it is emitted, the trigger polls again
					while (!(emitted = await idleEmissions()).some((e) => e.sessions.includes(892))) {
						assert.ok(
							Date.now() < deadline,
							`session 892 not emitted within ${poll.seconds + 150} s of main's restart (executions: ${JSON.stringify(emitted)})`,
						);
						await sleep(2000);
					}
					await pollIdleNow();
					await pollIdleNow();
					emitted = await idleEmissions();
					const all = emitted.flatMap((e) => e.sessions);
					t.diagnostic(`sessions per execution: ${JSON.stringify(emitted.map((e) => e.sessions))}`);
					writeQueueResult(version, {
						idleTrigger: { executions: emitted.length, sessions: all.length },
					});
					assert.equal(
						all.filter((x) => x === 891).length,
						1,
						'session 891 (still idle) not emitted again after the restart',
					);
					assert.equal(all.filter((x) => x === 892).length, 1, 'session 892 emitted once');
					assert.equal(new Set(all).size, all.length, 'no session emitted twice');
				},
			);

			test('no secret of the sandbox in any n8n process output', () => {
				const outputs = cluster.processes.flatMap((m) => [...m.exits.map((e) => e.logs), m.logs()]);
				const secrets = [
					...SANDBOX_SECRETS,
					STUB_KEY,
					initialTokens.access_token,
					initialTokens.refresh_token,
				].filter((s) => typeof s === 'string' && s.length >= 8);
				for (const text of outputs)
					for (const secret of secrets)
						assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}…) in a process log`);
			});
		},
	);
}
