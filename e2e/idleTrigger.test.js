'use strict';
/**
 * The SuperOffice Idle Chat Trigger inside real n8n (every version installed under e2e/n8n/),
 * running the shipped example examples/hand-idle-bot-sessions-to-a-human.json (Idle Chat
 * Trigger → Add Message → Reset) as an active workflow against the sandbox (test/sandbox).
 *
 * Per version: the version's stage (e2e/lib/stage.js: one user folder, the `npm pack` tarball
 * installed like the Community Nodes UI does, one `n8n start` with an owner), the sandbox
 * credential and the example created over REST, the workflow activated over REST.
 *
 * Polls on demand: n8n polls once when it activates a polling workflow, so deactivating and
 * activating the workflow is a poll now, without waiting for the schedule. One case per version
 * waits for a real tick of the poll times instead: every 10 seconds where that n8n accepts it
 * (set in memory), and the file's own every minute where it refuses polls more often than once a
 * minute (isSubMinuteCron, newer n8n). Each check reads the executions back over REST and the
 * sandbox's request log (the Resets and messages n8n sent).
 *
 * The cases depend on each other in order:
 *  1. activation's first poll resets exactly the idle bot sessions (one execution)
 *  2. a session that goes idle later is emitted by a later poll (a real tick of the schedule), once
 *  3. an emitted session missing from one poll (its read answers 404 once; the archive answers
 *     an empty page once) is not emitted again when it is back with the same WhenIdle: the
 *     customer gets the hand-over message once
 *  4. time zones: with the credential's Time Zone `UTC`, a workflow in America/New_York and one in
 *     Asia/Tokyo emit exactly the sessions idle longer than Idle Minutes (SuperOffice's dates
 *     without offset used to be read in the workflow's zone: nothing for 5 hours in New York,
 *     sessions idle for a minute at once in Tokyo)
 *  5. a session whose hand-over failed stays idle (same idle period): later polls and a restart
 *     of n8n do not emit it again, while a session that became idle during the restart is emitted
 *  6. no secret in any n8n output
 *
 * Run: npm run build && node --test e2e/idleTrigger.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const path = require('node:path');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox } = require('../test/sandbox');
const { sandboxCredential, SANDBOX_SECRETS } = require('./workflows/credentials');
const { loadIdleExample, pollEverySeconds } = require('./workflows/idleExample');

const { versions, skip } = packageTargets();

const RESET_PATH = /\/ChatSession\/(\d+)\/Reset$/;
const MESSAGES_PATH = /\/ChatSession\/(\d+)\/Messages$/;
const SEARCH_PATH = /\/ChatSession$/;
/** POSTs that change a chat session (the examples' availability check also POSTs GetChatPresence, a read). */
const SESSION_POST = /\/ChatSession\//;
const isPollSearch = (q) => String(q.query.$filter ?? '').includes('status eq 5');
const MINUTE = 60_000;
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (a) => [...a].sort((x, y) => x - y);
const idsOf = (requests, re) => sorted(requests.map((q) => Number(re.exec(q.path)[1])));
const minutesAgo = (m) => new Date(Date.now() - m * MINUTE);

/**
 * The sessions the example sees. Idle bot sessions: 801 (10 min) and 802 (5 min). Not yet idle:
 * 803 and 807 (refreshed before each step). Never: 804 (human), 805 (queued), 806 (closed),
 * even though all three are idle for long and 805/806 still carry the bot flag.
 */
function seed(sandbox) {
	sandbox.reseed([
		{
			ChatSessionId: 801,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: minutesAgo(10),
		},
		{
			ChatSessionId: 802,
			Status: 'UserLast',
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: minutesAgo(5),
		},
		{
			ChatSessionId: 803,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: minutesAgo(0),
		},
		{
			ChatSessionId: 804,
			Status: 'CustomerLast',
			ChatbotIsActive: false,
			User: 12,
			TopicId: 1,
			WhenIdle: minutesAgo(20),
		},
		{
			ChatSessionId: 805,
			Status: 'InQueue',
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: minutesAgo(30),
		},
		{
			ChatSessionId: 806,
			Status: 'Closed',
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: minutesAgo(30),
		},
		{
			ChatSessionId: 807,
			Status: 'UserLast',
			ChatbotIsActive: true,
			TopicId: 3,
			WhenIdle: minutesAgo(0),
		},
	]);
}

reportTargets({ skip, title: 'SuperOffice Idle Chat Trigger in real n8n' });

