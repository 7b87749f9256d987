/**
 * The sandbox's OAuth 2.0 side (token endpoint, authorize redirect, issued Bearer tokens and
 * their expiry), the tenant state API and the wrong-host port (421). Plain Node fetch.
 */
import http from 'node:http';
import { createSandbox, SANDBOX_DEFAULTS } from '../sandbox';
import { callControl } from '../sandbox/testing';
import { startSandboxCli } from '../support/sandboxCli';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

const D = SANDBOX_DEFAULTS;
const CALLBACK = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

let sb: Sandbox;
beforeAll(async () => {
	sb = await createSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.clearRequests();
	sb.faults.clear();
	sb.oauth.configure({
		tokenLifetimeSec: 3600,
		expiredStatus: 403,
		rotateRefreshTokens: false,
		idToken: true,
	});
});

interface TokenBody {
	token_type?: string;
	access_token?: string;
	expires_in?: number;
	refresh_token?: string;
	id_token?: string;
	error?: string;
	error_description?: string;
}

async function postToken(fields: Record<string, string>, url = sb.oauth.tokenUrl) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: new URLSearchParams(fields).toString(),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as TokenBody };
}

function refreshFields(overrides: Record<string, string> = {}) {
	return {
		grant_type: 'refresh_token',
		refresh_token: D.oauthRefreshToken,
		client_id: D.oauthClientId,
		client_secret: D.oauthClientSecret,
		...overrides,
	};
}

