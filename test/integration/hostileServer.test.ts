/**
 * A hostile or broken server, through n8n-core's real WorkflowExecute against the sandbox's
 * hostile-server faults: redirects to another host, 2xx answers that are not what the operation
 * expects, a 403 that survives the token refresh, bodies trickled byte by byte, oversized
 * bodies, broken gzip, header values HTTP cannot carry, and a tenant lookup that hangs.
 * Every case checks what the node sent (the sandboxes' request logs) and what the user reads.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runWorkflow } from '../harness';
import { createSandbox, SANDBOX_DEFAULTS as D } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import {
	expectNoneOf,
	OAUTH_CREDENTIAL_ID,
	OAUTH_TYPE,
	oauthCredentialFor,
	runOAuth,
} from './oauthSupport';
import { pause, runNode } from './resilienceSupport';
import {
	expectNoSecrets,
	idsAsItems,
	NODE_TYPE,
	runSuperOffice,
	sandboxCredential,
} from './support';

const sandbox = useSandbox((sb) => {
	sb.oauth.configure({ expiredStatus: 403, rotateRefreshTokens: false, tokenLifetimeSec: 3600 });
	sb.oauth.expireAccessTokens();
});

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

const RESET = /\/ChatSession\/\d+\/Reset$/;
const SESSION = 903;

/** A second server on another loopback address: records whatever a redirect brings to it. */
let elsewhere: Sandbox;
beforeAll(async () => {
	elsewhere = await createSandbox({ port: 0, host: '127.0.0.2', wrongHostPort: false });
});
afterAll(async () => {
	await elsewhere?.close();
});
beforeEach(() => elsewhere.clearRequests());

function errorOf(result: { error?: Error }): {
	message: string;
	description?: string;
	httpCode?: string;
} {
	expect(result.error).toBeDefined();
	return result.error as unknown as { message: string; description?: string; httpCode?: string };
}

function jsonOf(items: INodeExecutionData[] | undefined): IDataObject[] {
	return (items ?? []).map((i) => i.json);
}

