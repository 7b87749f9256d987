/**
 * Chat Session → Get Messages with Format: Transcript through n8n-core's WorkflowExecute against
 * the sandbox: one GET of the messages per item, one item per input item with the conversation
 * as text and each message with its role.
 */
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';

function post(id: number, fields: Record<string, unknown>) {
	const result = sandbox.state.addMessage(id, fields, sandbox.state.associates[0]);
	if (!result || !result.ok) throw new Error('could not seed a message');
	return result.message;
}

describe('Chat Session → Get Messages (Format: Transcript)', () => {
	it('one item per input item: the transcript built from GET Messages, roles and special messages in words', async () => {
		post(901, {
			Type: 'Special',
			SpecialType: 'Options',
			Message: 'Pick one',
			SpecialParam: '["Prices","A person"]',
		});
		post(901, {
			Type: 'Special',
			SpecialType: 'ClickedOption',
			Message: 'A person',
			Author: 'Jonas',
		});
		post(901, { Type: 'ToCustomer', Message: '<p>One moment &amp; thanks</p>', Author: 'Bot' });
		post(901, { Type: 'Special', SpecialType: 'ClosedByCustomer', Message: '', Author: 'Jonas' });
		const stored = sandbox.getMessages(901);

		const result = await run(
			{ operation: 'getMessages', chatSessionId: '={{ $json.id }}', format: 'transcript' },
			{ items: [{ json: { id: 901 } }, { json: { id: 911 } }] },
		);

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
			`GET ${API}/ChatSession/901/Messages`,
			`GET ${API}/ChatSession/911/Messages`,
		]);
		expect(result.items).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const first = result.items[0].json as {
			chatSessionId: number;
			transcript: string;
			messages: Array<Record<string, unknown>>;
		};
		expect(first.chatSessionId).toBe(901);
		expect(first.messages.map((m) => m.id)).toEqual(stored.map((m) => m.ChatMessageId));
		expect(first.messages.slice(-4).map((m) => [m.role, m.text])).toEqual([
			['agent', 'Pick one (options offered: "Prices", "A person")'],
			['customer', 'clicked option "A person"'],
			['agent', 'One moment & thanks'],
			['event', 'the customer closed the chat'],
		]);
		expect(first.messages[0]).toEqual({
			id: stored[0].ChatMessageId,
			role: 'customer',
			author: stored[0].Author,
			text: stored[0].Message,
			at: stored[0].WhenPosted,
			type: 'ToUser',
			specialType: 'None',
		});
		const lines = first.transcript.split('\n');
		expect(lines).toHaveLength(stored.length);
		expect(lines.at(-3)).toMatch(
			/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] Jonas \(customer\): clicked option "A person"$/,
		);
		expect(lines.at(-1)).toMatch(/\] the customer closed the chat$/);
		expect(result.items[1].json).toMatchObject({ chatSessionId: 911 });
		expectNoSecrets(result.items);
	});

	it('Format: Messages (the default) keeps one item per message', async () => {
		const result = await run({ operation: 'getMessages', chatSessionId: 903 });
		expect(result.items.map((item) => item.json)).toEqual(sandbox.getMessages(903));
	});

	it('Continue On Fail: an unknown session is an error item, the others go on', async () => {
		const result = await run(
			{ operation: 'getMessages', chatSessionId: '={{ $json.id }}', format: 'transcript' },
			{ items: [{ json: { id: 999999 } }, { json: { id: 902 } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(/^Could not get the messages of chat session 999999: not found/),
			chatSessionId: 999999,
		});
		expect(result.items[1].json).toMatchObject({
			chatSessionId: 902,
			transcript: expect.any(String),
		});
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without Continue On Fail the execution stops with the readable error', async () => {
		const result = await run(
			{ operation: 'getMessages', chatSessionId: 999999, format: 'transcript' },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Could not get the messages of chat session 999999: not found \(HTTP 404\)/,
		);
		expectNoSecrets(result.error);
	});
});