for (const version of skip ? [] : versions) {
	describe(
		`n8n ${version}: SuperOffice Idle Chat Trigger (example workflow, active)`,
		{ timeout: 1_800_000 },
		() => {
			let stage;
			let sandbox;
			let server;
			let workflowId;
			let example;
			/** Seconds between two ticks of the workflow's poll times in this n8n. */
			let pollSeconds;
			const outputs = [];
			/** Execution ids already looked at. */
			const seen = new Set();

			const rest = (method, p, body) => stage.rest(method, p, body);
			/** Finished executions not seen before, oldest first (waits until none is running). */
			async function newExecutions(id = workflowId) {
				const list = (await stage.executionsOf(id)).filter((e) => !seen.has(String(e.id)));
				return list
					.filter((e) => FINISHED.has(e.status))
					.sort((a, b) => Number(a.id) - Number(b.id));
			}
			/** Waits for the next finished execution and reads it in full. */
			async function nextExecution(label, id = workflowId) {
				const timeoutMs = pollSeconds * 1000 + 120_000;
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const [summary] = await newExecutions(id);
					if (summary) {
						seen.add(String(summary.id));
						const execution = await stage.readExecution(summary.id);
						const { data } = execution;
						outputs.push({ id: `${label}: execution ${summary.id}`, text: JSON.stringify(data) });
						const runData = data?.resultData?.runData ?? {};
						const items = (node) =>
							(runData[node]?.at(-1)?.data?.main?.[0] ?? []).map((it) => it.json);
						return {
							id: summary.id,
							status: execution.status,
							mode: execution.mode,
							error: data?.resultData?.error?.message ?? null,
							items,
						};
					}
					assert.ok(
						Date.now() < deadline,
						`${label}: no execution within ${timeoutMs / 1000} s; sandbox saw ${sandbox.requests.map((q) => `${q.method} ${q.apiPath} ${q.status}`).join(', ')}`,
					);
					await sleep(500);
				}
			}
			/** Waits until the trigger polled `count` more times (archive searches) after request `afterSeq`. */
			async function polls(count, afterSeq, label) {
				const deadline = Date.now() + (count + 1) * pollSeconds * 1000 + 60_000;
				for (;;) {
					const done = sandbox
						.requestsFor('GET', SEARCH_PATH)
						// the trigger's search for active sessions, not the availability check's queue count
						.filter((q) => q.seq > afterSeq && q.endedAt !== null && isPollSearch(q)).length;
					if (done >= count) return;
					assert.ok(
						Date.now() < deadline,
						`${label}: the trigger polled ${done} of ${count} times`,
					);
					await sleep(500);
				}
			}
			/**
			 * Polls now: deactivating and activating the workflow makes n8n poll once, as at any
			 * activation. Resolves once that poll's archive search has been answered.
			 */
			async function pollNow(label) {
				const lastSeq = sandbox.requests.at(-1)?.seq ?? 0;
				await rest('POST', `/rest/workflows/${workflowId}/deactivate`);
				await activate();
				await polls(1, lastSeq, label);
			}
			/**
			 * Polls now and waits until the sandbox has had no request in flight for a second (the
			 * poll's reads are done), then a moment more: a run it started would be listed by then.
			 */
			async function quietPoll(label) {
				const lastSeq = sandbox.requests.at(-1)?.seq ?? 0;
				await pollNow(label);
				const deadline = Date.now() + 60_000;
				let idleSince = Date.now();
				while (Date.now() - idleSince < 1000) {
					if (sandbox.inFlight > 0) idleSince = Date.now();
					assert.ok(Date.now() < deadline, `${label}: the poll's requests did not end`);
					await sleep(100);
				}
				await sleep(1500);
				const extra = await newExecutions();
				assert.deepEqual(
					extra.map((e) => e.id),
					[],
					`${label}: the poll started no execution`,
				);
				return lastSeq;
			}
			/** After the run `label` is about: one more poll (on demand) starts no other run. */
			async function quietFor(label) {
				await pollNow(label);
				await sleep(1000); // an execution a poll started would have been listed by now
				const extra = await newExecutions();
				assert.deepEqual(
					extra.map((e) => e.id),
					[],
					`${label}: no further execution after another poll`,
				);
			}
			async function activate(id = workflowId) {
				const wf = await rest('GET', `/rest/workflows/${id}`);
				await rest('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
			}
			/**
			 * Sessions a customer keeps writing in: their WhenIdle is set to now every 5 s, so however
			 * slow the machine, they never become idle while the test waits (803 until test 2 lets it).
			 */
			const fresh = new Set([803, 807]);
			let freshTimer;
			const keepFresh = () => {
				for (const id of fresh) sandbox.setIdle(id, 0);
			};

			before(async () => {
				sandbox = await createSandbox({ port: 0, seed: 'empty', wrongHostPort: false });
				seed(sandbox);
				freshTimer = setInterval(keepFresh, 5000);
				stage = await stageFor(version);
				server = stage.server;
				const { inst } = stage;
				const credential = sandboxCredential(sandbox.webClientUrl);
				await stage.createCredentials([credential]);
				// The fastest poll times this n8n accepts: every 10 s, or the file's every minute.
				const fast = pollEverySeconds(10);
				const { isSubMinuteCron } = require(
					path.join(inst.runtime.dir, 'node_modules', 'n8n-workflow'),
				);
				const subMinuteRefused =
					typeof isSubMinuteCron === 'function' && isSubMinuteCron(fast.item[0].cronExpression);
				pollSeconds = subMinuteRefused ? 60 : 10;
				example = loadIdleExample({ credential, pollTimes: subMinuteRefused ? undefined : fast });
				[workflowId] = await stage.createWorkflows([example.workflow], { activate: false });
			});
			after(async () => {
				clearInterval(freshTimer);
				// an active trigger would go on polling this sandbox
				if (stage?.server && workflowId)
					await stage.server.request('POST', `/rest/workflows/${workflowId}/deactivate`);
				if (sandbox) await sandbox.close();
			});

			test('activation: the first poll resets exactly the idle bot sessions, once', async (t) => {
				t.diagnostic(`n8n ${version} polls every ${pollSeconds} s in this test`);
				keepFresh();
				const before = new Map(
					[...sandbox.sessions.values()].map((s) => [s.ChatSessionId, structuredClone(s)]),
				);
				sandbox.clearRequests();
				await activate();

				const run = await nextExecution('activation');
				assert.equal(run.status, 'success', `execution error: ${run.error}`);
				assert.equal(run.mode, 'trigger');
				assert.deepEqual(
					sorted(run.items(example.triggerName).map((j) => j.ChatSessionId)),
					[801, 802],
					'the trigger emitted the idle bot sessions',
				);
				for (const j of run.items(example.triggerName)) {
					assert.equal(
						j.WhenIdle,
						before.get(j.ChatSessionId).WhenIdle,
						'the full ChatSessionEntity, as read',
					);
					assert.equal(j.ChatbotIsActive, true);
				}
				const resetOut = run.items(example.resetNode);
				assert.deepEqual(sorted(resetOut.map((j) => j.ChatSessionId)), [801, 802]);
				assert.ok(resetOut.every((j) => j.Status === 'InQueue' && j.ChatbotIsActive === false));

				const posts = sandbox.requestsFor('POST', SESSION_POST);
				assert.deepEqual(
					idsOf(
						posts.filter((q) => RESET_PATH.test(q.path)),
						RESET_PATH,
					),
					[801, 802],
					'one Reset per idle bot session',
				);
				assert.deepEqual(
					idsOf(
						posts.filter((q) => MESSAGES_PATH.test(q.path)),
						MESSAGES_PATH,
					),
					[801, 802],
					'one message per idle bot session',
				);
				assert.equal(posts.length, 4, `no other POST: ${posts.map((q) => q.path).join(', ')}`);
				for (const id of [803, 804, 805, 806, 807]) {
					const now = sandbox.getSession(id);
					assert.equal(now.Status, before.get(id).Status, `session ${id} untouched`);
					assert.equal(
						now.ChatbotIsActive,
						before.get(id).ChatbotIsActive,
						`session ${id} untouched`,
					);
				}
				assert.ok(
					sandbox
						.getMessages(801)
						.some((m) => m.Message === 'A colleague takes over this chat in a moment.'),
				);

				await quietFor('after activation');
				assert.equal(
					sandbox.requestsFor('POST', RESET_PATH).length,
					2,
					'later polls reset nothing more',
				);
			});

			test('a session that goes idle later is emitted by a later poll, once', async () => {
				keepFresh();
				const startSeq = sandbox.requests.at(-1)?.seq ?? 0;
				fresh.delete(803);
				sandbox.setIdle(803, 5);
				// no poll on demand here: the schedule's own tick emits it
				const run = await nextExecution('803 idle');
				assert.equal(run.status, 'success', `execution error: ${run.error}`);
				assert.deepEqual(
					run.items(example.triggerName).map((j) => j.ChatSessionId),
					[803],
				);
				const posts = sandbox.requestsFor('POST', SESSION_POST).filter((q) => q.seq > startSeq);
				assert.deepEqual(
					posts.map((q) => q.apiPath),
					['/ChatSession/803/Messages', '/ChatSession/803/Reset'],
				);
				assert.equal(sandbox.getSession(803).Status, 'InQueue');

				keepFresh();
				await quietFor('after 803');
				assert.deepEqual(
					sandbox.requestsFor('POST', SESSION_POST).filter((q) => q.seq > startSeq).length,
					2,
					'803 handed over once',
				);
			});

			test('a session missing from one poll (404 once, an empty archive page once) is not emitted again when it is back', async () => {
				// 810: an idle bot session in a topic the user is not a member of (read one by one),
				// whose hand-over fails (SuperOffice answers 500 to its message and its Reset): it stays
				// idle in the same idle period, so every emission shows as another message attempt.
				keepFresh();
				sandbox.setNotMemberOfTopics([2]);
				sandbox.faults.script([
					{
						match: { method: 'POST', path: /\/ChatSession\/810\// },
						times: -1,
						fault: { type: 'status', status: 500 },
					},
				]);
				sandbox.putSession({
					ChatSessionId: 810,
					Status: 'CustomerLast',
					ChatbotIsActive: true,
					TopicId: 2,
					WhenIdle: minutesAgo(8),
				});
				try {
					const whenIdle = sandbox.getSession(810).WhenIdle;
					await pollNow('810 idle');
					const run = await nextExecution('810 idle');
					assert.equal(run.status, 'error', 'the Reset of 810 failed');
					assert.deepEqual(
						run.items(example.triggerName).map((j) => j.ChatSessionId),
						[810],
					);
					const messages810 = () =>
						sandbox.requestsFor('POST', /\/ChatSession\/810\/Messages$/).length;
					assert.equal(messages810(), 1, 'one message attempt for 810');

					// 810 missing from one poll: its read answers 404 once.
					sandbox.faults.script([
						{
							match: { method: 'GET', path: /\/ChatSession\/810$/ },
							fault: { type: 'status', status: 404 },
						},
					]);
					keepFresh();
					const missedSeq = await quietPoll('810 read answers 404');
					assert.equal(
						sandbox.requestsFor('GET', /\/ChatSession\/810$/).find((q) => q.seq > missedSeq)
							?.status,
						404,
						'the next read of 810 answered 404',
					);
					keepFresh();
					await quietPoll('810 back after the 404');

					// Every session missing from one poll: the archive answers an empty page once.
					sandbox.faults.script([
						{
							match: { method: 'GET', path: /\/ChatSession$/ },
							fault: { type: 'raw', status: 200, body: '{"value":[]}' },
						},
					]);
					keepFresh();
					await quietPoll('empty archive page');
					// (where n8n polls every 10 s, a tick of the schedule may be the poll that gets it)
					assert.ok(
						!sandbox.faults.remaining().some((rule) => rule.fault.type === 'raw'),
						'a poll got the empty page',
					);
					keepFresh();
					await quietPoll('810 back after the empty page');
					assert.equal(
						sandbox.getSession(810).WhenIdle,
						whenIdle,
						'the same idle period throughout',
					);
					assert.equal(messages810(), 1, '810 not emitted again: still one message attempt');
				} finally {
					sandbox.faults.clear();
					sandbox.setNotMemberOfTopics([]);
					sandbox.putSession({ ...sandbox.getSession(810), Status: 'Closed' });
				}
			});

			test("the credential's Time Zone UTC: workflows in America/New_York and Asia/Tokyo emit exactly the idle sessions", async () => {
				// The example's own workflow rests meanwhile: the zone workflows poll the same sandbox.
				await stage.deactivate(workflowId);
				const utc = {
					...sandboxCredential(sandbox.webClientUrl),
					id: 'so-e2e-idle-utc',
					name: 'SuperOffice sandbox, UTC',
				};
				utc.data = { ...utc.data, timeZone: 'UTC' };
				await stage.createCredentials([utc]);
				fresh.add(821); // idle for a minute: never idle enough while the test runs
				for (const [index, timezone] of ['America/New_York', 'Asia/Tokyo'].entries()) {
					const idleId = 820 + 2 * index; // 820, then 822: idle for 10 minutes
					sandbox.putSession({
						ChatSessionId: idleId,
						Status: 'CustomerLast',
						ChatbotIsActive: true,
						TopicId: 2,
						WhenIdle: minutesAgo(10),
					});
					sandbox.putSession({
						ChatSessionId: 821,
						Status: 'UserLast',
						ChatbotIsActive: true,
						TopicId: 2,
						WhenIdle: minutesAgo(1),
					});
					const zoned = loadIdleExample({
						credential: utc,
						name: `Idle bot sessions, ${timezone}`,
						pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 3 1 1 *' }] }, // only the activation's poll
					});
					zoned.workflow.settings = { ...zoned.workflow.settings, timezone };
					const [id] = await stage.createWorkflows([zoned.workflow], { activate: false });
					const lastSeq = sandbox.requests.at(-1)?.seq ?? 0;
					await activate(id);
					const run = await nextExecution(`${timezone}: activation`, id);
					await stage.deactivate(id);
					assert.equal(run.status, 'success', `${timezone}: execution error: ${run.error}`);
					assert.deepEqual(
						run.items(zoned.triggerName).map((j) => j.ChatSessionId),
						[idleId],
						`${timezone}: only the session idle for 10 minutes`,
					);
					assert.match(run.items(zoned.triggerName)[0].WhenIdle, /\+00:00$/);
					const sent = sandbox.requests.filter((q) => q.seq > lastSeq && q.apiPath !== null);
					assert.ok(sent.length > 0);
					for (const q of sent)
						assert.equal(q.headers['so-timezone'], 'UTC, includeTZOffset', `${q.apiPath}`);
				}
				keepFresh();
				await activate();
				await quietFor('the example workflow active again');
			});

			test('a restart of n8n emits nothing twice; a session that went idle meanwhile is emitted', async () => {
				// 809: idle bot session whose hand-over fails (SuperOffice answers 500 to its message and
				// its Reset): it stays idle in the same idle period, so the trigger must not hand it on again.
				keepFresh();
				sandbox.faults.script([
					{
						match: { method: 'POST', path: /\/ChatSession\/809\// },
						times: -1,
						fault: { type: 'status', status: 500 },
					},
				]);
				sandbox.putSession({
					ChatSessionId: 809,
					Status: 'CustomerLast',
					ChatbotIsActive: true,
					TopicId: 2,
					WhenIdle: minutesAgo(8),
				});
				await pollNow('809 idle');
				const failed = await nextExecution('809 idle');
				assert.equal(failed.status, 'error', 'the hand-over of 809 failed');
				assert.match(failed.error ?? '', /Could not reset chat session 809: .*\(HTTP 500\)/);
				assert.deepEqual(
					failed.items(example.triggerName).map((j) => j.ChatSessionId),
					[809],
				);
				const attempts809 = () => sandbox.requestsFor('POST', /\/ChatSession\/809\//).length;
				assert.equal(attempts809(), 2, 'one message and one Reset attempt for 809');
				keepFresh();
				await quietFor('after 809');
				assert.equal(attempts809(), 2, '809 not emitted again by later polls');

				await stage.stop();
				// While n8n is down: 808 becomes an idle bot session; 809 is still idle, same WhenIdle.
				sandbox.putSession({
					ChatSessionId: 808,
					Status: 'UserLast',
					ChatbotIsActive: true,
					TopicId: 2,
					WhenIdle: minutesAgo(4),
				});
				keepFresh();
				sandbox.clearRequests();
				server = await stage.start({ port: server.port });

				const run = await nextExecution('after restart');
				assert.equal(run.status, 'success', `execution error: ${run.error}`);
				assert.deepEqual(
					run.items(example.triggerName).map((j) => j.ChatSessionId),
					[808],
					'only the session that became idle meanwhile',
				);
				assert.deepEqual(
					sandbox.requestsFor('POST', SESSION_POST).map((q) => q.apiPath),
					['/ChatSession/808/Messages', '/ChatSession/808/Reset'],
					'nothing emitted before was handed on again',
				);
				keepFresh();
				await quietFor('after restart');
				assert.equal(attempts809(), 0, '809 not emitted after the restart');
				assert.equal(sandbox.requestsFor('POST', RESET_PATH).length, 1);
				sandbox.faults.clear();
			});

			test('no sandbox secret in any n8n output of this version', async () => {
				outputs.push({ id: 'server', text: stage.logs() });
				assert.ok(
					outputs.length >= 5,
					`every output was recorded (${outputs.map((o) => o.id).join(', ')})`,
				);
				for (const { id, text } of outputs) {
					for (const secret of SANDBOX_SECRETS)
						assert.ok(
							!text.includes(secret),
							`${id} printed a sandbox secret (${secret.slice(0, 4)}…)`,
						);
				}
			});
		},
	);
}