describe('redirects are never followed', () => {
	const elsewhereOrigin = () => `http://127.0.0.2:${elsewhere.port}`;

	it.each([302, 307, 308, 301])(
		'a Reset answered %i pointing at another host: one POST, nothing reaches the other host, the error names both',
		async (status) => {
			sandbox.faults.script([
				{
					match: { path: RESET },
					fault: {
						type: 'redirect',
						status,
						location: `${elsewhere.apiUrl}/ChatSession/${SESSION}/Reset`,
					},
				},
			]);

			const result = await runSuperOffice({
				credential: sandboxCredential(sandbox.webClientUrl, 'basic', { appToken: D.appToken }),
				parameters: { operation: 'reset', chatSessionId: '={{ $json.id }}' },
				inputItems: idsAsItems([SESSION]),
			});

			expect(result.status).toBe('error');
			const error = errorOf(result);
			expect(error.message).toBe(
				`Could not reset chat session ${SESSION}: the server answered HTTP ${status}, a redirect to ${elsewhereOrigin()}, which the node does not follow`,
			);
			expect(error.description).toMatch(/Fix the Base URL .*https:\/\/ instead of http:\/\//);
			expect(error.httpCode).toBe(String(status));
			// What was sent: the one POST to the configured host, never a GET, nothing elsewhere.
			expect(sandbox.requests.map((r) => `${r.method} ${r.apiPath}`)).toEqual([
				`POST /ChatSession/${SESSION}/Reset`,
			]);
			expect(elsewhere.requests).toEqual([]);
			expect(sandbox.getSession(SESSION)!.ChatbotIsActive).toBe(true); // nothing reset
			expectNoSecrets(result.error);
		},
	);

	it("a relative redirect to the same host is refused too (http → https style moves are the Base URL's to fix)", async () => {
		sandbox.faults.script([
			{
				match: { path: RESET },
				fault: {
					type: 'redirect',
					status: 301,
					location: '/elsewhere/api/v1/ChatSession/903/Reset',
				},
			},
		]);
		const result = await runNode({ sandbox, ids: [SESSION], options: { maxRetries: 3 } });
		expect(errorOf(result).message).toMatch(
			new RegExp(
				`HTTP 301, a redirect to http://127\\.0\\.0\\.1:${sandbox.port}, which the node does not follow$`,
			),
		);
		expect(sandbox.requests).toHaveLength(1); // not retried, not followed
	});

	it('OAuth2: the Bearer token and the app token never reach the redirect target', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{
				match: { path: RESET },
				fault: {
					type: 'redirect',
					status: 307,
					location: `${elsewhere.apiUrl}/ChatSession/${SESSION}/Reset`,
				},
			},
		]);
		const result = await runOAuth({
			credential: oauthCredentialFor(sandbox, tokens),
			inputItems: idsAsItems([SESSION]),
		});
		expect(errorOf(result).message).toMatch(
			/HTTP 307, a redirect to http:\/\/127\.0\.0\.2:\d+, which the node does not follow$/,
		);
		expect(elsewhere.requests).toEqual([]);
		expect(sandbox.requestsFor('POST', RESET)).toHaveLength(1);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(0);
		expectNoneOf(result.error, [tokens.access_token, tokens.refresh_token, D.appToken]);
	});

	it('the tenant lookup does not follow a redirect either', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{
				match: { path: /\/api\/state\// },
				fault: {
					type: 'redirect',
					status: 302,
					location: `http://127.0.0.2:${elsewhere.port}/api/state/Cust12345`,
				},
			},
		]);
		const result = await runOAuth({
			credential: oauthCredentialFor(sandbox, tokens, { baseUrl: 'Cust12345' }),
			inputItems: idsAsItems([SESSION]),
		});
		expect(errorOf(result).message).toMatch(
			/^Could not find SuperOffice Online tenant Cust12345 .*HTTP 302, a redirect to http:\/\/127\.0\.0\.2:\d+/,
		);
		expect(elsewhere.requests).toEqual([]);
		expect(sandbox.requestsFor('POST', RESET)).toHaveLength(0);
	});
});

