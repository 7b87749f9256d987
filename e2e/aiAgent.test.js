'use strict';
/**
 * The shipped example examples/ai-agent-hands-over-with-summary.json inside real n8n (every
 * version installed under e2e/n8n/, on the version's shared stage): n8n's AI Agent with an OpenAI
 * Chat Model and three SuperOffice tools (Get Messages as a transcript, Chat Topic → Get
 * Availability, Hand Over).
 *
 * The model is a stand-in for the model (test/modelStub: a scripted OpenAI-compatible server on
 * 127.0.0.1); no real model is ever called. The stand-in asks for the transcript and the
 * availability, then for Hand Over with a summary built from the transcript it was sent, then
 * answers. The test proves from the SuperOffice sandbox's request log that exactly one request
 * (Ticket) with the summary as an internal message, one customer message and one Reset were
 * written and nothing else; and from the stand-in's log that n8n offered the three tools and sent
 * their results back.
 *
 * Run: npm run build && node --test e2e/aiAgent.test.js     E2E_VERSIONS=2.41.1 … (one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { writesOf, handOverWithSummaryWrites } = require('./lib/sandboxWrites');
const { createSandbox } = require('../test/sandbox');
const { createModelStub, CUSTOMER_MESSAGE } = require('../test/modelStub');
const { sandboxCredential, SANDBOX_SECRETS } = require('./workflows/credentials');
const {
	AI_AGENT_EXAMPLE,
	STUB_KEY,
	loadAiExample,
	openAiStandIn,
} = require('./workflows/aiExamples');

const SESSION = 901;

const { versions, skip } = packageTargets();
reportTargets({ skip, title: 'AI Agent example (stand-in for the model) in real n8n' });

for (const version of skip ? [] : versions) {
	describe(
		`n8n ${version}: AI Agent example with a stand-in for the model`,
		{ timeout: 300_000 },
		() => {
			let stage;
			let sandbox;
			let model;
			let workflowId;

			before(async () => {
				stage = await stageFor(version);
				sandbox = await createSandbox({ port: 0 });
				model = await createModelStub();
				const superOffice = {
					...sandboxCredential(sandbox.webClientUrl),
					name: 'e2e SuperOffice AI Agent sandbox',
				};
				const openAi = openAiStandIn(model.baseUrl, 'e2e OpenAI stand-in for the model');
				await stage.createCredentials([superOffice, openAi]);
				const webhookPath = `e2e-ai-agent-${version.replace(/\./g, '-')}-${Date.now()}`;
				[workflowId] = await stage.createWorkflows([
					loadAiExample(AI_AGENT_EXAMPLE, { superOffice, openAi, webhookPath }),
				]);
			});
			after(async () => {
				if (sandbox) await sandbox.close();
				if (model) await model.close();
			});

			test('the agent reads the chat, checks availability and hands over with a summary', async () => {
				sandbox.clearRequests();
				model.clear();
				const topicId = sandbox.getSession(SESSION).TopicId;
				const r = await stage.run(workflowId, {
					body: { chatSessionId: SESSION, chatTopicId: topicId },
					timeoutMs: 180_000,
				});
				assert.equal(r.error, null, `execution error: ${r.error}`);

				// the stand-in for the model: three turns, the tools offered, their results sent back
				const turns = model.completions();
				assert.equal(turns.length, 3, `chat-completions requests: ${turns.length}`);
				const offered = turns[0].body.tools.map((t) => t.function.name);
				for (const pattern of [/read_the_chat/i, /who_can_answer/i, /hand_over_to_a_human/i])
					assert.ok(
						offered.some((n) => pattern.test(n)),
						`tool ${pattern} offered: ${offered}`,
					);
				const toolMessages = (turn) => turn.body.messages.filter((m) => m.role === 'tool');
				assert.equal(toolMessages(turns[0]).length, 0);
				assert.equal(toolMessages(turns[1]).length, 2, 'transcript and availability sent back');
				assert.equal(toolMessages(turns[2]).length, 3, 'and the hand-over result');
				const contentOf = (m) =>
					typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
				const [transcriptResult] = toolMessages(turns[1])
					.map(contentOf)
					.filter((c) => /transcript/.test(c));
				assert.ok(transcriptResult, 'the transcript reached the model');
				const handOverResult = contentOf(toolMessages(turns[2])[2]);
				assert.match(handOverResult, /queued/, 'the hand-over outcome reached the model');

				// the summary the model wrote, as n8n passed it on
				const handOverCall = turns[2].body.messages
					.filter((m) => m.role === 'assistant')
					.flatMap((m) => m.tool_calls ?? [])
					.find((c) => /hand_over/i.test(c.function.name));
				const { summary, customerMessage } = JSON.parse(handOverCall.function.arguments);
				assert.match(summary, /^Customer wrote: /);
				assert.equal(customerMessage, CUSTOMER_MESSAGE);

				// the sandbox: one request with the summary, one customer message, one Reset, nothing else
				assert.deepEqual(writesOf(sandbox), handOverWithSummaryWrites(SESSION));
				assert.equal(sandbox.requestsFor('POST', /\/Ticket$/).length, 1, 'one request (Ticket)');
				assert.equal(sandbox.requestsFor('POST', /\/Reset$/).length, 1, 'one Reset');
				const posted = sandbox.requestsFor('POST', new RegExp(`ChatSession/${SESSION}/Messages$`));
				assert.equal(posted.length, 1, 'one customer message');
				assert.ok(
					JSON.stringify(posted[0].body).includes(CUSTOMER_MESSAGE),
					'the message the model wrote',
				);
				const ticketId = sandbox.getSession(SESSION).Ticket.TicketId;
				const internal = sandbox.getTicketMessages(ticketId);
				assert.deepEqual(
					internal.map((m) => [m.Slevel, m.Body.split('\n')[0]]),
					[
						['Internal', summary],
						['Internal', `Chat transcript (chat session ${SESSION}):`],
					],
				);
				assert.equal(sandbox.getSession(SESSION).Status, 'InQueue');
				assert.equal(sandbox.getSession(SESSION).ChatbotIsActive, false);

				// the agent's answer, and no secret stored
				const [answer] = r.items['AI Agent'];
				assert.match(answer.output, /outcome: queued/);
				for (const secret of [...SANDBOX_SECRETS, STUB_KEY])
					assert.ok(!r.text.includes(secret), `a secret (${secret.slice(0, 4)}…) is stored`);
				assert.ok(
					model.requests.every((q) => q.path.startsWith('/v1/')),
					'the stand-in was called under /v1 only',
				);
			});
		},
	);
}
