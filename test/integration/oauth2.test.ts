/**
 * "Sign in with SuperOffice (OAuth2)" end to end inside n8n-core 2.11.1: the node with
 * `authentication: 'superOfficeOAuth2Api'` runs through the harness (real WorkflowExecute,
 * real requestOAuth2 / refreshOAuth2Token, the credential store as n8n keeps it) against the
 * sandbox's token endpoint and API. Also the credential type's declarative `test`, run the way
 * n8n's CLI CredentialsTester runs it (RoutingNode on a NoOp copy), and the proof that its
 * baseURL expression normalizes like `toApiRoot`.
 */
import type { ICredentialDataDecryptedObject, INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { bareTenantId, toApiRoot } from '../../nodes/shared/host/apiRoot';
import { tenantStateUrl } from '../../nodes/shared/host/tenantHost';
import {
	baseAdditionalData,
	HarnessCredentialsHelper,
	NOOP_DESCRIPTION,
	runDeclarativeCredentialTest,
	runWorkflow,
	setupHarnessEnvironment,
} from '../harness';
import type { DeclarativeCredentialTestRun } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import {
	expectNoneOf,
	OAUTH_CREDENTIAL_ID,
	OAUTH_TYPE,
	oauthCredentialFor,
	runOAuth,
	storedTokens,
	tokenUpdates,
} from './oauthSupport';
import type { Tokens } from './oauthSupport';
import { idsAsItems, NODE_TYPE, sandboxCredential } from './support';

const D = SANDBOX_DEFAULTS;

const sandbox = useSandbox((sandbox) => {
	sandbox.oauth.configure({
		expiredStatus: 403,
		rotateRefreshTokens: false,
		tokenLifetimeSec: 3600,
	});
	sandbox.oauth.expireAccessTokens(); // no token of an earlier test stays valid (and disarms)
});

/** The credential as n8n stores it after "Connect my account", pointed at this file's sandbox. */
function oauthCredential(
	tokens: Tokens,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return oauthCredentialFor(sandbox, tokens, extra);
}

function resets() {
	return sandbox.requestsFor('POST', /\/ChatSession\/\d+\/Reset$/);
}

describe('SuperOffice node with the OAuth2 credential (n8n-core requestOAuth2)', () => {
	it("resets with a valid token: Bearer token, SO-AppToken and the credential's locale headers; no refresh", async () => {
		const tokens = sandbox.oauth.issueTokens();
		const result = await runOAuth({
			credential: oauthCredential(tokens, { language: 'sv', culture: 'sv', timeZone: 'NO' }),
			inputItems: idsAsItems([903]),
		});

		expect(result.error).toBeUndefined();
		expect(
			result.items.map((i) => [i.json.ChatSessionId, i.json.Status, i.json.ChatbotIsActive]),
		).toEqual([[903, 'InQueue', false]]);
		const [request] = resets();
		expect(request.path).toBe(`/${D.tenant}/api/v1/ChatSession/903/Reset`);
		expect(request.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
		expect(request.headers['so-apptoken']).toBe(D.appToken);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['accept-language']).toBe('sv');
		expect(request.headers['so-language']).toBe('sv');
		expect(request.headers['so-culture']).toBe('sv');
		expect(request.headers['so-timezone']).toBe('NO, includeTZOffset');
		expect(request.principal).toBe(5);
		expect(sandbox.oauth.tokenRequests()).toHaveLength(0);
		expect(tokenUpdates(result)).toHaveLength(0);
		// n8n signs OAuth2 requests itself: the credential type has no authenticate().
		expect(result.credentialsHelper.authenticateCalls).toHaveLength(0);
	});

	it('leaves SO-AppToken out when the credential has none', async () => {
		const result = await runOAuth({
			credential: oauthCredential(sandbox.oauth.issueTokens(), { appToken: '' }),
			inputItems: idsAsItems([903]),
		});
		expect(result.error).toBeUndefined();
		expect(resets()[0].headers['so-apptoken']).toBeUndefined();
	});

	it.each([403, 401] as const)(
		'an expired token (sandbox answers %i) is refreshed exactly once, the request retried with the new token, and n8n stores it',
		async (expiredStatus) => {
			sandbox.oauth.configure({ expiredStatus });
			const tokens = sandbox.oauth.issueTokens();
			sandbox.oauth.expireAccessTokens();

			const result = await runOAuth({
				credential: oauthCredential(tokens),
				inputItems: idsAsItems([903]),
			});

			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');
			expect(result.items.map((i) => i.json.ChatSessionId)).toEqual([903]);

			const refreshes = sandbox.oauth.refreshRequests();
			expect(refreshes).toHaveLength(1);
			const [refresh] = refreshes;
			// authentication: 'body' → client id and secret in the form, no Basic header.
			expect(refresh.body).toEqual({
				refresh_token: tokens.refresh_token,
				grant_type: 'refresh_token',
				client_id: D.oauthClientId,
				client_secret: D.oauthClientSecret,
			});
			expect(refresh.headers.authorization).toBeUndefined();
			const newToken = refresh.oauth!.accessToken!;
			expect(newToken).not.toBe(tokens.access_token);

			const sent = resets();
			expect(sent.map((r) => [r.status, r.headers.authorization])).toEqual([
				[expiredStatus, `Bearer ${tokens.access_token}`],
				[200, `Bearer ${newToken}`],
			]);
			expect(sent[0].seq).toBeLessThan(refresh.seq);
			expect(refresh.seq).toBeLessThan(sent[1].seq);
			expect(sent[1].headers['so-apptoken']).toBe(D.appToken);

			const updates = tokenUpdates(result);
			expect(updates.map((u) => u.kind)).toEqual(['updateCredentialsOauthTokenData']);
			expect((updates[0].data.oauthTokenData as unknown as Tokens).access_token).toBe(newToken);
			// SuperOffice's refresh answer has no refresh_token: the old one is kept.
			expect(storedTokens(result)).toMatchObject({
				access_token: newToken,
				refresh_token: tokens.refresh_token,
			});
		},
	);

	it('keeps a rotated refresh token', async () => {
		sandbox.oauth.configure({ rotateRefreshTokens: true });
		const tokens = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens();
		const result = await runOAuth({
			credential: oauthCredential(tokens),
			inputItems: idsAsItems([903]),
		});
		expect(result.error).toBeUndefined();
		const [refresh] = sandbox.oauth.refreshRequests();
		expect(storedTokens(result)).toMatchObject({
			access_token: refresh.oauth!.accessToken,
			refresh_token: refresh.oauth!.refreshToken,
		});
		expect(storedTokens(result).refresh_token).not.toBe(tokens.refresh_token);
	});

	it('expiry in the middle of 20 items at concurrency 5: ONE refresh for all, every item succeeds', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const ids = [...sandbox.sessions.keys()].sort((a, b) => a - b).slice(0, 20);
		sandbox.faults.latency({ fixedMs: 25 });
		sandbox.resetStats();
		sandbox.oauth.expireAccessTokens({ afterRequests: 7 });

		const result = await runOAuth({
			credential: oauthCredential(tokens),
			parameters: { options: { concurrency: 5 } },
			inputItems: idsAsItems(ids),
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.ChatSessionId)).toEqual(ids);
		expect(result.items.map((i) => i.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		expect(tokenUpdates(result)).toHaveLength(1);
		const newToken = sandbox.oauth.refreshRequests()[0].oauth!.accessToken!;

		const sent = resets();
		const rejected = sent.filter((r) => r.status === 403);
		expect(rejected.length).toBeGreaterThanOrEqual(1);
		expect(rejected.every((r) => r.headers.authorization === `Bearer ${tokens.access_token}`)).toBe(
			true,
		);
		const ok = sent.filter((r) => r.status === 200);
		expect(
			ok.map((r) => Number(/ChatSession\/(\d+)\//.exec(r.path)![1])).sort((a, b) => a - b),
		).toEqual(ids);
		expect(
			ok.filter((r) => r.headers.authorization === `Bearer ${tokens.access_token}`),
		).toHaveLength(7);
		expect(ok.filter((r) => r.headers.authorization === `Bearer ${newToken}`)).toHaveLength(13);
		expect(sent).toHaveLength(20 + rejected.length);
		expect(sandbox.maxInFlight).toBeLessThanOrEqual(5 + 1); // 5 resets + at most the refresh
	});

	it('a refresh that fails (invalid refresh token) ends in a readable error without any secret', async () => {
		const tokens = {
			access_token: sandbox.oauth.issueTokens().access_token,
			refresh_token: 'invalid-refresh-token-Zz9',
		};
		sandbox.oauth.expireAccessTokens();

		const result = await runOAuth({
			credential: oauthCredential(tokens),
			inputItems: idsAsItems([903]),
		});

		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/Could not reset chat session 903/);
		expect(result.error!.message).toMatch(/the access token expired and could not be refreshed/);
		const refreshes = sandbox.oauth.refreshRequests();
		expect(refreshes).toHaveLength(1);
		expect(refreshes[0].status).toBe(400);
		expect(resets()).toHaveLength(1); // not retried without a new token
		expect(tokenUpdates(result)).toHaveLength(0);
		expectNoneOf(result.error, [
			D.oauthClientSecret,
			tokens.refresh_token,
			tokens.access_token,
			D.appToken,
		]);
		expectNoneOf(result.items, [
			D.oauthClientSecret,
			tokens.refresh_token,
			tokens.access_token,
			D.appToken,
		]);
	});

	it('a failed refresh tells the user to reconnect, and does not blame the network or the other credential', async () => {
		// The token endpoint answered (400 invalid_grant). The advice must be "reconnect the OAuth2
		// credential" (not cut off by the 300-character limit on quoted detail), not "no answer
		// from SuperOffice" plus "check the base URL of the SuperOffice API credential and the network".
		const tokens = {
			access_token: sandbox.oauth.issueTokens().access_token,
			refresh_token: 'invalid-refresh-token-Zz9',
		};
		sandbox.oauth.expireAccessTokens();
		const result = await runOAuth({
			credential: oauthCredential(tokens),
			inputItems: idsAsItems([903]),
		});
		const error = result.error as unknown as { message: string; description?: string };
		expect(`${error.message} ${error.description ?? ''}`).toMatch(
			/Reconnect the SuperOffice OAuth2 credential/i,
		);
		expect(error.message).not.toMatch(/no answer from SuperOffice/);
		expect(error.description ?? '').not.toMatch(/SuperOffice API credential|network between/);
	});

	it('continue on fail: the refresh failure becomes the error of each item, secrets scrubbed', async () => {
		const tokens = {
			access_token: sandbox.oauth.issueTokens().access_token,
			refresh_token: 'invalid-refresh-token-Zz9',
		};
		sandbox.oauth.expireAccessTokens();
		const result = await runOAuth({
			credential: oauthCredential(tokens),
			inputItems: idsAsItems([903, 904]),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		for (const item of result.items)
			expect(String(item.json.error)).toMatch(/could not be refreshed/);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1); // single-flight also when it fails
		expectNoneOf(result.items, [
			D.oauthClientSecret,
			tokens.refresh_token,
			tokens.access_token,
			D.appToken,
		]);
	});

	it('a 403 that survives a fresh token (no rights) ends in the readable 403 error after exactly one refresh', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /\/Reset$/ },
				times: 2,
				fault: { type: 'status', status: 403 },
			},
		]);

		const result = await runOAuth({
			credential: oauthCredential(tokens),
			inputItems: idsAsItems([903]),
		});

		expect(result.status).toBe('error');
		expect(result.error!.message).toMatch(
			/Could not reset chat session 903: SuperOffice refused access .*\(HTTP 403/,
		);
		expect((result.error as unknown as { description?: string }).description).toMatch(
			/chat rights/,
		);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		const newToken = sandbox.oauth.refreshRequests()[0].oauth!.accessToken!;
		expect(resets().map((r) => [r.status, r.headers.authorization])).toEqual([
			[403, `Bearer ${tokens.access_token}`],
			[403, `Bearer ${newToken}`],
		]);
		expect(sandbox.faults.remaining()).toEqual([]);
		expectNoneOf(result.error, [
			D.oauthClientSecret,
			tokens.refresh_token,
			tokens.access_token,
			newToken,
			D.appToken,
		]);
	});

	it('421 from the wrong host: says the host is wrong and names the numbered tenant host; no refresh', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const result = await runOAuth({
			credential: oauthCredential(tokens, { baseUrl: sandbox.wrongHostUrl! }),
			inputItems: idsAsItems([903]),
		});

		expect(result.status).toBe('error');
		const error = result.error as unknown as {
			message: string;
			description?: string;
			httpCode?: string;
		};
		expect(error.message).toMatch(/wrong SuperOffice Online host \(HTTP 421\)/);
		expect(error.message).toMatch(/Wrong subdomain used to access tenant/);
		expect(error.description).toMatch(/numbered tenant host/);
		expect(error.description).toMatch(/https:\/\/online3\.superoffice\.com\/Cust12345/);
		// Where SuperOffice says the tenant lives: the token URL's host, /api/state/{tenant}.
		expect(error.description).toContain(
			`${new URL(sandbox.oauth.tokenUrl).origin}/api/state/Cust12345`,
		);
		expect(error.description).toMatch(/just the customer id/);
		expect(sandbox.requestsFor('GET', /^\/api\/state\//)).toHaveLength(0);
		expect(sandbox.oauth.tokenRequests()).toHaveLength(0);
		const sent = resets();
		expect(sent).toHaveLength(1); // 421 is not retried (axios, unlike fetch, does not repeat it)
		expect(sent[0]).toMatchObject({ status: 421, wrongHost: true });
		expectNoneOf(result.error, [
			D.oauthClientSecret,
			tokens.refresh_token,
			tokens.access_token,
			D.appToken,
		]);
	});

	it.each([
		['get', { operation: 'get', chatSessionId: 901 }, 'GET', /\/ChatSession\/901$/],
		['getMany', { operation: 'getMany', limit: 5 }, 'GET', /\/ChatSession$/],
		[
			'transferTo',
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: 'anna.agent' },
			'POST',
			/\/ChatSession\/911\/TransferTo\//i,
		],
		[
			'addMessage',
			{ operation: 'addMessage', chatSessionId: 901, message: 'A colleague takes over.' },
			'POST',
			/\/ChatSession\/901\/Messages$/,
		],
	])(
		'%s works with the OAuth2 credential, across an expired token (one refresh)',
		async (_operation, parameters, method, path) => {
			const tokens = sandbox.oauth.issueTokens();
			sandbox.oauth.expireAccessTokens();
			const result = await runOAuth({
				credential: oauthCredential(tokens),
				inputItems: [{ json: {} }],
				parameters,
			});

			expect(result.error).toBeUndefined();
			expect(result.items.length).toBeGreaterThan(0);
			expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
			const newToken = storedTokens(result).access_token;
			const calls = sandbox.requests.filter((r) => r.method === method && path.test(r.path));
			expect(calls.map((r) => [r.status, r.headers.authorization])).toEqual([
				[403, `Bearer ${tokens.access_token}`],
				[200, `Bearer ${newToken}`],
			]);
			expect(calls.every((r) => r.headers['so-apptoken'] === D.appToken)).toBe(true);
		},
	);

	it('existing workflows without the authentication parameter keep using the SuperOffice API credential', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const result = await runWorkflow({
			nodeTypes: { [NODE_TYPE]: new SuperOffice() },
			credentialTypes: [new SuperOfficeApi(), new SuperOfficeOAuth2Api()],
			credentials: {
				superOfficeApi: {
					id: '1',
					name: 'SuperOffice sandbox',
					data: sandboxCredential(sandbox.webClientUrl, 'basic'),
				},
				[OAUTH_TYPE]: {
					id: OAUTH_CREDENTIAL_ID,
					name: 'SuperOffice sign-in',
					data: oauthCredential(tokens),
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
		expect(result.error).toBeUndefined();
		expect(resets()[0].headers.authorization).toMatch(/^Basic /);
		expect(sandbox.oauth.tokenRequests()).toHaveLength(0);
		expect(result.credentialsHelper.getDecryptedCalls.map((c) => c.type)).not.toContain(OAUTH_TYPE);
		expect(result.credentialsHelper.authenticateCalls.map((c) => c.typeName)).toEqual([
			'superOfficeApi',
		]);
	});
});

/** The OAuth2 credential type's declarative test, run as n8n's CLI CredentialsTester runs it. */
async function testOAuthCredential(
	data: ICredentialDataDecryptedObject,
): Promise<DeclarativeCredentialTestRun> {
	return await runDeclarativeCredentialTest(new SuperOfficeOAuth2Api(), data, {
		id: OAUTH_CREDENTIAL_ID,
		name: 'SuperOffice sign-in',
	});
}

function principalRequests() {
	return sandbox.requestsFor('GET', /\/User\/currentPrincipal$/);
}

const RULES = (new SuperOfficeOAuth2Api().test?.rules ?? []) as Array<{
	type: string;
	properties: { key?: string; value: unknown; message: string };
}>;
const RULE_MESSAGE = Object.fromEntries(
	RULES.filter((rule) => rule.type === 'responseCode').map((rule) => [
		rule.properties.value as number,
		rule.properties.message,
	]),
) as Record<number, string>;
const NOT_RUNNING_MESSAGE = RULES.find(
	(rule) => rule.type === 'responseSuccessBody' && rule.properties.key === 'IsRunning',
)?.properties.message;

/** What n8n-workflow 2.11.1's NodeApiError says for these statuses when no message is given. */
const N8N_DEFAULT_MESSAGE: Record<number, string> = {
	401: 'Authorization failed - please check your credentials',
	403: 'Forbidden - perhaps check your credentials?',
	404: 'The resource you are requesting could not be found',
	421: 'Your request is invalid or could not be processed by the service',
};

describe("OAuth2 credential test (declarative, as n8n's CredentialsTester runs it)", () => {
	it('is declared on the credential type, so n8n does not fall back to "a token exists"', () => {
		const { test } = new SuperOfficeOAuth2Api();
		expect(test?.request).toMatchObject({ method: 'GET' });
		expect(
			Object.keys(RULE_MESSAGE)
				.map(Number)
				.sort((a, b) => a - b),
		).toEqual([301, 302, 303, 307, 308, 401, 403, 404, 421]);
		expect(test?.request).toMatchObject({ disableFollowRedirect: true });
		expect(NOT_RUNNING_MESSAGE).toMatch(/customer id/);
	});

	it('succeeds with a valid token: GET {api root}/User/currentPrincipal with Bearer and SO-AppToken', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const { result } = await testOAuthCredential(oauthCredential(tokens));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = principalRequests();
		expect(request.path).toBe(`/${D.tenant}/api/v1/User/currentPrincipal`);
		expect(request.headers.authorization).toBe(`Bearer ${tokens.access_token}`);
		expect(request.headers['so-apptoken']).toBe(D.appToken);
		expect(request.headers.accept).toBe('application/json');
	});

	it('sends no SO-AppToken header when the credential has no app token', async () => {
		const { result } = await testOAuthCredential(
			oauthCredential(sandbox.oauth.issueTokens(), { appToken: '' }),
		);
		expect(result.status).toBe('OK');
		expect(Object.keys(principalRequests()[0].headers)).not.toContain('so-apptoken');
	});

	it.each(['/', '/api', '/api/', '/api/v1', '/api/v1/', '/default.aspx', '/default.aspx?x=1#top'])(
		'normalizes a base URL ending in %s like the node',
		async (suffix) => {
			const { result } = await testOAuthCredential(
				oauthCredential(sandbox.oauth.issueTokens(), { baseUrl: sandbox.webClientUrl + suffix }),
			);
			expect(result.status).toBe('OK');
			expect(principalRequests()[0].path).toBe(`/${D.tenant}/api/v1/User/currentPrincipal`);
		},
	);

	it('expired token answered with 401: n8n refreshes once, retries, stores the token and the test passes', async () => {
		sandbox.oauth.configure({ expiredStatus: 401 });
		const tokens = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens();
		const { result, helper } = await testOAuthCredential(oauthCredential(tokens));
		expect(result.status).toBe('OK');
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		expect(principalRequests().map((r) => r.status)).toEqual([401, 200]);
		expect(helper.credentialUpdates.map((u) => u.kind)).toEqual([
			'updateCredentialsOauthTokenData',
		]);
	});

	it('expired token answered with 403: n8n does not refresh on 403, so the test fails (Reconnect fixes it)', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens();
		const { result, byRules } = await testOAuthCredential(oauthCredential(tokens));
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[403], N8N_DEFAULT_MESSAGE[403]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[403] });
		expect(byRules.message).toMatch(/expired/);
		expect(byRules.message).toMatch(/Reconnect/);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(0);
	});

	it("a wrong app token (401 that survives n8n's refresh) fails; the 401 rule explains it", async () => {
		const { result, byRules } = await testOAuthCredential(
			oauthCredential(sandbox.oauth.issueTokens(), { appToken: 'wrong-app-token-Kk4' }),
		);
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[401], N8N_DEFAULT_MESSAGE[401]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[401] });
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		expect(`${result.message}${byRules.message}`).not.toContain('wrong-app-token-Kk4');
	});

	it('the wrong host (421) fails; the 421 rule names the numbered tenant host', async () => {
		const { result, byRules } = await testOAuthCredential(
			oauthCredential(sandbox.oauth.issueTokens(), { baseUrl: sandbox.wrongHostUrl! }),
		);
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[421], N8N_DEFAULT_MESSAGE[421]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[421] });
		expect(byRules.message).toMatch(/numbered tenant host/);
		expect(byRules.message).toMatch(/https:\/\/online3\.superoffice\.com\/Cust12345/);
		expect(sandbox.oauth.refreshRequests()).toHaveLength(0);
	});

	it('a wrong customer id (IIS 404) fails; the 404 rule explains it', async () => {
		const { result, byRules } = await testOAuthCredential(
			oauthCredential(sandbox.oauth.issueTokens(), {
				baseUrl: sandbox.webClientUrl.replace('Cust12345', 'Cust99999'),
			}),
		);
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[404], N8N_DEFAULT_MESSAGE[404]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[404] });
	});

	it("customer id only: asks the environment's tenant state service (token host), no app token sent there", async () => {
		const { result } = await testOAuthCredential(
			oauthCredential(sandbox.oauth.issueTokens(), { baseUrl: ' cust12345 ' }),
		);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const requests = sandbox.requestsFor('GET', /^\/api\/state\//);
		expect(requests.map((r) => r.path)).toEqual(['/api/state/cust12345']);
		expect(Object.keys(requests[0].headers)).not.toContain('so-apptoken');
		expect(principalRequests()).toHaveLength(0);
	});

	it.each([
		['an unknown customer id', 'Cust99999', null],
		['a tenant in maintenance', 'Cust12345', { State: 'OfflineMaintenance', IsRunning: false }],
	])(
		'customer id only: %s fails with the "does not run" rule',
		async (_case, baseUrl, override) => {
			sandbox.oauth.setTenantState(override);
			try {
				const { result } = await testOAuthCredential(
					oauthCredential(sandbox.oauth.issueTokens(), { baseUrl }),
				);
				expect(result).toEqual({ status: 'Error', message: NOT_RUNNING_MESSAGE });
				expect(sandbox.requestsFor('GET', /^\/api\/state\//)).toHaveLength(1);
			} finally {
				sandbox.oauth.setTenantState(null);
			}
		},
	);

	it("documents n8n 2.11.1: CredentialsTester never reaches the rules (NodeApiError drops error.cause), users see n8n's generic text", async () => {
		// n8n-workflow 2.11.1 ExecutionBaseError declares a `cause` class field, which resets the
		// native Error cause to undefined when the cause is an Error (the AxiosError here). The CLI's
		// `if (error.cause?.response)` is therefore false and it answers error.message. When n8n
		// fixes this, this test fails: then the rule messages reach the user (update the docs).
		const expired = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens();
		const { result } = await testOAuthCredential(oauthCredential(expired));
		expect(result).toEqual({ status: 'Error', message: N8N_DEFAULT_MESSAGE[403] });
	});
});

describe('the sign-in URLs (hidden defaults, resolved as n8n resolves credential data)', () => {
	async function signInUrls(environment: unknown) {
		setupHarnessEnvironment();
		const helper = new HarnessCredentialsHelper([new SuperOfficeOAuth2Api()], {});
		const data = await helper.applyDefaultsAndOverwrites(
			baseAdditionalData(helper),
			{ environment } as ICredentialDataDecryptedObject,
			OAUTH_TYPE,
			'internal',
		);
		return [data.authUrl, data.accessTokenUrl];
	}

	it.each(['online', 'qaonline', 'sod'])(
		"environment %s: that environment's sign-in host",
		async (environment) => {
			expect(await signInUrls(environment)).toEqual([
				`https://${environment}.superoffice.com/login/common/oauth/authorize`,
				`https://${environment}.superoffice.com/login/common/oauth/tokens`,
			]);
		},
	);

	it.each(['127.0.0.1:4711/probe?x=', 'evil.example.com#', 'Online', '', 42])(
		'environment %j (not one of the options; n8n does not check): a host that cannot resolve, never the given one',
		async (environment) => {
			const urls = await signInUrls(environment);
			for (const url of urls)
				expect(new URL(String(url)).host).toBe('unsupported-environment.invalid');
		},
	);
});

describe("the credential test's baseURL expression (n8n-workflow expression engine) vs toApiRoot", () => {
	const { test } = new SuperOfficeOAuth2Api();
	const expression = test!.request.baseURL as string;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => ({ description: NOOP_DESCRIPTION }) as INodeType,
			getByNameAndVersion: () => ({ description: NOOP_DESCRIPTION }) as INodeType,
			getKnownTypes: () => ({}),
		},
	});
	/** Exactly how RoutingNode resolves `routing.request` values (additional key $credentials). */
	const evaluate = (baseUrl: string) =>
		workflow.expression.getParameterValue(
			expression,
			null,
			0,
			0,
			node.name,
			[],
			'internal',
			{ $credentials: { baseUrl } },
			undefined,
			false,
		);

	it('is an n8n expression', () => {
		expect(expression.startsWith('={{')).toBe(true);
		expect(expression.endsWith('}}')).toBe(true);
	});

	const tenant = 'https://online3.superoffice.com/Cust12345';
	it.each([
		tenant,
		`${tenant}/`,
		`${tenant}///`,
		`${tenant}/api`,
		`${tenant}/api/`,
		`${tenant}/api/v1`,
		`${tenant}/api/v1/`,
		`${tenant}/API/V1`,
		`${tenant}/Api/`,
		`${tenant}/default.aspx`,
		`${tenant}/Default.aspx?ticket=x#top`,
		`${tenant}?x=1`,
		`  ${tenant}/api/v1/  `,
		'https://online3.superoffice.com',
		'https://online3.superoffice.com/',
		'https://online3.superoffice.com/api/v1',
		'HTTPS://Online3.SuperOffice.COM/Cust12345',
		'https://crm.example.com/SuperOffice',
		'https://crm.example.com/SuperOffice/default.aspx',
		'https://crm.example.com/SuperOffice/api',
		'http://127.0.0.1:8787/Cust12345/api/v1/',
		'https://sod2.superoffice.com/Cust00000/',
	])('%j gives the same API root as toApiRoot', (baseUrl) => {
		expect(evaluate(baseUrl)).toBe(toApiRoot(baseUrl));
	});

	it.each([
		['https://online3.superoffice.com:443/Cust12345', 'a default port'],
		['https://online3.superoffice.com/Cust 12345', 'a space in the path'],
		['https://online3.superoffice.com/Cust12345/./', 'a dot segment'],
	])('%j (%s) gives an equivalent URL (toApiRoot normalizes via new URL)', (baseUrl) => {
		const fromExpression = evaluate(baseUrl) as string;
		expect(new URL(fromExpression).href).toBe(new URL(toApiRoot(baseUrl)).href);
	});

	it.each(['Cust12345', ' cust12345 ', 'CUST7'])(
		"customer id %j: the tenant state URL on the token URL's host, like tenantStateUrl",
		(baseUrl) => {
			const tokenUrl = 'https://sod.superoffice.com/login/common/oauth/tokens';
			const resolve = (value: string) =>
				workflow.expression.getParameterValue(
					value,
					null,
					0,
					0,
					node.name,
					[],
					'internal',
					{ $credentials: { baseUrl, accessTokenUrl: tokenUrl } },
					undefined,
					false,
				);
			const url = `${resolve(expression) as string}${resolve(test!.request.url as string) as string}`;
			const tenant = bareTenantId(baseUrl)!;
			expect(url.toLowerCase()).toBe(
				tenantStateUrl({ accessTokenUrl: tokenUrl }, tenant).toLowerCase(),
			);
		},
	);
});
