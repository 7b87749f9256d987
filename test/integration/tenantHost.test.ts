/**
 * SuperOffice Online host lookup: the OAuth2 credential with only a customer id as Base URL.
 * The node asks `GET {token host}/api/state/{tenant}` where the tenant lives, once per
 * execution, and looks again once when that host answers 421. Runs the node in n8n-core's
 * WorkflowExecute against the sandbox, whose request log proves what was sent where.
 */
import { SANDBOX_DEFAULTS as D } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import type { RecordedRequest } from '../sandbox';
import { expectNoneOf, oauthCredentialFor, runOAuth } from './oauthSupport';
import type { Tokens } from './oauthSupport';
import { idsAsItems, NODE_TYPE, sandboxCredential } from './support';
import { runWorkflow } from '../harness';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';

const sandbox = useSandbox((sandbox) => sandbox.oauth.expireAccessTokens());

const STATE_PATH = /^\/api\/state\//;
const RESET_PATH = /\/ChatSession\/\d+\/Reset$/;

function byCustomerId(tokens: Tokens, tenant = D.tenant) {
	return oauthCredentialFor(sandbox, tokens, { baseUrl: tenant });
}
const lookups = (): RecordedRequest[] => sandbox.requestsFor('GET', STATE_PATH);
const resets = (): RecordedRequest[] => sandbox.requestsFor('POST', RESET_PATH);
const errorOf = (result: { error?: unknown }) =>
	result.error as unknown as { message: string; description?: string; httpCode?: string };