async function principal(token: string, base = sb.apiUrl) {
	const res = await fetch(`${base}/User/currentPrincipal`, {
		headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** One GET with node:http: fetch (undici) silently repeats a 421 once. */
function rawGet(
	url: string,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers, agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		req.on('error', reject);
	});
}

const control = (method: string, sub: string, body?: unknown) =>
	callControl(sb.controlUrl, method, sub, body);

function decodeJwtPayload(jwt: string): Record<string, unknown> {
	const parts = jwt.split('.');
	expect(parts).toHaveLength(3);
	return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
}

describe('token endpoint: refresh_token grant', () => {
	it('answers like SuperOffice: Bearer 8A:{tenant}.… access token, expires_in, id_token, no refresh_token', async () => {
		const r = await postToken(refreshFields());
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^application\/json/);
		expect(r.headers.get('cache-control')).toBe('no-store');
		expect(Object.keys(r.json)).toEqual(['token_type', 'access_token', 'expires_in', 'id_token']);
		expect(r.json.token_type).toBe('Bearer');
		expect(r.json.access_token).toMatch(/^8A:Cust12345\.[A-Za-z0-9+/=]{40,}$/);
		expect(r.json.expires_in).toBe(3600);
		const claims = decodeJwtPayload(r.json.id_token!);
		expect(claims).toMatchObject({
			aud: D.oauthClientId,
			'http://schemes.superoffice.net/identity/ctx': 'Cust12345',
			'http://schemes.superoffice.net/identity/associateid': '5',
			'http://schemes.superoffice.net/identity/webapi_url': `${sb.webClientUrl}/api/`,
		});
	});

	it("issues a token the API accepts as Bearer, for the refresh token's user", async () => {
		const { json } = await postToken(refreshFields());
		const p = await principal(json.access_token!);
		expect(p.status).toBe(200);
		expect(p.json).toMatchObject({ AssociateId: 5, UserName: 'sandbox-user' });
		expect(sb.requestsFor('GET', /currentPrincipal$/)[0].principal).toBe(5);
	});

	it('keeps the refresh token valid after use by default (each use gives a new access token)', async () => {
		const a = await postToken(refreshFields());
		const b = await postToken(refreshFields());
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(a.json.access_token).not.toBe(b.json.access_token);
		expect((await principal(a.json.access_token!)).status).toBe(200);
	});

	it('rotates refresh tokens when configured: the answer has a new one, the old one is refused', async () => {
		const first = sb.oauth.issueTokens();
		sb.oauth.configure({ rotateRefreshTokens: true });
		const r = await postToken(refreshFields({ refresh_token: first.refresh_token! }));
		expect(r.status).toBe(200);
		expect(r.json.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);
		expect(r.json.refresh_token).not.toBe(first.refresh_token);
		const again = await postToken(refreshFields({ refresh_token: first.refresh_token! }));
		expect(again.status).toBe(400);
		expect(again.json.error).toBe('invalid_grant');
		expect((await postToken(refreshFields({ refresh_token: r.json.refresh_token! }))).status).toBe(
			200,
		);
	});

	it.each([
		['an unknown refresh token', { refresh_token: 'no-such-refresh-token-Qq1' }],
		['a wrong client secret', { client_secret: 'wrong-secret-Pp2' }],
		['an unknown client id', { client_id: 'unknown-client-Rr3' }],
	])(
		'refuses %s with 400 invalid_grant and never echoes what was sent',
		async (_what, overrides) => {
			const r = await postToken(refreshFields(overrides));
			expect(r.status).toBe(400);
			expect(r.json.error).toBe('invalid_grant');
			expect(typeof r.json.error_description).toBe('string');
			for (const value of Object.values(overrides)) expect(r.text).not.toContain(value);
			expect(r.text).not.toContain(D.oauthClientSecret);
			expect(sb.oauth.tokenRequests().at(-1)?.oauth?.outcome).toBe('invalid_grant');
		},
	);

	it('refuses a revoked refresh token and one issued to another client', async () => {
		const sb2 = await createSandbox({
			wrongHostPort: false,
			oauth: {
				clients: [
					{ clientId: 'app-a', clientSecret: 'secret-a' },
					{ clientId: 'app-b', clientSecret: 'secret-b' },
				],
				refreshTokens: [],
			},
		});
		try {
			const a = sb2.oauth.issueTokens({ clientId: 'app-a' });
			const post = (fields: Record<string, string>) => postToken(fields, sb2.oauth.tokenUrl);
			expect(
				(
					await post({
						grant_type: 'refresh_token',
						refresh_token: a.refresh_token!,
						client_id: 'app-b',
						client_secret: 'secret-b',
					})
				).json.error,
			).toBe('invalid_grant');
			expect(
				(
					await post({
						grant_type: 'refresh_token',
						refresh_token: a.refresh_token!,
						client_id: 'app-a',
						client_secret: 'secret-a',
					})
				).status,
			).toBe(200);
			expect(sb2.oauth.revokeRefreshToken(a.refresh_token!)).toBe(true);
			expect(
				(
					await post({
						grant_type: 'refresh_token',
						refresh_token: a.refresh_token!,
						client_id: 'app-a',
						client_secret: 'secret-a',
					})
				).json.error,
			).toBe('invalid_grant');
		} finally {
			await sb2.close();
		}
	});
});