describe('a 2xx answer that is not what the operation expects', () => {
	const ODD_ANSWERS: Array<{ name: string; fault: Fault; message: RegExp }> = [
		{
			name: "200 ''",
			fault: { type: 'raw', status: 200, body: '' },
			message: /answered HTTP 200 with no chat session$/,
		},
		{
			name: '204',
			fault: { type: 'raw', status: 204 },
			message: /answered HTTP 204 with no chat session$/,
		},
		{
			name: '200 null',
			fault: { type: 'raw', status: 200, body: 'null' },
			message: /answered HTTP 200 with null instead of a chat session$/,
		},
		{
			name: '200 "ok"',
			fault: { type: 'raw', status: 200, body: '"ok"' },
			message: /answered HTTP 200 with a text instead of a chat session$/,
		},
		{
			name: '200 42',
			fault: { type: 'raw', status: 200, body: '42' },
			message: /answered HTTP 200 with a number instead of a chat session$/,
		},
		{
			name: '200 []',
			fault: { type: 'raw', status: 200, body: '[]' },
			message: /answered HTTP 200 with a list of 0 items instead of a chat session$/,
		},
		{
			name: '200 [{..},{..}]',
			fault: { type: 'raw', status: 200, body: '[{"ChatSessionId":1},{"ChatSessionId":2}]' },
			message: /answered HTTP 200 with a list of 2 items instead of a chat session$/,
		},
	];

	it('Reset with Continue On Fail: each odd answer fails its own item; every item is there, in order, paired', async () => {
		const ids = [901, 902, 903, 904, 905, 906, 907, 464];
		sandbox.faults.script(ODD_ANSWERS.map((c) => ({ match: { path: RESET }, fault: c.fault })));

		const result = await runNode({
			sandbox,
			ids,
			continueOnFail: true,
			options: { concurrency: 1 },
		});

		expect(result.status).toBe('success');
		const items = result.items!;
		expect(items.map((i) => i.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
		ODD_ANSWERS.forEach((c, i) => {
			expect({ name: c.name, error: items[i].json.error }).toEqual({
				name: c.name,
				error: expect.stringMatching(c.message),
			});
			expect(items[i].json.chatSessionId).toBe(ids[i]);
		});
		expect(items[7].json.ChatSessionId).toBe(464); // the last item got a normal answer
		expect(items[7].json.error).toBeUndefined();
		expect(sandbox.requestsFor('POST', RESET)).toHaveLength(ids.length); // none retried
	});

	it.each([
		[
			'get',
			{ type: 'raw', status: 204 } as Fault,
			/^Could not get chat session 903: SuperOffice answered HTTP 204 with no chat session$/,
		],
		[
			'transferTo',
			{ type: 'raw', status: 200, body: 'true' } as Fault,
			/^Could not transfer chat session 903 to anna\.agent: SuperOffice answered HTTP 200 with a boolean instead of a chat session$/,
		],
		[
			'addMessage',
			{ type: 'raw', status: 200, body: 'null' } as Fault,
			/^Could not add a message to chat session 903: SuperOffice answered HTTP 200 with null instead of a chat message$/,
		],
	])(
		'%s without Continue On Fail stops with a clear error (not a crash inside n8n)',
		async (operation, fault, message) => {
			sandbox.faults.script([{ match: { path: /\/ChatSession\/903/ }, fault }]);
			const result = await runNode({
				sandbox,
				ids: [SESSION],
				parameters: { operation, toAssociate: 'anna.agent', message: 'Hello' },
			});
			expect(result.status).toBe('error');
			expect(errorOf(result).message).toMatch(message);
			expect(errorOf(result).description).toMatch(/not what SuperOffice sends/);
		},
	);

	it('Get Many keeps only objects from a page whose rows are not all objects', async () => {
		const page = {
			value: [
				{ PrimaryKey: 1, chatSessionId: 1 },
				'x',
				7,
				null,
				[1],
				{ PrimaryKey: 2, chatSessionId: 2 },
			],
		};
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession$/ },
				fault: { type: 'raw', status: 200, body: JSON.stringify(page) },
			},
		]);
		const result = await runNode({
			sandbox,
			ids: [1],
			parameters: { operation: 'getMany', limit: 10 },
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.items).map((j) => j.chatSessionId)).toEqual([1, 2]);
		expect(result.items!.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Get Many of the current user: a list keeps only its objects; an answer that is no list fails the item', async () => {
		sandbox.faults.script([
			{
				match: { path: /ForCurrentUser$/ },
				fault: {
					type: 'raw',
					status: 200,
					body: '[{"ChatSessionId":5},"x",42,{"ChatSessionId":6}]',
				},
			},
			{
				match: { path: /ForCurrentUser$/ },
				fault: { type: 'raw', status: 200, body: '{"ChatSessionId":5}' },
			},
		]);
		const result = await runNode({
			sandbox,
			ids: [1, 2],
			continueOnFail: true,
			options: { concurrency: 1 },
			parameters: { operation: 'getMany', source: 'forCurrentUser', limit: 10 },
		});
		expect(jsonOf(result.items)).toEqual([
			{ ChatSessionId: 5 },
			{ ChatSessionId: 6 },
			expect.objectContaining({
				error:
					'Could not list the chat sessions of the current user: SuperOffice answered HTTP 200 with an object with the key ChatSessionId instead of a list',
			}),
		]);
		expect(result.items!.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1]);
	});
});

