/**
 * Two n8n processes (queue-mode workers) refresh the same OAuth2 credential at once, and the
 * token endpoint rotates refresh tokens: only the first refresh succeeds, the second one's
 * refresh token was just used up. The loser must pick up the winner's token from the
 * credential instead of failing the execution.
 *
 * The "other worker" is simulated where the race is decided: a small proxy in front of the
 * sandbox's token endpoint. When this node's refresh request arrives, the proxy first refreshes
 * with the same refresh token (as the other worker would) and stores the result in the
 * credential, as n8n does after a refresh; then it forwards this node's request, which the
 * token endpoint now refuses (invalid_grant).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { HarnessCredentialsHelper, runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { SANDBOX_DEFAULTS as D } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { OAUTH_CREDENTIAL_ID, OAUTH_TYPE, oauthCredentialFor } from './oauthSupport';
import type { Tokens } from './oauthSupport';
import { idsAsItems, NODE_TYPE } from './support';

const CREDENTIAL_NAME = 'SuperOffice sign-in';

const sandbox = useSandbox((sandbox) => {
	sandbox.oauth.configure({
		expiredStatus: 403,
		rotateRefreshTokens: true,
		tokenLifetimeSec: 3600,
	});
	sandbox.oauth.expireAccessTokens();
});

afterAll(() => {
	sandbox.oauth.configure({ rotateRefreshTokens: false });
});

interface TokenProxy {
	url: string;
	/** What the other worker's refresh got (null until it ran). */
	otherRefresh: Tokens | null;
	close: () => Promise<void>;
}

/** Token endpoint proxy; `beforeForward` runs once, before the first request is passed on. */
async function tokenProxy(beforeForward: () => Promise<Tokens | null>): Promise<TokenProxy> {
	const proxy: TokenProxy = { url: '', otherRefresh: null, close: async () => undefined };
	let first = true;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				if (first) {
					first = false;
					proxy.otherRefresh = await beforeForward();
				}
				const answer = await fetch(sandbox.oauth.tokenUrl, {
					method: req.method,
					headers: {
						'content-type': String(req.headers['content-type'] ?? ''),
						accept: 'application/json',
					},
					body: Buffer.concat(chunks),
				});
				res.writeHead(answer.status, {
					'content-type': answer.headers.get('content-type') ?? 'application/json',
				});
				res.end(Buffer.from(await answer.arrayBuffer()));
			})().catch(() => {
				res.writeHead(502);
				res.end();
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login/common/oauth/tokens`;
	proxy.close = async () => await new Promise<void>((resolve) => server.close(() => resolve()));
	return proxy;
}

/** What the other worker does: refresh with the refresh token it read, store the answer in the credential. */
async function refreshAsOtherWorker(
	helper: HarnessCredentialsHelper,
	refreshToken: string,
): Promise<Tokens | null> {
	const res = await fetch(sandbox.oauth.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: refreshToken,
			client_id: D.oauthClientId,
			client_secret: D.oauthClientSecret,
		}).toString(),
	});
	if (res.status !== 200) return null;
	const tokens = (await res.json()) as Tokens;
	const data = helper.getStoredData(OAUTH_TYPE)!;
	helper.setCredential(OAUTH_TYPE, {
		id: OAUTH_CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		data: { ...data, oauthTokenData: { ...tokens } },
	});
	return tokens;
}

async function runWithHelper(
	helper: HarnessCredentialsHelper,
	ids: number[],
): Promise<RunWorkflowResult> {
	return await runWorkflow({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialsHelper: helper,
		inputItems: idsAsItems(ids),
		node: {
			type: NODE_TYPE,
			parameters: {
				authentication: OAUTH_TYPE,
				resource: 'chatSession',
				operation: 'reset',
				chatSessionId: '={{ $json.id }}',
			},
		},
	});
}

function resetsSent() {
	return sandbox
		.requestsFor('POST', /\/ChatSession\/\d+\/Reset$/)
		.map((r) => [
			Number(/ChatSession\/(\d+)\//.exec(r.path)![1]),
			r.status,
			r.headers.authorization,
		]);
}

describe('OAuth2 refresh race with rotating refresh tokens (two workers, one credential)', () => {
	it('the refresh that lost the race uses the token the other worker stored: the execution succeeds', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const helper = new HarnessCredentialsHelper([new SuperOfficeApi(), new SuperOfficeOAuth2Api()]);
		const proxy = await tokenProxy(
			async () => await refreshAsOtherWorker(helper, tokens.refresh_token!),
		);
		try {
			helper.setCredential(OAUTH_TYPE, {
				id: OAUTH_CREDENTIAL_ID,
				name: CREDENTIAL_NAME,
				data: oauthCredentialFor(sandbox, tokens, { accessTokenUrl: proxy.url }),
			});
			sandbox.oauth.expireAccessTokens();
			const result = await runWithHelper(helper, [903]);

			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.ChatSessionId)).toEqual([903]);
			const other = proxy.otherRefresh!;
			expect(other.access_token).toBeTruthy();
			// Two refreshes with the same refresh token: the other worker's issued, this one refused.
			const refreshes = sandbox.oauth.refreshRequests();
			expect(
				refreshes.map((r) => [(r.body as Record<string, string>).refresh_token, r.oauth!.outcome]),
			).toEqual([
				[tokens.refresh_token, 'issued'],
				[tokens.refresh_token, 'invalid_grant'],
			]);
			// Refused with the expired token, then sent again with the other worker's token.
			expect(resetsSent()).toEqual([
				[903, 403, `Bearer ${tokens.access_token}`],
				[903, 200, `Bearer ${other.access_token}`],
			]);
			// The credential keeps the winner's tokens (the loser saved nothing).
			const stored = helper.getStoredData(OAUTH_TYPE)!.oauthTokenData as unknown as Tokens;
			expect(stored).toMatchObject({
				access_token: other.access_token,
				refresh_token: other.refresh_token,
			});
			expect(helper.credentialUpdates.filter((u) => u.type === OAUTH_TYPE)).toHaveLength(0);
		} finally {
			await proxy.close();
		}
	});

	it('a refused refresh where nobody else refreshed still fails with the refresh error', async () => {
		const tokens = sandbox.oauth.issueTokens();
		const helper = new HarnessCredentialsHelper([new SuperOfficeApi(), new SuperOfficeOAuth2Api()]);
		// The "other worker" revokes the refresh token (consent withdrawn) but stores nothing.
		const proxy = await tokenProxy(async () => {
			sandbox.oauth.revokeRefreshToken(tokens.refresh_token!);
			return null;
		});
		try {
			helper.setCredential(OAUTH_TYPE, {
				id: OAUTH_CREDENTIAL_ID,
				name: CREDENTIAL_NAME,
				data: oauthCredentialFor(sandbox, tokens, { accessTokenUrl: proxy.url }),
			});
			sandbox.oauth.expireAccessTokens();
			const result = await runWithHelper(helper, [903]);

			expect(result.error?.message).toMatch(
				/^Could not reset chat session 903: the access token expired and could not be refreshed/,
			);
			expect(sandbox.oauth.refreshRequests().map((r) => r.oauth!.outcome)).toEqual([
				'invalid_grant',
			]);
			expect(resetsSent()).toEqual([[903, 403, `Bearer ${tokens.access_token}`]]);
		} finally {
			await proxy.close();
		}
	});
});
