/**
 * Chat Session → Get through n8n-core's WorkflowExecute against the sandbox: the request sent
 * (from the sandbox's request log) and the output, checked against the sandbox's own state.
 */
import { asOutput, expectNoSecrets, idsAsItems } from './support';
import { API, run, sandbox } from './chatSessionSupport';

describe('Chat Session → Get', () => {
	it('sends GET /ChatSession/{id} per item and outputs the entity exactly as returned, paired', async () => {
		const ids = [911, 903];
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems(ids) },
		);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		ids.forEach((id, index) => {
			expect(result.items[index].json).toEqual({
				...asOutput(sandbox.getSession(id)),
				_Links: {
					Self: `${sandbox.apiUrl}/ChatSession/${id}`,
					Archive: `${sandbox.apiUrl}/ChatSession`,
				},
			});
		});
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 911,
			Status: 'UserLast',
			ChatbotIsActive: false,
		});
		expect(result.items[1].json).toMatchObject({
			ChatSessionId: 903,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
		});

		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
			`GET ${API}/ChatSession/903`,
			`GET ${API}/ChatSession/911`,
		]);
		for (const request of sandbox.requests) {
			expect(request.query).toEqual({});
			expect(request.body).toBeUndefined();
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers['content-type']).toBeUndefined();
			expect(request.headers.authorization).toMatch(/^Basic /);
		}
		// Reading changes nothing.
		expect(sandbox.getSession(903)?.ChatbotIsActive).toBe(true);
	});

	it('stops on an unknown id with "Could not get chat session N: not found (HTTP 404)" and advice', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}', options: { concurrency: 1 } },
			{ items: idsAsItems([999999, 911]), scheme: 'soTicket' },
		);
		expect(result.error?.message).toMatch(
			/^Could not get chat session 999999: not found \(HTTP 404\)\. SuperOffice says: .+/,
		);
		expect(result.error?.description).toBe(
			'Check chat session id 999999; the session may have been deleted, or belong to another tenant.',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('404');
		// One request, not retried, and the next item was not sent.
		expect(sandbox.requests.map((r) => r.path)).toEqual([`${API}/ChatSession/999999`]);
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	it('with Continue On Fail turns the 404 into {error, chatSessionId} paired with its item', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems([911, 999999, 464]), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[0].json.ChatSessionId).toBe(911);
		expect(result.items[1].json).toMatchObject({ chatSessionId: 999999, httpCode: '404' });
		expect(result.items[1].json.error).toMatch(
			/^Could not get chat session 999999: not found \(HTTP 404\)/,
		);
		expect(result.items[1].json.ChatSessionId).toBeUndefined();
		expect(result.items[2].json).toMatchObject({ ChatSessionId: 464, CustomerAlias: 'minus' });
		expectNoSecrets(result.items);
	});

	it('refuses a bad id before any request', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems(['12/../User', 0]), continueOnFail: true },
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Chat Session ID of item 0 must be a whole number from 1 to 2147483647, got "12/../User"',
			'Chat Session ID of item 1 must be a whole number from 1 to 2147483647, got 0',
		]);
		expect(sandbox.requests).toHaveLength(0);
	});
});