describe('OAuth2: at most one token refresh per execution', () => {
	it('10 items at concurrency 1 for a user refused everything: one refresh, then every 403 is final', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{ match: { path: RESET }, times: -1, fault: { type: 'status', status: 403 } },
		]);
		const ids = [901, 902, 903, 904, 905, 906, 907, 908, 909, 910];

		const result = await runOAuth({
			credential: oauthCredentialFor(sandbox, tokens),
			inputItems: idsAsItems(ids),
			continueOnFail: true,
			parameters: { options: { concurrency: 1 } },
		});

		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		expect(result.items!.map((i) => [i.pairedItem, i.json.httpCode])).toEqual(
			ids.map((_id, item) => [{ item }, '403']),
		);
		const newToken = sandbox.oauth.refreshRequests()[0].oauth!.accessToken!;
		// The first item tries the old token and then the fresh one; every later item only the fresh one, once.
		expect(sandbox.requestsFor('POST', RESET).map((r) => r.headers.authorization)).toEqual([
			`Bearer ${tokens.access_token}`,
			...ids.map(() => `Bearer ${newToken}`),
		]);
		expectNoneOf(result.items, [
			tokens.access_token,
			tokens.refresh_token,
			newToken,
			D.oauthClientSecret,
		]);
	});
});

describe('the timeout is a wall-clock deadline per attempt', () => {
	it('a body trickled one byte every 300 ms fails at the 1 s deadline, naming it (and is retried within its own deadline)', async () => {
		sandbox.faults.script([
			{ match: { path: RESET }, times: 2, fault: { type: 'trickle', intervalMs: 300 } },
		]);
		const result = await runNode({
			sandbox,
			ids: [SESSION],
			options: { timeout: 1000, maxRetries: 1 },
		});
		expect(result.status).toBe('error');
		expect(errorOf(result).message).toBe(
			`Could not reset chat session ${SESSION}: no complete answer within the timeout of 1000 ms (after 2 attempts)`,
		);
		expect(result.elapsedMs).toBeLessThan(6000);
		expect(sandbox.requestsFor('POST', RESET)).toHaveLength(2);
	});

	it('Add Message: an expired deadline means the message may have arrived: not sent again', async () => {
		sandbox.faults.script([
			{ match: { path: /\/Messages$/ }, fault: { type: 'trickle', intervalMs: 300 } },
		]);
		const result = await runNode({
			sandbox,
			ids: [SESSION],
			operation: 'addMessage',
			options: { timeout: 800, maxRetries: 3 },
		});
		const error = errorOf(result);
		expect(error.message).toBe(
			`Could not add a message to chat session ${SESSION}: no complete answer within the timeout of 800 ms; the request may have arrived, so it was not sent again`,
		);
		expect(error.description).toMatch(/may have received the message/);
		expect(sandbox.requestsFor('POST', /\/Messages$/)).toHaveLength(1);
		expect(result.elapsedMs).toBeLessThan(5000);
	});
});

describe('body size limits', () => {
	it('a success body over 10 MB fails the item and says the limit', async () => {
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession\/903$/ },
				fault: { type: 'oversize', status: 200, bytes: 11 * 1024 * 1024 },
			},
		]);
		const result = await runNode({ sandbox, ids: [SESSION], parameters: { operation: 'get' } });
		expect(errorOf(result).message).toBe(
			`Could not get chat session ${SESSION}: SuperOffice answered HTTP 200 with a body larger than 10 MB, the most the node reads`,
		);
	});

	it('an error page over 64 KB is read only in part, and the error says so', async () => {
		sandbox.faults.script([
			{ match: { path: RESET }, fault: { type: 'oversize', status: 400, bytes: 1024 * 1024 } },
		]);
		const result = await runNode({ sandbox, ids: [SESSION] });
		const error = errorOf(result);
		expect(error.message).toMatch(/HTTP 400\)\. SuperOffice says: 400 - Oversized error page$/);
		expect(error.description).toMatch(
			/Only the first 64 KB of SuperOffice's error page were read\./,
		);
	});
});

