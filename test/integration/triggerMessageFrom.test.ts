/**
 * The SuperOffice Trigger's Message From filter against the sandbox, which sends a message event
 * for every message, incoming and outgoing, as SuperOffice does: a chatbot workflow must start
 * for each customer message once and never for its own replies. The sandbox's request log
 * proves each delivery read the new messages with one request, after the last one handed on.
 */
import { createHmac, randomUUID } from 'node:crypto';

import { DELIVERY_LIMITS } from '../../nodes/SuperOfficeTrigger/delivery';
import type { TriggerHarness } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';
import { sandboxTrigger, useTriggerSandbox } from './triggerSupport';

const { sandbox, harnesses } = useTriggerSandbox((sb) => {
	sb.chatbot.configure({ replies: false, delayMs: 100 });
});
afterEach(() => {
	sandbox.chatbot.configure({ replies: false });
});

const AUTH = `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.username}:${SANDBOX_DEFAULTS.password}`).toString('base64')}`;
const SESSION = 901;

/** A trigger on message events of bot sessions, Message From as given, activated. */
async function chatbotTrigger(messageFrom: string, options: Record<string, unknown> = {}) {
	// The seeded session ends with an unanswered customer message: the bot answers it first.
	await botReplies('Welcome back! How can I help?');
	const h = await sandboxTrigger(sandbox.webClientUrl, harnesses, {
		events: ['chatsession.message'],
		filters: { chatbotActive: 'yes', messageFrom },
		options,
	});
	await h.activate();
	h.received.length = 0;
	sandbox.clearRequests();
	return h;
}

/** What a workflow's Add Message posts: a bot reply, possibly with quick replies. */
async function botReplies(text: string, quickReplies?: string[]) {
	const res = await fetch(`${sandbox.apiUrl}/ChatSession/${SESSION}/Messages`, {
		method: 'POST',
		headers: { authorization: AUTH, 'content-type': 'application/json' },
		body: JSON.stringify({
			Type: 'ToCustomer',
			Message: text,
			Author: 'n8n bot',
			...(quickReplies
				? { SpecialType: 'Options', SpecialParam: JSON.stringify(quickReplies) }
				: { SpecialType: 'BotMessage' }),
		}),
	});
	expect(res.status).toBe(200);
}

/** The items the trigger started workflows with, in order. */
const started = (h: TriggerHarness) =>
	h.received.flatMap((r) => (r.response.workflowData?.[0] ?? []).map((item) => item.json));
const messageReads = () =>
	sandbox
		.requestsFor('GET', /\/ChatSession\/\d+\/Messages$/)
		.map((r) => `GET ${r.apiPath}${r.query.after === undefined ? '' : `?after=${r.query.after}`}`);

describe('Message From: Customer', () => {
	it("a customer message starts one workflow with its text; the bot's reply starts none; each delivery reads once, after the last message read", async () => {
		const h = await chatbotTrigger('customer');
		const before = sandbox.getMessages(SESSION).length;
		const hello = sandbox.customerWrites(SESSION, 'Hello, my <b>order</b> is late');
		await sandbox.webhooks.settled(5000);
		await botReplies('Sorry to hear that. What is the order number?');
		await sandbox.webhooks.settled(5000);
		const second = sandbox.customerWrites(SESSION, 'It is 4711');
		await sandbox.webhooks.settled(5000);

		expect(h.received.map((r) => r.status)).toEqual([200, 200, 200]);
		const items = started(h);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			event: 'chatsession.message',
			chatSessionId: SESSION,
			text: 'Hello, my order is late',
			messages: [hello],
		});
		expect(items[1]).toMatchObject({ text: 'It is 4711', messages: [second] });
		expect(sandbox.getMessages(SESSION)).toHaveLength(before + 3);
		// The first event of the session reads all messages; later ones only what came after.
		const reply = sandbox.getMessages(SESSION)[before + 1];
		expect(messageReads()).toEqual([
			`GET /ChatSession/${SESSION}/Messages`,
			`GET /ChatSession/${SESSION}/Messages?after=${hello.ChatMessageId}`,
			`GET /ChatSession/${SESSION}/Messages?after=${reply.ChatMessageId}`,
		]);
		// No other reads: the event's field values answered the filter.
		expect(sandbox.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
	});

	it('a clicked quick reply is handed on as the option it names', async () => {
		const h = await chatbotTrigger('customer');
		await botReplies('Can I help with anything else?', ['Opening hours', 'Talk to a person']);
		await sandbox.webhooks.settled(5000);
		const click = sandbox.customerClicks(SESSION, 2);
		await sandbox.webhooks.settled(5000);
		const items = started(h);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ text: 'Talk to a person', messages: [click] });
		expect(click).toMatchObject({ Type: 'Special', SpecialType: 'ClickedOption' });
	});

	it("the first event of a session since n8n started hands on only the customer's messages after the last reply", async () => {
		const h = await chatbotTrigger('customer');
		// Messages from before: an answered question. Then a new one, and the bot is fast.
		sandbox.webhooks.clear();
		sandbox.customerWrites(SESSION, 'Old question');
		await botReplies('Old answer');
		await h.activate();
		h.received.length = 0;
		const fresh = sandbox.customerWrites(SESSION, 'New question');
		await sandbox.webhooks.settled(5000);
		expect(started(h)).toEqual([
			expect.objectContaining({ messages: [fresh], text: 'New question' }),
		]);
	});

	it('Include Chat Session adds the session; messages stays the new customer messages', async () => {
		const h = await chatbotTrigger('customer', { fetchChatSession: true });
		const hello = sandbox.customerWrites(SESSION, 'Hi');
		await sandbox.webhooks.settled(5000);
		const [item] = started(h);
		expect(item.messages).toEqual([hello]);
		expect(item.chatSession).toMatchObject({ ChatSessionId: SESSION, Status: 'CustomerLast' });
		expect(sandbox.requestsFor('GET', /\/ChatSession\/901$/)).toHaveLength(1);
		expect(messageReads()).toHaveLength(1);
	});

	it('a session a human took over starts nothing (Chatbot Active), and its messages are still marked read', async () => {
		const h = await chatbotTrigger('customer');
		sandbox.putSession({ ...sandbox.getSession(SESSION)!, ChatbotIsActive: false });
		sandbox.customerWrites(SESSION, 'Are you a person?');
		await sandbox.webhooks.settled(5000);
		expect(started(h)).toEqual([]);
		// Back with the bot: only what the customer writes now is new.
		sandbox.putSession({ ...sandbox.getSession(SESSION)!, ChatbotIsActive: true });
		const now = sandbox.customerWrites(SESSION, 'Hello again');
		await sandbox.webhooks.settled(5000);
		expect(started(h).map((item) => item.messages)).toEqual([[now]]);
	});
});

describe('Message From: Agent or Bot', () => {
	it('hands on what is written to the customer and nothing the customer writes; Anyone starts a workflow for every message without reading', async () => {
		const agent = await chatbotTrigger('agent');
		sandbox.customerWrites(SESSION, 'Hi');
		await sandbox.webhooks.settled(5000);
		await botReplies('Hello! Pick one', ['A', 'B']);
		await sandbox.webhooks.settled(5000);
		const items = started(agent);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ text: 'Hello! Pick one' });
		await agent.close();

		const anyone = await chatbotTrigger('any');
		sandbox.customerWrites(SESSION, 'Thanks');
		await sandbox.webhooks.settled(5000);
		await botReplies('You are welcome');
		await sandbox.webhooks.settled(5000);
		const all = started(anyone);
		expect(all).toHaveLength(2);
		expect(all.every((item) => item.text === undefined && item.messages === undefined)).toBe(true);
		expect(messageReads()).toEqual([]);
	});
});

describe('races and failures', () => {
	/** Sends signed message events straight to the trigger, several at once. */
	async function signedMessageEvents(h: TriggerHarness, count: number) {
		const { secret } = h.staticData().production as { secret: string };
		const deliveries = Array.from({ length: count }, () => {
			const raw = Buffer.from(
				JSON.stringify({
					EventId: randomUUID(),
					Timestamp: new Date().toISOString(),
					Event: 'chatsession.message',
					PrimaryKey: SESSION,
					Entity: 'chatsession',
					FieldValues: { Status: 5, ChatbotIsactive: true, TopicId: 2 },
				}),
			);
			const signature = createHmac('sha256', secret).update(raw).digest('base64');
			return { body: raw, headers: { 'X-SuperOffice-Signature': signature } };
		});
		return await Promise.all(deliveries.map(async (d) => await h.receive(d)));
	}

	it('three events of one session at once: they take turns, and the new message starts one workflow', async () => {
		const h = await chatbotTrigger('customer');
		sandbox.webhooks.clear();
		sandbox.faults.latency({ fixedMs: 100 });
		const msg = sandbox.customerWrites(SESSION, 'Quick question');
		const results = await signedMessageEvents(h, 3);
		expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
		const items = results.flatMap((r) => r.response.workflowData?.[0] ?? []);
		expect(items.map((i) => i.json.messages)).toEqual([[msg]]);
		// Turns: the later reads start after the first one's answer (after= the message read).
		expect(messageReads()).toEqual([
			`GET /ChatSession/${SESSION}/Messages`,
			`GET /ChatSession/${SESSION}/Messages?after=${msg.ChatMessageId}`,
			`GET /ChatSession/${SESSION}/Messages?after=${msg.ChatMessageId}`,
		]);
	});

	it('a read that fails or is too slow refuses the event (503) so SuperOffice sends it again; the retry hands the message on once', async () => {
		const saved = DELIVERY_LIMITS.readDeadlineMs;
		DELIVERY_LIMITS.readDeadlineMs = 400;
		try {
			const h = await chatbotTrigger('customer');
			sandbox.faults.script([
				{
					match: { method: 'GET', path: /\/Messages$/ },
					times: 2,
					fault: { type: 'status', status: 503 },
				},
			]);
			const msg = sandbox.customerWrites(SESSION, 'Hello?');
			await sandbox.webhooks.settled(5000);
			expect(h.received.map((r) => r.status)).toEqual([503, 200]);
			expect(started(h)).toEqual([expect.objectContaining({ messages: [msg] })]);
			expect(h.warnings.map((w) => w.message)).toContainEqual(
				expect.stringMatching(/could not read the chat messages Message From needs/),
			);
		} finally {
			DELIVERY_LIMITS.readDeadlineMs = saved;
		}
	});
});

describe('a bot in the sandbox answers every message for a minute', () => {
	it("exactly one workflow per customer message, in order, none for the bot's replies, one read per delivery", async () => {
		const h = await chatbotTrigger('customer');
		sandbox.chatbot.configure({ replies: true, delayMs: 150 });
		const sent: string[] = [];
		const endsAt = Date.now() + 60_000;
		for (let i = 1; Date.now() < endsAt && i <= 1000; i++) {
			const text = `customer message ${i}`;
			sandbox.customerWrites(SESSION, text);
			sent.push(text);
			// The next message once the bot has answered and both events were delivered.
			const answered = sandbox.chatbot.toJSON().answered;
			for (let wait = 0; wait < 100 && sandbox.chatbot.toJSON().answered < answered + 1; wait++)
				await new Promise((resolve) => setTimeout(resolve, 20));
			await sandbox.webhooks.settled(5000);
		}
		await sandbox.webhooks.settled(5000);
		const texts = started(h).map((item) => item.text);
		expect(sent.length).toBeGreaterThan(20);
		expect(sandbox.chatbot.toJSON().answered).toBe(sent.length);
		expect(texts).toEqual(sent);
		// Both sides' events reached the trigger: one read each, no retries.
		expect(h.received).toHaveLength(sent.length * 2);
		expect(h.received.every((r) => r.status === 200)).toBe(true);
		expect(messageReads()).toHaveLength(sent.length * 2);
	}, 120_000);
});
