/**
 * Chat Session → Get Messages through n8n-core's WorkflowExecute against the sandbox: the
 * request the node sent (path, `after`, headers) and one output item per message, paired with
 * its input item, checked against the sandbox's own messages.
 */
import { SANDBOX_DEFAULTS } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { expectNoSecrets, idsAsItems, runSuperOffice, sandboxCredential } from './support';

const API = `/${SANDBOX_DEFAULTS.tenant}/api/v1`;
const sandbox = useSandbox();

async function getMessages(
	chatSessionIds: unknown[],
	parameters: Record<string, unknown> = {},
	continueOnFail = false,
) {
	return await runSuperOffice({
		credential: sandboxCredential(sandbox.webClientUrl, 'soTicket'),
		parameters: { operation: 'getMessages', chatSessionId: '={{ $json.id }}', ...parameters },
		inputItems: idsAsItems(chatSessionIds),
		continueOnFail,
	});
}

describe('Chat Session → Get Messages', () => {
	it('sends GET /ChatSession/{id}/Messages per item and outputs one item per message, in order, paired with its input', async () => {
		const ids = [903, 911];
		const expected = ids.map((id) => sandbox.getMessages(id));
		expect(expected[0].length).toBeGreaterThan(1);
		expect(expected[1].length).toBeGreaterThan(1);

		const result = await getMessages(ids, { options: { concurrency: 1 } });

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([...expected[0], ...expected[1]]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			...expected[0].map(() => ({ item: 0 })),
			...expected[1].map(() => ({ item: 1 })),
		]);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
			ids.map((id) => `GET ${API}/ChatSession/${id}/Messages`),
		);
		for (const request of sandbox.requests) {
			expect(request.query).toEqual({});
			expect(request.body).toBeUndefined();
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers.authorization).toBe(`SOTicket ${SANDBOX_DEFAULTS.ticket}`);
			expect(request.status).toBe(200);
		}
	});

	it('After Message ID sends ?after=n and outputs only the later messages', async () => {
		const all = sandbox.getMessages(903);
		const after = all[0].ChatMessageId;
		const result = await getMessages([903], { afterMessageId: after });

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual(all.slice(1));
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].query).toEqual({ after: String(after) });
	});

	it('a session without messages after the id gives no items, and the other items still come out', async () => {
		const last = sandbox.getMessages(903).at(-1)!.ChatMessageId;
		const result = await getMessages([903, 911], { afterMessageId: last });
		expect(result.error).toBeUndefined();
		const later911 = sandbox.getMessages(911).filter((m) => m.ChatMessageId > last);
		expect(result.items.map((item) => item.json)).toEqual(later911);
		expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":1}')).toBe(
			true,
		);
	});

	it('an unknown session stops with a readable 404 naming the session', async () => {
		const result = await getMessages([999999]);
		expect(result.error?.message).toMatch(
			/^Could not get the messages of chat session 999999: not found \(HTTP 404\)/,
		);
		expect(sandbox.requests.map((r) => r.path)).toEqual([`${API}/ChatSession/999999/Messages`]);
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	it('refuses a bad message id or session id before any request; Continue On Fail keeps every item, in order', async () => {
		const result = await getMessages(
			[903, '12/../User', 911],
			{ afterMessageId: '={{ $json.id === 911 ? "x" : 0 }}' },
			true,
		);
		expect(result.error).toBeUndefined();
		const errors = result.items.filter((item) => item.json.error !== undefined);
		expect(errors.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[
				'Chat Session ID of item 1 must be a whole number from 1 to 2147483647, got "12/../User"',
				{ item: 1 },
			],
			[
				'After Message ID of item 2 must be a whole number from 1 to 2147483647, got "x"',
				{ item: 2 },
			],
		]);
		expect(errors[1].json.chatSessionId).toBe(911);
		const messages903 = sandbox.getMessages(903);
		expect(result.items.slice(0, messages903.length).map((item) => item.json)).toEqual(messages903);
		expect(sandbox.requests.map((r) => r.path)).toEqual([`${API}/ChatSession/903/Messages`]);
	});
});