describe('texts that say what really failed', () => {
	it('broken gzip: says the body could not be decompressed, not "no answer"', async () => {
		sandbox.faults.script([{ match: { path: RESET }, fault: { type: 'broken-gzip' } }]);
		const result = await runNode({ sandbox, ids: [SESSION], options: { maxRetries: 0 } });
		const error = errorOf(result);
		expect(error.message).toMatch(
			/^Could not reset chat session 903: SuperOffice answered HTTP 200 with a compressed body that could not be decompressed \(Z_[A-Z_]+\)$/,
		);
		expect(error.message).not.toMatch(/no answer/);
	});

	it('a non-Latin-1 language: names the setting, sends nothing', async () => {
		const result = await runNode({ sandbox, ids: [SESSION], options: { language: 'нб' } });
		const error = errorOf(result);
		expect(error.message).toBe(
			'The Language setting holds a character that cannot be sent in an HTTP header (only Latin-1 text is allowed)',
		);
		expect(error.message).not.toMatch(/ERR_INVALID_CHAR|no answer/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('a non-Latin-1 ticket: names the credential field, never the value', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'soTicket', { ticket: '7T:tïcket→x' }),
			parameters: { operation: 'reset', chatSessionId: '={{ $json.id }}' },
			inputItems: idsAsItems([SESSION]),
		});
		expect(errorOf(result).message).toBe(
			'The Ticket of the credential holds a character that cannot be sent in an HTTP header (only Latin-1 text is allowed)',
		);
		expect(JSON.stringify(result.error)).not.toContain('tïcket');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('the tenant lookup (OAuth2 with only a customer id)', () => {
	it("honours the node's timeout and retry options", async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{ match: { path: /\/api\/state\// }, times: 2, fault: { type: 'slow', delayMs: 4000 } },
		]);
		const started = Date.now();
		const result = await runOAuth({
			credential: oauthCredentialFor(sandbox, tokens, { baseUrl: 'Cust12345' }),
			inputItems: idsAsItems([SESSION]),
			parameters: { options: { timeout: 500, maxRetries: 1 } },
		});
		expect(errorOf(result).message).toBe(
			`Could not find SuperOffice Online tenant Cust12345 (to reset chat session ${SESSION}): no complete answer within the timeout of 500 ms (after 2 attempts)`,
		);
		expect(Date.now() - started).toBeLessThan(3500);
		expect(sandbox.requestsFor('GET', /\/api\/state\//)).toHaveLength(2);
	});

	it('stops when the execution is cancelled', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{ match: { path: /\/api\/state\// }, fault: { type: 'slow', delayMs: 8000 } },
		]);
		const controller = new AbortController();
		const started = Date.now();
		const run = runOAuthWithSignal(
			oauthCredentialFor(sandbox, tokens, { baseUrl: 'Cust12345' }),
			controller.signal,
		);
		await pause(300);
		controller.abort();
		const result = await run;
		expect(Date.now() - started).toBeLessThan(3000);
		expect(result.status).not.toBe('success');
		expect(sandbox.requestsFor('POST', RESET)).toHaveLength(0);
	});
});

/** runOAuth with a cancel signal (the default timeout of 30 s would otherwise end the lookup). */
async function runOAuthWithSignal(credential: ICredentialDataDecryptedObject, signal: AbortSignal) {
	return await runWorkflow({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi(), new SuperOfficeOAuth2Api()],
		credentials: {
			[OAUTH_TYPE]: { id: OAUTH_CREDENTIAL_ID, name: 'SuperOffice sign-in', data: credential },
		},
		inputItems: idsAsItems([SESSION]),
		node: {
			type: NODE_TYPE,
			parameters: {
				authentication: OAUTH_TYPE,
				resource: 'chatSession',
				operation: 'reset',
				chatSessionId: '={{ $json.id }}',
			},
			onError: 'stopWorkflow',
		},
		abortSignal: signal,
	});
}