describe('OAuth2 credential with only a customer id as Base URL', () => {
	it('looks the host up once for 20 items at concurrency 5, then calls the API there with the token', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const ids = [901, 902, 903, 911, 912, ...Array.from({ length: 15 }, (_v, i) => i + 1)];
		const result = await runOAuth({
			credential: byCustomerId(tokens),
			inputItems: idsAsItems(ids),
			parameters: { options: { concurrency: 5 } },
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.ChatSessionId)).toEqual(ids);
		expect(lookups().map((r) => r.path)).toEqual([`/api/state/${D.tenant}`]);
		// The lookup is public: no token and no app token travel to it.
		expect(lookups()[0].headers.authorization).toBeUndefined();
		expect(lookups()[0].headers['so-apptoken']).toBeUndefined();
		expect(lookups()[0].seq).toBeLessThan(Math.min(...resets().map((r) => r.seq)));
		expect(resets()).toHaveLength(ids.length);
		for (const request of resets()) {
			expect(request.path.startsWith(`/${D.tenant}/api/v1/ChatSession/`)).toBe(true);
			expect(request.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
			expect(request.headers['so-apptoken']).toBe(D.appToken);
		}
	});

	it('uses the Api address of the answer (Endpoint only as fallback)', async () => {
		sandbox.oauth.setTenantState({
			Endpoint: 'http://127.0.0.1:9/elsewhere',
			Api: `${sandbox.webClientUrl}/api`,
		});
		const result = await runOAuth({
			credential: byCustomerId(sandbox.oauth.issueTokens()),
			inputItems: idsAsItems([903]),
		});
		expect(result.error).toBeUndefined();
		expect(resets().map((r) => r.path)).toEqual([`/${D.tenant}/api/v1/ChatSession/903/Reset`]);
	});

	it('a tenant that moved (421 on the old host): looks up again once and retries there', async () => {
		// The first answer is stale: it names the wrong host, which answers 421.
		sandbox.oauth.setTenantState({ Endpoint: sandbox.wrongHostUrl! }, { times: 1 });
		const tokens = sandbox.oauth.issueTokens();
		const result = await runOAuth({
			credential: byCustomerId(tokens),
			inputItems: idsAsItems([901, 902, 903]),
			parameters: { options: { concurrency: 3 } },
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.ChatSessionId, i.json.Status])).toEqual([
			[901, 'InQueue'],
			[902, 'InQueue'],
			[903, 'InQueue'],
		]);
		expect(lookups()).toHaveLength(2); // the three 421s share one new lookup
		const misdirected = resets().filter((r) => r.wrongHost);
		const served = resets().filter((r) => !r.wrongHost);
		expect(misdirected.every((r) => r.status === 421)).toBe(true);
		expect(misdirected.length).toBeGreaterThanOrEqual(1);
		expect(served.map((r) => r.status)).toEqual([200, 200, 200]);
		expect(Math.min(...served.map((r) => r.seq))).toBeGreaterThan(lookups()[1].seq);
		expect(sandbox.oauth.tokenRequests()).toHaveLength(0);
	});

	it('421 again where the lookup still names the same host: a readable 421 error after one new lookup', async () => {
		sandbox.oauth.setTenantState({ Endpoint: sandbox.wrongHostUrl! });
		const tokens = sandbox.oauth.issueTokens();
		const result = await runOAuth({
			credential: byCustomerId(tokens),
			inputItems: idsAsItems([903]),
		});

		expect(result.status).toBe('error');
		expect(errorOf(result).message).toMatch(
			/^Could not reset chat session 903: wrong SuperOffice Online host \(HTTP 421\)/,
		);
		expect(errorOf(result).httpCode).toBe('421');
		expect(lookups()).toHaveLength(2);
		expect(resets().map((r) => [r.status, r.wrongHost])).toEqual([[421, true]]);
		expectNoneOf(result.error, [
			D.oauthClientSecret,
			tokens.access_token,
			tokens.refresh_token,
			D.appToken,
		]);
	});

	it('a tenant in maintenance: says so before any API call; Continue On Fail gives every item the error after ONE lookup', async () => {
		sandbox.oauth.setTenantState({ State: 'OfflineMaintenance', IsRunning: false });
		const result = await runOAuth({
			credential: byCustomerId(sandbox.oauth.issueTokens()),
			inputItems: idsAsItems([901, 902, 903]),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, index) => {
			expect(item.json.error).toMatch(
				/^Could not find SuperOffice Online tenant Cust12345 \(to reset chat session 90\d\): SuperOffice Online tenant Cust12345 is OfflineMaintenance$/,
			);
			expect(item.json.description).toMatch(/maintenance window/);
			expect(item.json.chatSessionId).toBe([901, 902, 903][index]);
			expect(item.pairedItem).toEqual({ item: index });
		});
		expect(lookups()).toHaveLength(1);
		expect(resets()).toHaveLength(0);
	});

	it('an unknown customer id: tells to check the id and the environment', async () => {
		const result = await runOAuth({
			credential: byCustomerId(sandbox.oauth.issueTokens(), 'Cust99999'),
			inputItems: idsAsItems([903]),
		});
		expect(result.status).toBe('error');
		expect(errorOf(result).message).toMatch(/tenant Cust99999 is Unknown$/);
		expect(errorOf(result).description).toMatch(/customer id .* Environment/);
		expect(errorOf(result).description).toContain(`/api/state/Cust99999`);
		expect(resets()).toHaveLength(0);
	});

	it('the lookup is retried like any request: 503 then the answer', async () => {
		sandbox.faults.script([
			{ match: { path: STATE_PATH }, fault: { type: 'status', status: 503, retryAfter: 0 } },
		]);
		const result = await runOAuth({
			credential: byCustomerId(sandbox.oauth.issueTokens()),
			inputItems: idsAsItems([903]),
		});
		expect(result.error).toBeUndefined();
		expect(lookups().map((r) => r.status)).toEqual([503, 200]);
		expect(resets().map((r) => r.status)).toEqual([200]);
	});

	it('an HTML page instead of the state answer: a readable error, no API call', async () => {
		sandbox.faults.script([{ match: { path: STATE_PATH }, times: -1, fault: { type: 'html' } }]);
		const result = await runOAuth({
			credential: byCustomerId(sandbox.oauth.issueTokens()),
			inputItems: idsAsItems([903]),
		});
		expect(result.status).toBe('error');
		expect(errorOf(result).message).toMatch(
			/^Could not find SuperOffice Online tenant Cust12345 \(to reset chat session 903\): SuperOffice answered HTTP 200 with a body that is not valid JSON/,
		);
		expect(resets()).toHaveLength(0);
	});

	it('token expiry and host lookup together: one lookup, one refresh, every item done', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens({ afterRequests: 3 });
		const ids = Array.from({ length: 10 }, (_v, i) => i + 1);
		const result = await runOAuth({
			credential: byCustomerId(tokens),
			inputItems: idsAsItems(ids),
			parameters: { options: { concurrency: 2 } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.ChatSessionId)).toEqual(ids);
		expect(lookups()).toHaveLength(1);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
	});
});

describe('the SuperOffice API credential with only a customer id', () => {
	it('stops before any request, saying that only the OAuth2 credential looks hosts up', async () => {
		const result = await runWorkflow({
			nodeTypes: { [NODE_TYPE]: new SuperOffice() },
			credentialTypes: [new SuperOfficeApi()],
			credentials: {
				superOfficeApi: {
					id: '1',
					name: 'SuperOffice',
					data: sandboxCredential('Cust12345', 'soTicket', { appToken: D.appToken }),
				},
			},
			inputItems: idsAsItems([903]),
			node: {
				type: NODE_TYPE,
				parameters: {
					resource: 'chatSession',
					operation: 'reset',
					chatSessionId: '={{ $json.id }}',
				},
			},
		});
		expect(result.status).toBe('error');
		expect(errorOf(result).message).toMatch(/only a customer id \(Cust12345\)/);
		expect(errorOf(result).description).toMatch(/Only the SuperOffice OAuth2 credential/);
		expect(sandbox.requests).toHaveLength(0);
	});
});
