/**
 * Chat Session → Add Message through n8n-core's WorkflowExecute against the sandbox.
 */
import type { IDataObject } from 'n8n-workflow';
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';
import type { Recorded } from './chatSessionSupport';

describe('Chat Session → Add Message', () => {
	const TEXT = 'A colleague takes over this chat in a moment.';

	function messageRequests(): Recorded[] {
		return sandbox.requestsFor('POST', /\/ChatSession\/\d+\/Messages$/);
	}

	it('posts the JSON ChatMessage with SpecialType BotMessage (switch on, the default) and outputs the stored message', async () => {
		const before = sandbox.getMessages(901).length;
		const result = await run({ operation: 'addMessage', chatSessionId: 901, message: TEXT });

		expect(result.error).toBeUndefined();
		expect(messageRequests()).toHaveLength(1);
		const [request] = messageRequests();
		expect(request.path).toBe(`${API}/ChatSession/901/Messages`);
		expect(request.query).toEqual({});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			ChatSessionId: 901,
			Message: TEXT,
			Type: 'ToCustomer',
			Author: 'Bot',
			SpecialType: 'BotMessage',
		});

		const stored = sandbox.getMessages(901);
		expect(stored).toHaveLength(before + 1);
		expect(stored.at(-1)).toMatchObject({
			ChatSessionId: 901,
			Message: TEXT,
			Type: 'ToCustomer',
			Author: 'Bot',
			SpecialType: 'BotMessage',
		});
		expect(result.items[0].json).toEqual(stored.at(-1));
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.getSession(901)?.LastMessage).toBe(TEXT);
	});

	it('leaves SpecialType out when the switch is off, and sends type and author as chosen', async () => {
		const result = await run({
			operation: 'addMessage',
			chatSessionId: 902,
			message: 'Can I talk to a person?',
			messageType: 'ToUser',
			author: 'Kari',
			botMessage: false,
		});
		expect(result.error).toBeUndefined();
		const [request] = messageRequests();
		expect(request.body).toEqual({
			ChatSessionId: 902,
			Message: 'Can I talk to a person?',
			Type: 'ToUser',
			Author: 'Kari',
		});
		expect(Object.keys(request.body as IDataObject)).not.toContain('SpecialType');
		expect(sandbox.getMessages(902).at(-1)).toMatchObject({
			Message: 'Can I talk to a person?',
			Type: 'ToUser',
			Author: 'Kari',
			SpecialType: 'None',
		});
	});

	it('refuses an empty or blank message before any request', async () => {
		const result = await run(
			{ operation: 'addMessage', chatSessionId: 901, message: '={{ $json.text }}' },
			{ items: [{ json: { text: '' } }, { json: { text: '   ' } }], continueOnFail: true },
		);
		expect(result.items.map((item) => item.json)).toEqual([
			{
				error: 'Message of item 0 is empty',
				chatSessionId: 901,
				description: 'Enter the text to post.',
			},
			{
				error: 'Message of item 1 is empty',
				chatSessionId: 901,
				description: 'Enter the text to post.',
			},
		]);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('an unknown session: readable 404, posted once (adding a message is never repeated)', async () => {
		const result = await run(
			{ operation: 'addMessage', chatSessionId: 999999, message: 'Hello' },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Could not add a message to chat session 999999: not found \(HTTP 404\)/,
		);
		expect(messageRequests()).toHaveLength(1);
		expectNoSecrets(result.error);
	});

	describe('Quick Replies', () => {
		it("posts SuperOffice's Options message: the texts as a JSON array in SpecialParam; the customer's click comes back as ClickedOption", async () => {
			const result = await run({
				operation: 'addMessage',
				chatSessionId: 901,
				message: 'Anything else?',
				quickReplies: 'Opening hours\n\n  Talk to a person  \nOpening hours',
			});
			expect(result.error).toBeUndefined();
			const [request] = messageRequests();
			expect(request.body).toEqual({
				ChatSessionId: 901,
				Message: 'Anything else?',
				Type: 'ToCustomer',
				Author: 'Bot',
				SpecialType: 'Options',
				SpecialParam: '["Opening hours","Talk to a person"]',
			});
			expect(result.items[0].json).toMatchObject({ SpecialType: 'Options' });
			expect(sandbox.customerClicks(901, 'talk to a person')).toMatchObject({
				Type: 'Special',
				SpecialType: 'ClickedOption',
				Message: 'Talk to a person',
			});
		});

		it('takes a list or its JSON text from an expression (an AI Agent fills it so)', async () => {
			const result = await run(
				{
					operation: 'addMessage',
					chatSessionId: 901,
					message: 'Pick one',
					quickReplies: '={{ $json.options }}',
				},
				{ items: [{ json: { options: ['Yes', 'No'] } }, { json: { options: '["A", 2]' } }] },
			);
			expect(result.error).toBeUndefined();
			expect(messageRequests().map((r) => (r.body as IDataObject).SpecialParam)).toEqual([
				'["Yes","No"]',
				'["A","2"]',
			]);
		});

		it('refuses, before any request: quick replies with Message Type To User, too many, a non-text option', async () => {
			const result = await run(
				{
					operation: 'addMessage',
					chatSessionId: 901,
					message: 'Pick one',
					messageType: '={{ $json.type }}',
					quickReplies: '={{ $json.options }}',
				},
				{
					items: [
						{ json: { type: 'ToUser', options: ['Yes'] } },
						{
							json: { type: 'ToCustomer', options: Array.from({ length: 21 }, (_, i) => `o${i}`) },
						},
						{ json: { type: 'ToCustomer', options: [{ text: 'Yes' }] } },
					],
					continueOnFail: true,
				},
			);
			expect(result.items.map((item) => item.json.error)).toEqual([
				'Quick Replies of item 0 are offered to the customer, but the Message Type is "ToUser"',
				'Quick Replies of item 1 has 21 options; at most 20 fit a chat window',
				'Quick Replies of item 2 must hold texts, got an object with 1 key',
			]);
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(sandbox.requests).toHaveLength(0);
		});
	});
});
