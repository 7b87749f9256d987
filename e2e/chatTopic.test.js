'use strict';
/**
 * Chat Topic (Get, Get Many, Get Availability), Transfer To's refusal when a session did not
 * change hands, and the reroute example's "nobody can answer" branch, inside real n8n (every
 * version installed under e2e/n8n/) against the SuperOffice sandbox in this process.
 *
 * Per version: the version's stage (e2e/lib/stage.js: shared n8n, tarball installed once), a
 * sandbox of this suite, its credential and workflows created over REST, each run through its
 * production webhook and read back over REST. Every check looks at the output AND at the
 * sandbox's request log (what n8n really sent).
 *
 * Run: npm run build && node --test e2e/chatTopic.test.js
 *      E2E_VERSIONS=2.41.1 … (one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox, formatSoDate } = require('../test/sandbox');
const { sandboxCredential, SANDBOX_SECRETS } = require('./workflows/credentials');
const { manualTrigger, idItems, code, superOffice, chain } = require('./workflows/nodes');
const { loadExample } = require('./workflows/example');

const { versions, skip } = packageTargets();
const byId = (value) => ({ __rl: true, mode: 'id', value });
const byList = (value) => ({ __rl: true, mode: 'list', value: String(value) });

reportTargets({ skip, title: 'SuperOffice Chat Topic and Transfer To in real n8n' });

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: Chat Topic, Transfer To, the example's availability check`, () => {
		let stage;
		let sandbox;
		const ids = {};
		const outputs = [];

		async function execute(key) {
			sandbox.clearRequests();
			const r = await stage.run(ids[key], { timeoutMs: 120_000 });
			outputs.push({ id: key, text: r.text });
			return r;
		}
		const calls = () => sandbox.requests.map((q) => `${q.method} ${q.apiPath}`);

		before(async () => {
			stage = await stageFor(version);
			sandbox = await createSandbox({ port: 0, wrongHostPort: false });
			const credential = sandboxCredential(sandbox.webClientUrl);
			await stage.createCredentials([credential]);
			const so = (name, parameters, extra = {}) =>
				superOffice(name, parameters, { credential, ...extra });
			const list = [
				[
					'get',
					chain('e2e Chat Topic Get', [
						manualTrigger(),
						so('Get topic', { resource: 'chatTopic', operation: 'get', chatTopicId: byList(2) }),
					]),
				],
				[
					'getMany',
					chain('e2e Chat Topic Get Many', [
						manualTrigger(),
						so('Get topics', { resource: 'chatTopic', operation: 'getMany', limit: 3 }),
					]),
				],
				[
					'availability',
					chain('e2e Chat Topic Get Availability', [
						manualTrigger(),
						idItems('Topics', [2, 'x', 77, 3]),
						so(
							'Availability',
							{
								resource: 'chatTopic',
								operation: 'getAvailability',
								chatTopicId: byId('={{ $json.id }}'),
							},
							{ continueOnFail: true },
						),
					]),
				],
				[
					'transfer',
					chain('e2e Transfer To that did not take', [
						manualTrigger(),
						code(
							'Sessions',
							`return [{ id: 903, to: 'anna.agent' }, { id: 911, to: 'bob.backup' }, { id: 913, to: 'bob.backup' }].map((json) => ({ json }));`,
						),
						so(
							'Transfer',
							{
								operation: 'transferTo',
								chatSessionId: '={{ $json.id }}',
								toAssociate: '={{ $json.to }}',
							},
							{ continueOnFail: true },
						),
					]),
				],
				[
					'transferStops',
					chain('e2e Transfer To of a bot session stops', [
						manualTrigger(),
						so('Transfer', {
							operation: 'transferTo',
							chatSessionId: 904,
							toAssociate: 'anna.agent',
						}),
					]),
				],
				['example', loadExample({ credential }).workflow],
			];
			const created = await stage.createWorkflows(list.map(([, wf]) => wf));
			list.forEach(([key], i) => (ids[key] = created[i]));
		});
		after(async () => {
			if (sandbox) await sandbox.close();
		});

		test('Get and Get Many: GET /ChatTopic/{id} and /ChatTopic/ForCurrentUser, output as SuperOffice sent it', async () => {
			const one = await execute('get');
			assert.equal(one.error, null, `execution error: ${one.error}`);
			assert.deepEqual(calls(), ['GET /ChatTopic/2']);
			assert.equal(one.items['Get topic'][0].ChatTopicId, 2);
			assert.equal(one.items['Get topic'][0].Name, sandbox.state.findTopic(2).Name);

			const many = await execute('getMany');
			assert.equal(many.error, null, `execution error: ${many.error}`);
			assert.deepEqual(calls(), ['GET /ChatTopic/ForCurrentUser']);
			assert.deepEqual(
				many.items['Get topics'].map((t) => t.ChatTopicId),
				sandbox.state
					.topicsFor(5)
					.map((t) => t.ChatTopicId)
					.slice(0, 3),
			);
		});

		test('Get Availability: one item per input, the five reads, Continue On Fail items with chatTopicId', async () => {
			sandbox.reseed('default');
			sandbox.setPresent('bob.backup', false);
			sandbox.putSession({ ChatSessionId: 980, TopicId: 2, Status: 'InQueue' });
			const r = await execute('availability');
			assert.equal(r.error, null, `execution error: ${r.error}`);
			const out = r.items.Availability;
			assert.equal(out.length, 4);
			const queued = (topicId) =>
				[...sandbox.sessions.values()].filter(
					(s) => s.TopicId === topicId && s.Status === 'InQueue',
				).length;
			assert.deepEqual(
				{ ...out[0], agents: out[0].agents.map((a) => [a.associateId, a.present, a.canRespond]) },
				{
					chatTopicId: 2,
					name: 'Support',
					isOpen: true,
					agentsPresent: 2,
					agentsAvailable: 1,
					inQueue: queued(2),
					secondsPerAccept: 45,
					canAnswer: true,
					agents: [
						[5, true, false],
						[12, true, true],
						[13, false, true],
						[14, false, true],
					],
				},
			);
			assert.match(out[1].error, /^Chat Topic ID of item 1 must be a whole number/);
			assert.equal(out[1].chatTopicId, 'x');
			assert.match(out[2].error, /^Could not get chat topic 77: not found \(HTTP 404\)/);
			assert.equal(out[2].chatTopicId, 77);
			assert.equal(out[3].chatTopicId, 3);
			assert.equal(out[3].isOpen, sandbox.state.isOpen(3), 'IsOpen as the sandbox computes it');
			assert.equal(out[3].agentsAvailable, 1);
			assert.deepEqual(
				r.runData.Availability[0].data.main[0].map((it) => it.pairedItem),
				[0, 1, 2, 3].map((item) => ({ item })),
			);
			const seen = calls();
			for (const topic of [2, 3])
				for (const path of [
					`/ChatTopic/${topic}`,
					`/ChatTopic/${topic}/IsOpen`,
					`/ChatTopic/${topic}/UserAgent`,
				])
					assert.equal(seen.filter((c) => c === `GET ${path}`).length, 1, `GET ${path} once`);
			assert.equal(seen.filter((c) => c === 'POST /Agents/Chat/GetChatPresence').length, 2);
			assert.deepEqual(
				sandbox.requestsFor('GET', /\/ChatSession$/).map((q) => q.query.$filter),
				[
					'status eq 4 and chatTopic/chatTopicId eq 2',
					'status eq 4 and chatTopic/chatTopicId eq 3',
				],
			);
			assert.deepEqual(
				seen.filter((c) => c.includes('/77')),
				['GET /ChatTopic/77'],
				'an unknown topic stops after its first read',
			);
		});

		test('Transfer To: a session that did not change hands is an error item naming why; the one that took goes on', async () => {
			sandbox.reseed('default');
			const r = await execute('transfer');
			assert.equal(r.error, null, `execution error: ${r.error}`);
			const [bot, own, other] = r.items.Transfer;
			assert.match(
				bot.error,
				/^Chat session 903 was not transferred to anna\.agent: no user owns it/,
			);
			assert.match(bot.description, /Chat Session → Reset/);
			assert.equal(bot.chatSessionId, 903);
			assert.equal(own.ChatSessionId, 911);
			assert.equal(own.TransferTo.UserName, 'bob.backup');
			assert.match(
				other.error,
				/^Chat session 913 was not transferred to bob\.backup: it belongs to Anna Agent/,
			);
			assert.deepEqual(calls(), [
				'POST /ChatSession/903/TransferTo/anna.agent',
				'POST /ChatSession/911/TransferTo/bob.backup',
				'POST /ChatSession/913/TransferTo/bob.backup',
			]);
			assert.equal(sandbox.getSession(903).TransferTo, null);

			const stopped = await execute('transferStops');
			assert.equal(stopped.status, 'error');
			assert.match(
				stopped.error ?? '',
				/^Chat session 904 was not transferred to anna\.agent: no user owns it/,
			);
			assert.deepEqual(calls(), ['POST /ChatSession/904/TransferTo/anna.agent']);
		});

		test('the reroute example: nobody can answer in Support, so the customers are told to wait; Sales hands over', async () => {
			sandbox.reseed('default');
			sandbox.setPresent('anna.agent', false);
			sandbox.setPresent('bob.backup', false);
			sandbox.putSession({
				ChatSessionId: 950,
				TopicId: 1,
				Status: 'CustomerLast',
				ChatbotIsActive: true,
				WhenIdle: formatSoDate(Date.now() - 10 * 60_000),
			});
			// Seed: bot sessions 903-906 (Support) idle 4 to 30 minutes, 901/902 not yet idle.
			const waiting = [903, 904, 905, 906];
			const r = await execute('example');
			assert.equal(r.error, null, `execution error: ${r.error}`);
			const posts = sandbox.requestsFor('POST', /\/ChatSession\//).map((q) => q.apiPath);
			assert.deepEqual(
				posts.filter((p) => p.endsWith('/Reset')),
				['/ChatSession/950/Reset'],
			);
			assert.deepEqual(
				posts.filter((p) => p.endsWith('/Messages')).sort(),
				[950, ...waiting].map((id) => `/ChatSession/${id}/Messages`).sort(),
			);
			const waitNote = r.items['Tell the customer to wait'];
			assert.deepEqual(
				waitNote.map((m) => m.ChatSessionId),
				waiting,
			);
			for (const id of waiting) {
				const s = sandbox.getSession(id);
				assert.equal(s.ChatbotIsActive, true, `${id} stays with the bot`);
				assert.equal(s.LastMessage, waitNote[0].Message, `${id} got the wait note`);
			}
			assert.equal(sandbox.getSession(950).Status, 'InQueue');
			assert.deepEqual(
				r.items['Who can answer?'].map((a) => [a.chatTopicId, a.canAnswer]).sort(),
				[[1, true], ...waiting.map(() => [2, false])].sort(),
			);
		});

		test('no sandbox secret in any n8n output of this suite', () => {
			assert.ok(outputs.length >= 6);
			for (const { id, text } of outputs)
				for (const secret of SANDBOX_SECRETS)
					assert.ok(
						!text.includes(secret),
						`run ${id} printed a sandbox secret (${secret.slice(0, 4)}…)`,
					);
		});
	});
}