describe('token endpoint: authorization_code grant and the authorize redirect', () => {
	it('authorize redirects to redirect_uri with a code and the state; the code gives tokens once', async () => {
		const url = `${sb.oauth.authorizeUrl}?${new URLSearchParams({ client_id: D.oauthClientId, scope: 'openid', redirect_uri: CALLBACK, response_type: 'code', state: 's-42' })}`;
		const res = await fetch(url, { redirect: 'manual' });
		expect(res.status).toBe(302);
		const location = new URL(res.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
		expect(location.searchParams.get('state')).toBe('s-42');
		const code = location.searchParams.get('code')!;
		expect(code).toMatch(/^[A-Za-z0-9]{64}$/);

		const fields = {
			grant_type: 'authorization_code',
			code,
			redirect_uri: CALLBACK,
			client_id: D.oauthClientId,
			client_secret: D.oauthClientSecret,
		};
		const r = await postToken(fields);
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual([
			'token_type',
			'access_token',
			'expires_in',
			'refresh_token',
			'id_token',
		]);
		expect((await principal(r.json.access_token!)).status).toBe(200);
		// The refresh token it gave works.
		expect((await postToken(refreshFields({ refresh_token: r.json.refresh_token! }))).status).toBe(
			200,
		);
		// Codes are single-use.
		const again = await postToken(fields);
		expect(again.status).toBe(400);
		expect(again.json.error).toBe('invalid_grant');
	});

	it('refuses a code with another redirect_uri, and an unknown code', async () => {
		const code = sb.oauth.issueCode({ redirectUri: CALLBACK });
		const base = {
			grant_type: 'authorization_code',
			client_id: D.oauthClientId,
			client_secret: D.oauthClientSecret,
		};
		expect(
			(await postToken({ ...base, code, redirect_uri: 'http://127.0.0.1:9/other' })).json.error,
		).toBe('invalid_grant');
		expect(
			(await postToken({ ...base, code: 'not-a-code', redirect_uri: CALLBACK })).json.error,
		).toBe('invalid_grant');
	});

	it('authorize refuses an unknown client, a relative redirect_uri and response_type token (HTML page, no redirect)', async () => {
		const q = (o: Record<string, string>) =>
			`${sb.oauth.authorizeUrl}?${new URLSearchParams({ client_id: D.oauthClientId, redirect_uri: CALLBACK, response_type: 'code', ...o })}`;
		for (const url of [
			q({ client_id: 'nope' }),
			q({ redirect_uri: '/relative' }),
			q({ response_type: 'token' }),
		]) {
			const res = await fetch(url, { redirect: 'manual' });
			expect(res.status).toBe(400);
			expect(res.headers.get('location')).toBeNull();
			expect(res.headers.get('content-type')).toMatch(/text\/html/);
		}
	});

	it('only accepts registered redirect URIs when the client lists them', async () => {
		const sb2 = await createSandbox({
			wrongHostPort: false,
			oauth: { clients: [{ clientId: 'c', clientSecret: 's', redirectUris: [CALLBACK] }] },
		});
		try {
			const go = (redirect: string) =>
				fetch(
					`${sb2.oauth.authorizeUrl}?${new URLSearchParams({ client_id: 'c', redirect_uri: redirect, response_type: 'code' })}`,
					{ redirect: 'manual' },
				);
			expect((await go(CALLBACK)).status).toBe(302);
			expect((await go('http://127.0.0.1:1/elsewhere')).status).toBe(400);
		} finally {
			await sb2.close();
		}
	});
});

describe('token endpoint: request shapes', () => {
	it('answers 405 to GET, invalid_request for missing parameters, JSON bodies and repeats, unsupported_grant_type otherwise', async () => {
		const get = await fetch(sb.oauth.tokenUrl);
		expect(get.status).toBe(405);
		expect(get.headers.get('allow')).toBe('POST');
		expect((await postToken({ client_id: D.oauthClientId })).json.error).toBe('invalid_request');
		expect(
			(
				await postToken({
					grant_type: 'refresh_token',
					client_id: D.oauthClientId,
					client_secret: D.oauthClientSecret,
				})
			).json.error,
		).toBe('invalid_request');
		expect(
			(
				await postToken({
					grant_type: 'client_credentials',
					client_id: D.oauthClientId,
					client_secret: D.oauthClientSecret,
				})
			).json.error,
		).toBe('unsupported_grant_type');
		const json = await fetch(sb.oauth.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(refreshFields()),
		});
		expect(json.status).toBe(400);
		expect(((await json.json()) as TokenBody).error).toBe('invalid_request');
		const twice = await fetch(sb.oauth.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `${new URLSearchParams(refreshFields())}&grant_type=refresh_token`,
		});
		expect(twice.status).toBe(400);
	});

	it('takes the parameters from the query string when the body is empty (as the docs show them)', async () => {
		const res = await fetch(`${sb.oauth.tokenUrl}?${new URLSearchParams(refreshFields())}`, {
			method: 'POST',
		});
		expect(res.status).toBe(200);
	});

	it('records every token request with its form fields (secrets only in the raw log) and the outcome', async () => {
		const ok = await postToken(refreshFields());
		await postToken(refreshFields({ client_secret: 'wrong-secret-Pp2' }));
		const recorded = sb.oauth.tokenRequests();
		expect(recorded).toHaveLength(2);
		expect(recorded[0]).toMatchObject({
			method: 'POST',
			path: '/login/common/oauth/tokens',
			apiPath: null,
			status: 200,
			body: refreshFields(),
			oauth: {
				endpoint: 'token',
				grantType: 'refresh_token',
				clientId: D.oauthClientId,
				outcome: 'issued',
				accessToken: ok.json.access_token,
			},
		});
		expect(recorded[1]).toMatchObject({ status: 400, oauth: { outcome: 'invalid_grant' } });
		expect(sb.oauth.refreshRequests()).toHaveLength(2);
		expect(recorded[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
	});

	it('is subject to scripted faults like any other request', async () => {
		sb.faults.script([
			{ match: { path: /oauth\/tokens$/ }, fault: { type: 'status', status: 503 } },
		]);
		expect((await postToken(refreshFields())).status).toBe(503);
		expect((await postToken(refreshFields())).status).toBe(200);
	});
});

describe('issued access tokens: lifetime and expiry', () => {
	it('expireAccessTokens() expires every issued token now (403 by default); static and later tokens are unaffected', async () => {
		const t = sb.oauth.issueTokens();
		expect((await principal(t.access_token)).status).toBe(200);
		expect(sb.oauth.expireAccessTokens()).toBeGreaterThanOrEqual(1);
		const p = await principal(t.access_token);
		expect(p.status).toBe(403);
		expect(p.json).toMatchObject({
			Error: true,
			ErrorType: 'UnauthorizedAccessException',
			Message: 'The access token has expired.',
		});
		expect((await principal(D.bearerToken)).status).toBe(200);
		expect((await principal(sb.oauth.issueTokens().access_token)).status).toBe(200);
		// The refresh token still gives a working token.
		expect(
			(
				await principal(
					(await postToken(refreshFields({ refresh_token: t.refresh_token! }))).json.access_token!,
				)
			).status,
		).toBe(200);
	});

	it('answers 401 with WWW-Authenticate when expiredStatus is 401', async () => {
		sb.oauth.configure({ expiredStatus: 401 });
		const t = sb.oauth.issueTokens();
		sb.oauth.expireAccessTokens();
		const p = await principal(t.access_token);
		expect(p.status).toBe(401);
		expect(p.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
	});

	it('expires tokens by the sandbox clock after tokenLifetimeSec', async () => {
		let nowMs = Date.parse('2025-03-01T10:00:00Z');
		const sb2 = await createSandbox({
			wrongHostPort: false,
			now: () => new Date(nowMs),
			oauth: { tokenLifetimeSec: 60 },
		});
		try {
			const t = sb2.oauth.issueTokens();
			expect(t.expires_in).toBe(60);
			expect((await principal(t.access_token, sb2.apiUrl)).status).toBe(200);
			nowMs += 59_000;
			expect((await principal(t.access_token, sb2.apiUrl)).status).toBe(200);
			nowMs += 1_000;
			expect((await principal(t.access_token, sb2.apiUrl)).status).toBe(403);
		} finally {
			await sb2.close();
		}
	});

	it('expireAccessTokens({afterRequests: n}) lets n more API requests through, then expires them', async () => {
		const t = sb.oauth.issueTokens();
		expect(sb.oauth.expireAccessTokens({ afterRequests: 2 })).toBe(0);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await principal(t.access_token)).status);
		expect(statuses).toEqual([200, 200, 403, 403]);
		expect(sb.oauth.stats().expireArmedAfter).toBeNull();
	});

	it('an unknown Bearer token is still a 401', async () => {
		expect((await principal('8A:Cust12345.made-up-token')).status).toBe(401);
	});
});

