'use strict';
/**
 * The hand-over operations inside real n8n (every version installed under e2e/n8n/), against the
 * SuperOffice sandbox in this test process: Get Messages as a transcript, Hand Over with a summary
 * (customer message, request with summary and transcript, link, Reset), Request → Get of the
 * request it made, and Chat Session → Update closing another chat, in one workflow run through its
 * production webhook on the version's shared stage. Every check looks at the node's output AND at
 * the sandbox's request log.
 *
 * Run: npm run build && node --test e2e/handOver.test.js     E2E_VERSIONS=2.8.4 … (one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox } = require('../test/sandbox');
const { sandboxCredentials, SANDBOX_SECRETS } = require('./workflows/credentials');
const { manualTrigger, superOffice, chain } = require('./workflows/nodes');

const { versions, skip } = packageTargets();
reportTargets({ skip, title: 'Hand-over operations in real n8n' });

const SUMMARY = 'Wants a refund for invoice 10023.';

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: hand-over operations`, { timeout: 300_000 }, () => {
		let stage;
		let sandbox;
		let workflowId;

		before(async () => {
			stage = await stageFor(version);
			sandbox = await createSandbox({ port: 0 });
			const credential = {
				...sandboxCredentials(sandbox.webClientUrl).basic,
				name: 'e2e SuperOffice hand-over sandbox',
			};
			await stage.createCredentials([credential]);
			const workflow = chain('e2e SuperOffice hand-over', [
				manualTrigger(),
				superOffice(
					'Transcript',
					{ operation: 'getMessages', chatSessionId: 901, format: 'transcript' },
					{ credential },
				),
				superOffice(
					'Hand Over',
					{
						operation: 'handOver',
						chatSessionId: '={{ $json.chatSessionId }}',
						customerMessage: 'A colleague takes over in a moment.',
						summary: SUMMARY,
					},
					{ credential },
				),
				superOffice(
					'Get Request',
					{ resource: 'request', operation: 'get', requestId: '={{ $json.handOver.requestId }}' },
					{ credential },
				),
				superOffice(
					'Close Another',
					{ operation: 'update', chatSessionId: 911, updateFields: { status: 'Finished' } },
					{ credential },
				),
				superOffice(
					'Create Request',
					{
						resource: 'request',
						operation: 'create',
						title: 'Customer wants a callback',
						message: 'Call back after 15:00.',
						messageVisibility: 'external',
						additionalFields: { chatSessionId: 902 },
					},
					{ credential },
				),
			]);
			[workflowId] = await stage.createWorkflows([workflow]);
		});
		after(async () => {
			if (sandbox) await sandbox.close();
		});

		test('transcript, Hand Over, Request → Get, Update and Request → Create in one run', async () => {
			sandbox.clearRequests();
			const r = await stage.run(workflowId, { timeoutMs: 120_000 });
			assert.equal(r.error, null, `execution error: ${r.error}`);

			const [transcript] = r.items.Transcript;
			assert.equal(transcript.chatSessionId, 901);
			assert.equal(transcript.messages[0].role, 'customer');
			assert.equal(transcript.transcript.split('\n').length, transcript.messages.length);

			const [handed] = r.items['Hand Over'];
			assert.deepEqual(handed.handOver, {
				outcome: 'queued',
				agentsAvailable: 2,
				topicOpen: true,
				requestId: 1,
			});
			assert.equal(handed.Status, 'InQueue');
			assert.equal(handed.ChatbotIsActive, false);
			assert.equal(handed.SessionKey, undefined, 'no SessionKey in an item');

			const writes = sandbox.requests
				.filter((q) => q.method !== 'GET' && !/GetChatPresence$/.test(q.path))
				.map((q) => `${q.method} ${q.apiPath}`);
			assert.deepEqual(writes, [
				'POST /ChatSession/901/Messages',
				'POST /Ticket',
				'POST /TicketMessage',
				'POST /TicketMessage',
				'PATCH /ChatSession/901',
				'POST /ChatSession/901/Reset',
				'PATCH /ChatSession/911',
				'POST /Ticket',
				'POST /TicketMessage',
				'POST /TicketMessage',
				'PATCH /ChatSession/902',
			]);
			assert.deepEqual(sandbox.requestsFor('PATCH', /ChatSession\/911$/)[0].body, [
				{ op: 'replace', path: '/Status', value: 'Finished' },
			]);
			assert.deepEqual(
				sandbox.getTicketMessages(1).map((m) => [m.Slevel, m.Body.split('\n')[0]]),
				[
					['Internal', SUMMARY],
					['Internal', 'Chat transcript (chat session 901):'],
				],
			);

			const [request] = r.items['Get Request'];
			assert.equal(request.TicketId, 1);
			assert.equal(request.Title, `Chat 901: ${SUMMARY}`);
			assert.equal(sandbox.getSession(901).Ticket.TicketId, 1);

			const [created] = r.items['Create Request'];
			assert.equal(created.TicketId, 2);
			assert.equal(created.Title, 'Customer wants a callback');
			assert.deepEqual(
				sandbox.getTicketMessages(2).map((m) => [m.Slevel, m.Body.split('\n')[0]]),
				[
					['External', 'Call back after 15:00.'],
					['Internal', 'Chat transcript (chat session 902):'],
				],
			);
			assert.equal(sandbox.getSession(902).Ticket.TicketId, 2);

			const [closed] = r.items['Close Another'];
			assert.equal(closed.ChatSessionId, 911);
			assert.equal(closed.Status, 'Finished');

			for (const secret of SANDBOX_SECRETS)
				assert.ok(!r.text.includes(secret), `a sandbox secret (${secret.slice(0, 4)}…) is stored`);
		});
	});
}
