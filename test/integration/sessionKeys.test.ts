/**
 * SessionKeys (they authenticate a customer's chat client) never reach an item or an error:
 * every answer loses its `SessionKey` fields at any depth and in any casing, and a SessionKey
 * the node has seen in this execution is scrubbed from errors in every encoding, like the
 * credential's secrets. Through n8n-core's WorkflowExecute against the sandbox.
 */
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { idsAsItems, runSuperOffice, sandboxCredential } from './support';

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

const sandbox = useSandbox();
const SESSION = 903;

/** Everything a run left behind that a user or a log could see, as one text. */
function visible(result: Awaited<ReturnType<typeof runSuperOffice>>): string {
	return JSON.stringify(
		{ error: result.error, items: result.items, runData: result.runData },
		(_key, value: unknown) =>
			value instanceof Error
				? {
						...value,
						message: value.message,
						stack: value.stack,
						cause: (value as { cause?: unknown }).cause,
					}
				: value,
	);
}

const keyOf = (id: number) => String(sandbox.getSession(id)?.SessionKey);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_');
/** The forms of a key a server may echo. */
const forms = (key: string): Record<string, string> => ({
	raw: key,
	json: JSON.stringify(key).slice(1, -1),
	base64: base64(key),
	base64Unpadded: base64(key).replace(/=+$/, ''),
	base64Url: base64Url(key).replace(/=+$/, ''),
	url: encodeURIComponent(key),
	hex: Buffer.from(key, 'utf8').toString('hex'),
});

function expectNoKey(text: string, key: string): void {
	for (const [form, value] of Object.entries(forms(key)))
		expect({ form, leaked: text.includes(value) }).toEqual({ form, leaked: false });
}

async function run(
	operation: string,
	ids: unknown[],
	continueOnFail = false,
	parameters: Record<string, unknown> = {},
) {
	return await runSuperOffice({
		credential: sandboxCredential(sandbox.webClientUrl),
		parameters: {
			operation,
			chatSessionId: '={{ $json.id }}',
			options: { concurrency: 1 },
			...parameters,
		},
		inputItems: idsAsItems(ids),
		continueOnFail,
	});
}

describe('a 400 that echoes a SessionKey the node has seen in this execution', () => {
	const echo = (template: string): Fault => ({ type: 'echo', status: 400, template });

	describe.each([
		['raw', 'chat {sessionKey} is locked'],
		['JSON-escaped', 'chat {sessionKey|json} is locked'],
		['base64', 'chat {sessionKey|base64} is locked'],
		['base64 without padding', 'chat {sessionKey|base64|nopad} is locked'],
		['base64url without padding', 'chat {sessionKey|base64url|nopad} is locked'],
		['URL-encoded', 'chat {sessionKey|url} is locked'],
		['hex', 'chat {sessionKey|hex} is locked'],
	])('%s', (_form, template) => {
		beforeEach(() => {
			// The first Reset answers the session (with its key); the second one fails, echoing it.
			sandbox.faults.script([
				{ match: { path: /\/Reset$/ }, times: 1, fault: { type: 'slow', delayMs: 0 } },
				{ match: { path: /\/Reset$/ }, fault: echo(template) },
			]);
		});

		it('Continue On Fail: the error item shows ***', async () => {
			const key = keyOf(SESSION);
			const result = await run('reset', [SESSION, SESSION], true);
			expect(sandbox.requestsFor('POST', /\/Reset$/).map((r) => r.status)).toEqual([200, 400]);
			expect(result.items).toHaveLength(2);
			expect(result.items[0].json).not.toHaveProperty('SessionKey');
			expect(result.items[1].json.error).toMatch(
				/^Could not reset chat session 903: SuperOffice rejected the request as invalid \(HTTP 400\)\. SuperOffice says: chat \*\*\* is locked$/,
			);
			expectNoKey(visible(result), key);
		});

		it('without Continue On Fail: the execution error shows ***', async () => {
			const key = keyOf(SESSION);
			const result = await run('reset', [SESSION, SESSION]);
			expect(String(result.error?.message)).toMatch(
				/^Could not reset chat session 903: .*SuperOffice says: chat \*\*\* is locked$/,
			);
			expectNoKey(visible(result), key);
		});
	});

	it('a key seen through Get and echoed by a later Get Messages in the same execution', async () => {
		const key = keyOf(SESSION);
		sandbox.faults.script([
			{ match: { path: /\/Messages$/ }, fault: echo('messages of {sessionKey|base64} hidden') },
		]);
		const result = await run('get', [SESSION], true);
		expect(result.items[0].json).not.toHaveProperty('SessionKey');
		const messages = await run('getMessages', [SESSION], true);
		// Another execution has not seen the key: only what the node saw is known to it.
		expect(String(messages.items[0].json.error)).toContain(base64(key).replace(/=+$/, ''));
	});
});

describe('answers lose nested SessionKeys (embed-session: each object carries its session)', () => {
	const embed = (path: RegExp): void => {
		sandbox.faults.script([{ match: { path }, times: -1, fault: { type: 'embed-session' } }]);
	};

	it('Get Messages: no item holds a SessionKey at any depth, any casing; the rest is kept', async () => {
		const key = keyOf(SESSION);
		embed(/\/Messages$/);
		const result = await run('getMessages', [SESSION]);
		expect(result.error).toBeUndefined();
		const messages = sandbox.getMessages(SESSION);
		expect(result.items).toHaveLength(messages.length);
		const { SessionKey: _key, ...session } = sandbox.getSession(SESSION) as unknown as Record<
			string,
			unknown
		>;
		expect(result.items[0].json).toEqual({
			...messages[0],
			ChatSession: session,
			Links: [{ Rel: 'session' }],
		});
		expect(visible(result)).not.toContain(key);
		expect(visible(result)).not.toMatch(/sessionkey/i);
	});

	it.each([
		['get', /\/ChatSession\/\d+$/],
		['reset', /\/Reset$/],
	])('%s: the nested ChatSession.SessionKey is gone', async (operation, path) => {
		const key = keyOf(SESSION);
		embed(path);
		const result = await run(operation, [SESSION]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.ChatSession).toMatchObject({ ChatSessionId: SESSION });
		expect(visible(result)).not.toContain(key);
		expect(visible(result)).not.toMatch(/sessionkey/i);
	});

	it('a key met only nested in an answer is scrubbed from a later error too', async () => {
		const key = keyOf(SESSION);
		sandbox.faults.script([
			{ match: { path: /\/Messages$/ }, times: 1, fault: { type: 'embed-session' } },
			{
				match: { path: /\/Messages$/ },
				fault: { type: 'echo', status: 400, template: 'stale client {sessionKey|hex}' },
			},
		]);
		const result = await run('getMessages', [SESSION, SESSION], true);
		expect(result.items.at(-1)?.json.error).toMatch(/SuperOffice says: stale client \*\*\*$/);
		expectNoKey(visible(result), key);
	});
});