describe('tenant state API', () => {
	it('GET /api/state/{tenant} names the tenant host as Endpoint, without authentication', async () => {
		const res = await fetch(sb.stateUrl);
		expect(res.status).toBe(200);
		const body = (await res.json()) as Record<string, string>;
		expect(Object.keys(body)).toEqual([
			'ContextIdentifier',
			'Endpoint',
			'State',
			'IsRunning',
			'ValidUntil',
			'Api',
		]);
		expect(body).toMatchObject({
			ContextIdentifier: 'Cust12345',
			Endpoint: sb.webClientUrl,
			State: 'Running',
			IsRunning: true,
			Api: `${sb.webClientUrl}/api`,
		});
		expect(body.ValidUntil).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
		expect(Date.parse(body.ValidUntil)).toBeGreaterThan(Date.now());
	});

	it('answers State Unknown for another tenant', async () => {
		const body = (await (
			await fetch(sb.stateUrl.replace('Cust12345', 'Cust99999'))
		).json()) as Record<string, unknown>;
		expect(body).toMatchObject({
			ContextIdentifier: 'Cust99999',
			State: 'Unknown',
			IsRunning: false,
			Endpoint: null,
		});
	});
});

describe('wrong host (second port)', () => {
	it('answers 421 Misdirected Request with a JSON error body on every API route, before authentication', async () => {
		expect(sb.wrongHostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Cust12345$/);
		expect(sb.wrongHostUrl).not.toBe(sb.webClientUrl);
		for (const headers of [
			{ authorization: `Bearer ${D.bearerToken}` },
			{} as Record<string, string>,
		]) {
			const r = await rawGet(`${sb.wrongHostUrl}/api/v1/User/currentPrincipal`, headers);
			expect(r.status).toBe(421);
			expect(JSON.parse(r.body)).toMatchObject({
				Error: true,
				ErrorType: 'MisdirectedRequest',
				Message: expect.stringContaining('Wrong subdomain used to access tenant'),
			});
		}
		const recorded = sb.requestsFor('GET', /currentPrincipal$/);
		expect(recorded).toHaveLength(2);
		expect(
			recorded.every((r) => r.wrongHost === true && r.status === 421 && r.principal === undefined),
		).toBe(true);
	});

	it('still signs in there: token endpoint and state API work, and the state names the right host', async () => {
		const origin = new URL(sb.wrongHostUrl!).origin;
		const r = await postToken(refreshFields(), `${origin}/login/common/oauth/tokens`);
		expect(r.status).toBe(200);
		expect((await principal(r.json.access_token!)).status).toBe(200); // on the right host
		const state = (await (await fetch(`${origin}/api/state/Cust12345`)).json()) as Record<
			string,
			unknown
		>;
		expect(state.Endpoint).toBe(sb.webClientUrl);
		expect((await rawGet(`${origin}/__sandbox/`)).status).toBe(404); // control endpoints only on the main port
	});

	it('can be switched off', async () => {
		const sb2 = await createSandbox({ wrongHostPort: false });
		try {
			expect(sb2.wrongHostUrl).toBeUndefined();
		} finally {
			await sb2.close();
		}
	});
});

