'use strict';
/**
 * The shipped example examples/ai-chatbot-with-human-hand-over.json inside real n8n (every
 * version installed under e2e/n8n/, on the version's shared stage): the SuperOffice Trigger on
 * message events with Message From: Customer → n8n's AI Agent with an OpenAI Chat Model and two
 * SuperOffice tools (Add Message with quick replies, Hand Over).
 *
 * The model is a stand-in for the model (test/modelStub, its chatbot script: a scripted
 * OpenAI-compatible server on 127.0.0.1); no real model is ever called. The customer is the
 * sandbox's chat window (test/sandbox: customerWrites / customerClicks), and the sandbox sends a
 * message event for every message, the bot's own replies included, as SuperOffice does.
 *
 * Proved from the sandbox's log and n8n's executions: one execution and one reply per customer
 * message, none for the replies; a click on "Talk to a person" hands the chat over (customer
 * message, request with the summary, Reset), after which the bot is silent.
 *
 * Run: npm run build && node --test e2e/chatbot.test.js     E2E_VERSIONS=2.41.1 … (one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { waitFor, sleep } = require('./lib/waitFor');
const { writesOf, handOverWithSummaryWrites } = require('./lib/sandboxWrites');
const { createSandbox } = require('../test/sandbox');
const { createModelStub, CUSTOMER_MESSAGE, QUICK_REPLIES } = require('../test/modelStub');
const { sandboxCredential, SANDBOX_SECRETS } = require('./workflows/credentials');
const {
	CHATBOT_EXAMPLE,
	STUB_KEY,
	loadAiExample,
	openAiStandIn,
} = require('./workflows/aiExamples');

const SESSION = 902;
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

const { versions, skip } = packageTargets();
reportTargets({ skip, title: 'AI chatbot example (stand-in for the model) in real n8n' });

for (const version of skip ? [] : versions) {
	describe(
		`n8n ${version}: AI chatbot example with a stand-in for the model`,
		{ timeout: 600_000 },
		() => {
			let stage;
			let sandbox;
			let model;
			let workflowId;
			const texts = [];

			/** Finished executions of the workflow, oldest first. */
			const finished = async () =>
				(await stage.executionsOf(workflowId))
					.filter((e) => FINISHED.has(e.status))
					.sort((a, b) => Number(a.id) - Number(b.id));
			/** What the bot (n8n) wrote to the customer, oldest first. */
			const repliesInChat = () =>
				sandbox.getMessages(SESSION).filter((m) => m.Type === 'ToCustomer' && m.Author === 'Bot');
			/** The customer writes; resolves once n8n's execution for it finished and everything settled. */
			async function customerTurn(act, executionsBefore) {
				act();
				await waitFor(
					'the execution of the customer message',
					async () => ((await finished()).length > executionsBefore ? true : null),
					{ timeoutMs: 90_000 },
				);
				await sandbox.webhooks.settled(30_000);
				await sleep(1500); // time for an execution the bot's own reply would wrongly start
				return await finished();
			}

			before(async () => {
				stage = await stageFor(version);
				sandbox = await createSandbox({ port: 0, webhooks: { retryDelaysMs: [200, 400] } });
				model = await createModelStub();
				const superOffice = {
					...sandboxCredential(sandbox.webClientUrl),
					name: 'e2e SuperOffice chatbot sandbox',
				};
				const openAi = openAiStandIn(model.baseUrl, 'e2e OpenAI stand-in for the model (chatbot)');
				await stage.createCredentials([superOffice, openAi]);
				[workflowId] = await stage.createWorkflows(
					[loadAiExample(CHATBOT_EXAMPLE, { superOffice, openAi })],
					{
						activate: false,
						webhookStart: false,
					},
				);
				// The seeded session ends with the customer's unanswered question: a bot answered it.
				sandbox.webhooks.clear();
				await fetch(`${sandbox.apiUrl}/ChatSession/${SESSION}/Messages`, {
					method: 'POST',
					headers: {
						authorization: `Basic ${Buffer.from(`${superOffice.data.username}:${superOffice.data.password}`).toString('base64')}`,
						'content-type': 'application/json',
					},
					body: JSON.stringify({ Type: 'ToCustomer', Message: 'Welcome back!', Author: 'Greeter' }),
				});
			});
			after(async () => {
				if (stage?.server && workflowId)
					await stage.server.request('POST', `/rest/workflows/${workflowId}/deactivate`);
				if (sandbox) await sandbox.close();
				if (model) await model.close();
			});

			test('activation registers a hook for message events', async () => {
				assert.equal(await stage.publish(workflowId), null);
				const [hook] = await waitFor('the hook at SuperOffice', () =>
					sandbox.webhooks.list().length > 0 ? sandbox.webhooks.list() : null,
				);
				assert.deepEqual(hook.Events, ['chatsession.message']);
			});

			test("a customer message gets one reply with quick replies; the bot's own reply starts nothing", async () => {
				sandbox.clearRequests();
				model.clear();
				const runs = await customerTurn(
					() => sandbox.customerWrites(SESSION, 'Where is my parcel?'),
					0,
				);
				assert.equal(runs.length, 1, `one execution: ${runs.map((e) => e.status)}`);
				assert.equal(runs[0].status, 'success');
				const replies = repliesInChat();
				assert.equal(replies.length, 1, 'one reply in the chat');
				assert.match(replies[0].Message, /^You wrote "Where is my parcel\?"/);
				assert.equal(replies[0].SpecialType, 'Options');
				assert.deepEqual(JSON.parse(replies[0].SpecialParam), QUICK_REPLIES);
				// What n8n sent: the customer's text in the prompt, the two tools offered.
				const [first] = model.completions();
				assert.ok(
					first.body.messages.some(
						(m) => m.role === 'user' && /The customer wrote: Where is my parcel\?/.test(m.content),
					),
					'the text from the trigger reached the model',
				);
				const offered = first.body.tools.map((t) => t.function.name);
				assert.ok(offered.some((n) => /reply/i.test(n)) && offered.some((n) => /hand/i.test(n)));
				// The chat session id came from the trigger, not from the model.
				const replyTool = first.body.tools.find((t) => /reply/i.test(t.function.name));
				assert.ok(!('chatSessionId' in (replyTool.function.parameters.properties ?? {})));
				// Both sides' message events reached n8n; the sandbox got one message write.
				const events = sandbox.webhooks.deliveries.filter((d) => !d.test);
				assert.equal(events.length, 2, 'the customer message and the bot reply were delivered');
				assert.ok(events.every((d) => d.status === 200));
				assert.deepEqual(writesOf(sandbox), [`POST /ChatSession/${SESSION}/Messages`]);
				texts.push(JSON.stringify(replies));
			});

			test('three more messages, one at a time: one execution and one reply each, in order', async () => {
				for (const [i, text] of ['Order 4711', 'It was due Monday', 'Thanks'].entries()) {
					const runs = await customerTurn(() => sandbox.customerWrites(SESSION, text), i + 1);
					assert.equal(runs.length, i + 2, `after "${text}": ${runs.length} executions`);
					assert.equal(repliesInChat().length, i + 2);
					assert.match(repliesInChat().at(-1).Message, new RegExp(`^You wrote "${text}"`));
				}
				assert.ok((await finished()).every((e) => e.status === 'success'));
			});

			test('a click on "Talk to a person" hands the chat over with a summary; then the bot is silent', async () => {
				sandbox.clearRequests();
				const before = (await finished()).length;
				const runs = await customerTurn(
					() => sandbox.customerClicks(SESSION, 'Talk to a person'),
					before,
				);
				assert.equal(runs.length, before + 1);
				assert.equal(runs.at(-1).status, 'success');
				assert.deepEqual(writesOf(sandbox), handOverWithSummaryWrites(SESSION));
				assert.equal(sandbox.getMessages(SESSION).at(-1).Message, CUSTOMER_MESSAGE);
				const [ticket] = sandbox.getTickets();
				const internal = sandbox.getTicketMessages(ticket.TicketId)[0];
				assert.match(internal.Body, /The customer asked for a person: "Talk to a person"/);
				const session = sandbox.getSession(SESSION);
				assert.equal(session.ChatbotIsActive, false);
				assert.equal(session.Status, 'InQueue');

				// The chat is a human's now: Chatbot Active filters the customer's next message out.
				const handed = (await finished()).length;
				sandbox.customerWrites(SESSION, 'Hello?');
				await sandbox.webhooks.settled(30_000);
				await sleep(2000);
				assert.equal((await finished()).length, handed, 'no execution once handed over');
			});

			test('no secret in any n8n output of this suite', async () => {
				const stored = await Promise.all(
					(await finished()).map(async (e) =>
						JSON.stringify((await stage.readExecution(e.id)).data),
					),
				);
				const outputs = [...stored, ...texts, stage.logs()].join('\n');
				for (const secret of [...SANDBOX_SECRETS, STUB_KEY])
					assert.ok(!outputs.includes(secret), 'a secret in the outputs');
			});
		},
	);
}