describe('OAuth control endpoints', () => {
	it('show and change settings, expire tokens, issue tokens and codes, revoke refresh tokens', async () => {
		const info = await control('GET', '/oauth');
		expect(info.json).toMatchObject({
			tokenUrl: sb.oauth.tokenUrl,
			tokenLifetimeSec: 3600,
			expiredStatus: 403,
			rotateRefreshTokens: false,
			clientIds: [D.oauthClientId],
		});
		expect(
			(await control('POST', '/oauth', { expiredStatus: 401, tokenLifetimeSec: 120 })).json,
		).toMatchObject({ expiredStatus: 401, tokenLifetimeSec: 120 });

		const issued = await control('POST', '/oauth/tokens', {});
		expect(issued.json).toMatchObject({
			token_type: 'Bearer',
			expires_in: 120,
			refresh_token: expect.any(String),
		});
		expect((await principal(issued.json.access_token)).status).toBe(200);
		const expired = await control('POST', '/oauth/expire');
		expect(expired.json.expired).toBeGreaterThanOrEqual(1);
		expect((await principal(issued.json.access_token)).status).toBe(401);

		const code = await control('POST', '/oauth/codes', { redirectUri: CALLBACK });
		const fromCode = await postToken({
			grant_type: 'authorization_code',
			code: code.json.code,
			redirect_uri: CALLBACK,
			client_id: D.oauthClientId,
			client_secret: D.oauthClientSecret,
		});
		expect(fromCode.status).toBe(200);

		expect(
			(await control('POST', '/oauth/revoke', { refreshToken: issued.json.refresh_token })).json,
		).toEqual({ revoked: true });
		expect(
			(await postToken(refreshFields({ refresh_token: issued.json.refresh_token }))).json.error,
		).toBe('invalid_grant');

		const armed = await control('POST', '/oauth/expire', { afterRequests: 3 });
		expect(armed.json).toMatchObject({ expired: 0, expireArmedAfter: 3 });
		sb.oauth.expireAccessTokens(); // disarm
	});

	it('refuse bad input with 400 and change nothing', async () => {
		for (const [sub, body] of [
			['/oauth', { expiredStatus: 500 }],
			['/oauth', { tokenLifetimeSec: 0 }],
			['/oauth', { bogus: true }],
			['/oauth/expire', { afterRequests: -1 }],
			['/oauth/tokens', { associateId: 424242 }],
			['/oauth/revoke', {}],
		] as const) {
			expect((await control('POST', sub, body)).status).toBe(400);
		}
		expect(sb.oauth.settings).toMatchObject({ expiredStatus: 403, tokenLifetimeSec: 3600 });
	});
});

describe('options', () => {
	it('validate the OAuth options and wrongHostPort', async () => {
		await expect(createSandbox({ oauth: { expiredStatus: 500 as never } })).rejects.toThrow(
			TypeError,
		);
		await expect(createSandbox({ oauth: { tokenLifetimeSec: 0 } })).rejects.toThrow(TypeError);
		await expect(
			createSandbox({ oauth: { clients: [{ clientId: '', clientSecret: 'x' }] } }),
		).rejects.toThrow(TypeError);
		await expect(createSandbox({ wrongHostPort: -1 })).rejects.toThrow(TypeError);
	});
});

describe('cli.js OAuth options', () => {
	it('prints the OAuth credentials and settings in --json and applies --expired-status / --token-lifetime', async () => {
		const cli = startSandboxCli([
			'--port',
			'0',
			'--json',
			'--quiet',
			'--expired-status',
			'401',
			'--token-lifetime',
			'90',
			'--rotate-refresh-tokens',
		]);
		try {
			expect(await cli.waitFor('SANDBOX_READY')).toBe(true);
			const info = JSON.parse(cli.output().trim().split('\n')[0]);
			const origin = new URL(info.webClientUrl).origin;
			expect(info.credentials.oauth2).toEqual({
				clientId: D.oauthClientId,
				clientSecret: D.oauthClientSecret,
				refreshToken: D.oauthRefreshToken,
				authUrl: `${origin}/login/common/oauth/authorize`,
				accessTokenUrl: `${origin}/login/common/oauth/tokens`,
			});
			expect(info.oauth).toMatchObject({
				expiredStatus: 401,
				tokenLifetimeSec: 90,
				rotateRefreshTokens: true,
			});
			expect(info.stateUrl).toBe(`${origin}/api/state/Cust12345`);
			expect(info.wrongHostUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Cust12345$/);
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toBe(0);
	});
});
