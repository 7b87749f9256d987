'use strict';
/**
 * "Sign in with SuperOffice" (the superOfficeOAuth2Api credential) inside real n8n (every version
 * installed under e2e/n8n/), against the sandbox's token endpoint and API (test/sandbox).
 *
 * Per version: the version's stage (e2e/lib/stage.js: one user folder, the `npm pack` tarball
 * installed like the Community Nodes UI does, one `n8n start`), whose sandbox is this suite's;
 * connected OAuth2 credentials (their oauthTokenData issued by the sandbox as if the user had just
 * signed in) and the workflows created over REST.
 * Checks look at the node's output AND at the sandbox's request log: the Authorization each API
 * request carried and the form fields of each token request (what n8n really sent).
 *
 * Why a running server and not `n8n execute`: newer n8n (2.41) ignores a stored `accessTokenUrl` of
 * a credential type that hides it and takes it only from the admin's credential overwrites
 * (CREDENTIALS_OVERWRITE_DATA), which only `n8n start` loads (see e2e/workflows/oauth2.js). So the
 * refresh cases run on `n8n start` with the sandbox's endpoints as overwrites, triggered through a
 * production webhook; the execution is then read back over REST (status, error, runData). The last
 * case runs `n8n execute` in a new process, beside the server.
 *
 * The cases depend on each other in order (the token refreshed in one is the one the next must use):
 *  1. the access token expires in the middle of a 20-item run (403): one refresh, every item done
 *  2. expiry answered 401 with a rotating refresh token; a later expiry must use the rotated one
 *  3. a refresh the token endpoint refuses: a readable error, no secret
 *  4. Base URL = customer id: the node looks up the tenant's host, and once more after a 421
 *  5. the credential test (REST) with a tenant URL and with a customer id
 *  6. n8n saved the refreshed tokens in the credential: a new process uses them without a refresh
 *  7. no secret in any n8n output
 *
 * Run: npm run build && node --test e2e/oauth2.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { packageTargets, reportTargets } = require('./lib');
const { stageFor } = require('./lib/stage');
const { SANDBOX_DEFAULTS: SB } = require('../test/sandbox');
const { SANDBOX_SECRETS } = require('./workflows/credentials');
const { oauth2Credential, resetByWebhook, resetOne } = require('./workflows/oauth2');

const { versions, skip } = packageTargets();

const RESET_PATH = /\/ChatSession\/([^/]+)\/Reset$/;
const idOf = (req) => Number(RESET_PATH.exec(req.path)[1]);
const sorted = (a) => [...a].sort((x, y) => x - y);
const bearer = (token) => `Bearer ${token}`;
const short = (secret) => `${String(secret).slice(0, 4)}…`;
/** A refresh token the sandbox never issued (letters and digits, like real ones). */
const UNKNOWN_REFRESH_TOKEN = 'e2eUnknownRefreshTokenQ7vX2mN9pL4sT8wK3yB6cF1hJ5';
/** Part of every message of a failed refresh (nodes/shared/errors/errors.ts, kind 'tokenRefresh'). */
const REFRESH_FAILED = 'the access token expired and could not be refreshed';
/**
 * What n8n's refresh helper says about an `invalid_grant` answer, inside the node's parentheses:
 * n8n 2.8 passes on @n8n/client-oauth2's text (ERROR_RESPONSES.invalid_grant); n8n 2.41 throws its
 * own "reconnect" error naming the credential (n8n-core …/request-helpers/oauth.js buildOAuth2ReconnectError).
 */
const INVALID_GRANT_TEXT = (credentialName) =>
	new RegExp(
		`\\((The provided authorization grant .*refresh token is invalid, expired, revoked.*|The credential "${credentialName}" needs to be reconnected\\.)\\)$`,
	);

reportTargets({ skip, title: 'SuperOffice OAuth2 in real n8n' });

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: SuperOffice OAuth2 token refresh`, { timeout: 420_000 }, () => {
		let stage;
		let inst;
		let sandbox;
		let server;
		const ids = {};
		const outputs = [];
		/** Every secret the sandbox gave out or accepts; none may show in any n8n output. */
		const secrets = new Set(SANDBOX_SECRETS);
		const addSecrets = (...values) =>
			values.filter((v) => typeof v === 'string' && v.length >= 8).forEach((v) => secrets.add(v));
		/** The connected credential the happy-path cases share, and the tokens n8n should hold in it. */
		let cred;
		let initialTokens;
		let currentAccessToken;
		let currentRefreshToken;
		let failCred;
		let expiryIds;
		let rotationIds;
		let rotatedId;
		let persistedId;
		const failId = 913; // a live session (UserLast) the failed run must leave as it is
		const hooks = {
			main: 'e2e-oauth2-reset',
			fail: 'e2e-oauth2-refresh-refused',
			tenant: 'e2e-oauth2-customer-id',
		};
		/** Signed in like `cred`, but its Base URL is only the customer id: the node looks the host up. */
		let tenantCred;
		let tenantIds;

		/** POST the ids to the workflow's webhook; the finished execution (stage.run()). */
		async function runWebhook(key, idList, label) {
			sandbox.clearRequests();
			const r = await stage.run(ids[key], { body: { ids: idList }, timeoutMs: 120_000 });
			outputs.push({ id: `${label}: webhook answer`, text: r.answer });
			outputs.push({ id: `${label}: execution ${r.executionId}`, text: r.text });
			for (const q of sandbox.oauth.tokenRequests())
				addSecrets(q.oauth?.accessToken, q.oauth?.refreshToken);
			return r;
		}

		/** The refresh request of a run: exactly one, grant and client in the form body, answered 200. */
		function assertOneRefresh(refreshToken, what) {
			const refreshes = sandbox.oauth.refreshRequests();
			assert.equal(
				refreshes.length,
				1,
				`${what}: exactly one refresh_token grant (got ${refreshes.length})`,
			);
			assert.equal(sandbox.oauth.tokenRequests().length, 1, `${what}: no other token request`);
			const [q] = refreshes;
			assert.equal(q.method, 'POST');
			assert.equal(
				q.status,
				200,
				`${what}: token endpoint answered ${q.status} (${q.oauth.outcome})`,
			);
			assert.equal(q.oauth.outcome, 'issued');
			assert.match(String(q.headers['content-type']), /^application\/x-www-form-urlencoded/);
			assert.deepEqual(
				{ ...q.body },
				{
					grant_type: 'refresh_token',
					refresh_token: refreshToken,
					client_id: SB.oauthClientId,
					client_secret: SB.oauthClientSecret,
				},
				`${what}: refresh grant with client id and secret in the form body`,
			);
			assert.equal(
				q.headers.authorization,
				undefined,
				`${what}: client authentication in the body only (no Authorization header)`,
			);
			assert.ok(
				q.oauth.accessToken && q.oauth.accessToken !== currentAccessToken,
				`${what}: a new access token was issued`,
			);
			return q;
		}

		/**
		 * The Resets of a run where `oldToken` expired after `passed` requests: each carried the old or the
		 * refreshed token; `passed` went through with the old one, every later one with it was refused
		 * (`expiredStatus`) and sent again with the refreshed token, which came from the refresh request.
		 */
		function assertResetsAcrossExpiry(
			{ oldToken, newToken, refresh, passed, expiredStatus, idList },
			t,
		) {
			const log = sandbox.requestsFor('POST', RESET_PATH).sort((a, b) => a.seq - b.seq);
			const expired = log.filter((q) => q.status === expiredStatus);
			const ok = log.filter((q) => q.status === 200);
			t.diagnostic(
				`${log.length} Reset requests: ${ok.length} × 200, ${expired.length} × ${expiredStatus} (expired token); refresh request #${refresh.seq}`,
			);
			assert.equal(
				log.length,
				ok.length + expired.length,
				`only 200 and ${expiredStatus} answers (got ${log.map((q) => q.status).join(', ')})`,
			);
			assert.deepEqual(
				sorted(ok.map(idOf)),
				sorted(idList),
				'every id reset successfully exactly once',
			);
			assert.ok(
				expired.length >= 1 && expired.length <= 5,
				`1 to 5 requests (the concurrency) saw the expired token, got ${expired.length}`,
			);

			const withOld = log.filter((q) => q.headers.authorization === bearer(oldToken));
			const withNew = log.filter((q) => q.headers.authorization === bearer(newToken));
			assert.equal(
				withOld.length + withNew.length,
				log.length,
				'every Reset carried the old or the refreshed token',
			);
			assert.equal(
				withOld.filter((q) => q.status === 200).length,
				passed,
				`exactly ${passed} Resets went through with the old token`,
			);
			for (const q of expired) {
				assert.equal(
					q.headers.authorization,
					bearer(oldToken),
					`${expiredStatus} #${q.seq}: carried the old token`,
				);
				assert.ok(
					ok.some(
						(o) =>
							idOf(o) === idOf(q) && o.seq > q.seq && o.headers.authorization === bearer(newToken),
					),
					`session ${idOf(q)} retried with the new token`,
				);
			}
			assert.equal(
				withNew.length,
				idList.length - passed,
				`the other ${idList.length - passed} Resets carried the refreshed token`,
			);
			for (const q of withNew) {
				assert.equal(q.status, 200, `Reset #${q.seq} with the refreshed token: ${q.status}`);
				assert.ok(
					q.seq > refresh.seq,
					`Reset #${q.seq} with the refreshed token came after the refresh #${refresh.seq}`,
				);
			}
			assert.ok(
				log.every((q) => q.headers['so-apptoken'] === SB.appToken),
				'SO-AppToken from the credential on every request',
			);
			assert.equal(
				sandbox.requests.length,
				log.length + 1,
				'no request besides the Resets and the refresh',
			);
		}

		function assertOutput(r, idList) {
			const out = r.items.Reset;
			assert.deepEqual(
				out.map((j) => j.ChatSessionId),
				idList,
				'output in input order',
			);
			assert.ok(out.every((j) => j.Status === 'InQueue' && j.ChatbotIsActive === false));
			const paired = r.runData.Reset[0].data.main[0].map((it) => it.pairedItem);
			assert.deepEqual(
				paired,
				idList.map((_id, item) => ({ item })),
				'pairedItem points at the input item',
			);
			assert.deepEqual(
				JSON.parse(r.answer).map((j) => j.ChatSessionId),
				idList,
				'the webhook answered with every item',
			);
		}

		before(async () => {
			stage = await stageFor(version);
			({ inst, server, sandbox } = stage);
			sandbox.reseed('default');
			sandbox.faults.clear();
			sandbox.oauth.setTenantState(null);

			initialTokens = sandbox.oauth.issueTokens();
			assert.ok(initialTokens.refresh_token);
			addSecrets(
				SB.oauthClientSecret,
				SB.oauthRefreshToken,
				UNKNOWN_REFRESH_TOKEN,
				initialTokens.access_token,
				initialTokens.refresh_token,
				initialTokens.id_token,
			);
			currentAccessToken = initialTokens.access_token;
			currentRefreshToken = initialTokens.refresh_token;
			cred = oauth2Credential({
				id: 'so-e2e-oauth2',
				name: 'SuperOffice OAuth2 e2e',
				sandbox,
				tokenData: initialTokens,
			});
			// Signed in once, but its access token has expired (the sandbox's permanently expired token)
			// and the refresh token is unknown to the token endpoint (consent withdrawn): a refresh must fail.
			failCred = oauth2Credential({
				id: 'so-e2e-oauth2-bad-refresh',
				name: 'SuperOffice OAuth2 unknown refresh token',
				sandbox,
				tokenData: {
					token_type: 'Bearer',
					access_token: SB.expiredBearerToken,
					expires_in: 3600,
					refresh_token: UNKNOWN_REFRESH_TOKEN,
				},
			});
			const tenantTokens = sandbox.oauth.issueTokens();
			addSecrets(tenantTokens.access_token, tenantTokens.refresh_token, tenantTokens.id_token);
			tenantCred = oauth2Credential({
				id: 'so-e2e-oauth2-customer-id',
				name: 'SuperOffice OAuth2 customer id',
				sandbox,
				tokenData: tenantTokens,
				data: { baseUrl: SB.tenant },
			});
			await stage.createCredentials([cred, failCred, tenantCred]);

			const history = sorted([...sandbox.sessions.keys()].filter((id) => id < 900)).slice(0, 100);
			assert.equal(history.length, 100, 'the default seed has 100 history sessions');
			expiryIds = history.slice(0, 20).map((_id, i, a) => a[(i * 7) % 20]); // a fixed permutation: not in id order
			rotationIds = history.slice(20, 26);
			rotatedId = history[30];
			persistedId = history[31];
			tenantIds = history.slice(40, 43);
			assert.ok(sandbox.getSession(failId), `session ${failId} exists`);
			const list = [
				['main', resetByWebhook('e2e OAuth2 Reset by webhook', hooks.main, cred)],
				['fail', resetByWebhook('e2e OAuth2 refresh refused', hooks.fail, failCred)],
				['tenant', resetByWebhook('e2e OAuth2 customer id only', hooks.tenant, tenantCred)],
			];
			const imported = await stage.createWorkflows(list.map(([, wf]) => wf));
			list.forEach(([key], i) => (ids[key] = imported[i]));
			// run by `n8n execute`, so it keeps its Manual Trigger
			[ids.persisted] = await stage.createWorkflows(
				[resetOne('e2e OAuth2 refreshed token persisted', cred, persistedId)],
				{ webhookStart: false },
			);
		});
		after(() => {
			sandbox?.faults.clear(); // the stage's sandbox goes on to the next suite
			sandbox?.oauth.setTenantState(null);
		});

		test('the access token expires after 5 of 20 Resets (403): one refresh, every item done with the new token', async (t) => {
			const oldToken = currentAccessToken;
			sandbox.oauth.expireAccessTokens({ afterRequests: 5 });
			const r = await runWebhook('main', expiryIds, 'expiry');
			assert.equal(r.error, null, `execution error: ${r.error}`);
			assert.equal(r.status, 'success');
			assert.equal(r.httpStatus, 200);

			const refresh = assertOneRefresh(currentRefreshToken, 'expiry');
			assert.equal(
				refresh.oauth.refreshToken,
				undefined,
				'the sandbox does not rotate refresh tokens by default',
			);
			assertResetsAcrossExpiry(
				{
					oldToken,
					newToken: refresh.oauth.accessToken,
					refresh,
					passed: 5,
					expiredStatus: 403,
					idList: expiryIds,
				},
				t,
			);
			assertOutput(r, expiryIds);
			currentAccessToken = refresh.oauth.accessToken;
		});

		test('expiry answered 401 with a rotating refresh token: one refresh; the next refresh uses the rotated token', async (t) => {
			sandbox.oauth.configure({ expiredStatus: 401, rotateRefreshTokens: true });
			try {
				const oldToken = currentAccessToken;
				sandbox.oauth.expireAccessTokens({ afterRequests: 2 });
				const r = await runWebhook('main', rotationIds, 'rotation');
				assert.equal(r.error, null, `execution error: ${r.error}`);
				const refresh = assertOneRefresh(currentRefreshToken, '401');
				assert.ok(
					refresh.oauth.refreshToken && refresh.oauth.refreshToken !== currentRefreshToken,
					'a rotated refresh token was issued',
				);
				assertResetsAcrossExpiry(
					{
						oldToken,
						newToken: refresh.oauth.accessToken,
						refresh,
						passed: 2,
						expiredStatus: 401,
						idList: rotationIds,
					},
					t,
				);
				assertOutput(r, rotationIds);
				currentAccessToken = refresh.oauth.accessToken;
				currentRefreshToken = refresh.oauth.refreshToken;

				// The old refresh token is refused from now on: this refresh only works if n8n saved
				// the rotated one in the credential.
				sandbox.oauth.configure({ expiredStatus: 403 });
				sandbox.oauth.expireAccessTokens();
				const r2 = await runWebhook('main', [rotatedId], 'rotated');
				assert.equal(r2.error, null, `execution error: ${r2.error}`);
				const refresh2 = assertOneRefresh(currentRefreshToken, 'rotated');
				assert.deepEqual(
					sandbox
						.requestsFor('POST', RESET_PATH)
						.map((q) => [idOf(q), q.status, q.headers.authorization]),
					[
						[rotatedId, 403, bearer(currentAccessToken)],
						[rotatedId, 200, bearer(refresh2.oauth.accessToken)],
					],
					'expired token refused, then the token issued for the rotated refresh token accepted',
				);
				currentAccessToken = refresh2.oauth.accessToken;
				currentRefreshToken = refresh2.oauth.refreshToken;
			} finally {
				sandbox.oauth.configure({ expiredStatus: 403, rotateRefreshTokens: false });
			}
		});

		test('a refresh the token endpoint refuses ends the run with a readable error and no secret', async (t) => {
			const failBefore = sandbox.getSession(failId);
			const r = await runWebhook('fail', [failId], 'refresh refused');
			t.diagnostic(`error: ${r.error}`);
			assert.equal(r.status, 'error');
			assert.ok(
				r.error?.startsWith(`Could not reset chat session ${failId}: ${REFRESH_FAILED} (`),
				`error: ${r.error}`,
			);
			assert.match(
				r.error,
				INVALID_GRANT_TEXT(failCred.name),
				"the token endpoint's refusal, in words",
			);
			assert.equal(r.lastNodeExecuted, 'Reset');
			assert.notEqual(r.httpStatus, 200, 'the webhook did not report success');

			const tokenCalls = sandbox.oauth.tokenRequests();
			assert.equal(tokenCalls.length, 1, 'one refresh attempt');
			assert.equal(tokenCalls[0].oauth.grantType, 'refresh_token');
			assert.equal(tokenCalls[0].oauth.outcome, 'invalid_grant');
			assert.equal(tokenCalls[0].status, 400);
			assert.equal(
				tokenCalls[0].body.refresh_token,
				UNKNOWN_REFRESH_TOKEN,
				'the refresh token stored in the credential',
			);
			assert.equal(tokenCalls[0].body.client_secret, SB.oauthClientSecret);
			assert.deepEqual(
				sandbox
					.requestsFor('POST', RESET_PATH)
					.map((q) => [idOf(q), q.status, q.headers.authorization]),
				[[failId, 403, bearer(SB.expiredBearerToken)]],
				'one Reset, refused, not retried',
			);
			assert.deepEqual(sandbox.getSession(failId), failBefore, 'the session was not touched');
			for (const { id, text } of outputs.filter((o) => o.id.startsWith('refresh refused'))) {
				for (const secret of secrets)
					assert.ok(!text.includes(secret), `${id}: a secret (${short(secret)}) in it`);
			}
		});

		test('Base URL = customer id: the node looks the host up; a stale host (421) makes it look again once and retry there', async (t) => {
			// The first lookup names the wrong host (it answers 421 Misdirected Request), the second the right one.
			sandbox.oauth.setTenantState({ Endpoint: sandbox.wrongHostUrl }, { times: 1 });
			try {
				const r = await runWebhook('tenant', tenantIds, 'customer id');
				assert.equal(r.error, null, `execution error: ${r.error}`);
				assert.equal(r.status, 'success');
				const lookups = sandbox.requestsFor('GET', /^\/api\/state\//);
				assert.deepEqual(
					lookups.map((q) => [q.path, q.status]),
					[
						[`/api/state/${SB.tenant}`, 200],
						[`/api/state/${SB.tenant}`, 200],
					],
					'one lookup, and one more after the 421s',
				);
				for (const q of lookups) {
					assert.equal(
						q.headers.authorization,
						undefined,
						'no token sent to the public tenant state service',
					);
					assert.equal(
						q.headers['so-apptoken'],
						undefined,
						'no app token sent to the public tenant state service',
					);
				}
				const resets = sandbox.requestsFor('POST', RESET_PATH);
				const misdirected = resets.filter((q) => q.wrongHost);
				const served = resets.filter((q) => !q.wrongHost);
				t.diagnostic(
					`Resets: ${resets.map((q) => `#${q.seq} ${idOf(q)} ${q.status}${q.wrongHost ? ' (stale host)' : ''}`).join(', ')}`,
				);
				// Items already on their way when the first 421 came back may reach the stale host after
				// the second lookup did (a loaded machine): each item goes there at most once.
				assert.ok(
					misdirected.length >= 1 &&
						misdirected.every((q) => q.status === 421 && q.seq > lookups[0].seq),
					'the stale host answered 421, after the first lookup',
				);
				const staleIds = misdirected.map(idOf);
				assert.equal(
					new Set(staleIds).size,
					staleIds.length,
					'no item went to the stale host twice',
				);
				assert.ok(
					served.every((q) => q.seq > lookups[1].seq && q.path.startsWith(`/${SB.tenant}/api/v1/`)),
					'then only the right host',
				);
				// This credential's token was issued before the first test and expired with all others
				// there: on the right host it meets 403, one refresh follows, and the Resets go through.
				const oldToken = tenantCred.data.oauthTokenData.access_token;
				const refresh = assertOneRefresh(
					tenantCred.data.oauthTokenData.refresh_token,
					'customer id',
				);
				const done = served.filter((q) => q.status === 200);
				assert.deepEqual(
					sorted(done.map(idOf)),
					sorted(tenantIds),
					'every id reset on the right host, once',
				);
				assert.ok(
					done.every(
						(q) =>
							q.headers.authorization === bearer(refresh.oauth.accessToken) && q.seq > refresh.seq,
					),
					'with the refreshed token',
				);
				assert.ok(
					served
						.filter((q) => q.status !== 200)
						.every((q) => q.status === 403 && q.headers.authorization === bearer(oldToken)),
					'refused only for the expired token',
				);
				assert.ok(misdirected.every((q) => q.headers.authorization === bearer(oldToken)));
				assertOutput(r, tenantIds);
			} finally {
				sandbox.oauth.setTenantState(null);
			}
		});

		test('the credential test (REST) with a tenant URL and with a customer id', async () => {
			// n8n's editor offers no Test button for OAuth2 credentials (CredentialEdit: isOAuthType →
			// not testable); the type's declarative test runs through POST /rest/credentials/test. The
			// token data goes along: n8n 2.41 hands out `oauthTokenData: true` for a stored credential
			// and does not fill it back in for a test.
			const testCredential = async (c, tokenData) => {
				sandbox.clearRequests();
				const data = { ...c.data, oauthTokenData: { ...c.data.oauthTokenData, ...tokenData } };
				const res = await server.request('POST', '/rest/credentials/test', {
					credentials: { id: c.id, name: c.name, type: c.type, data },
				});
				outputs.push({ id: `credential test ${c.id}`, text: res.text });
				assert.equal(res.status, 200, res.text.slice(0, 300));
				return res.json.data;
			};
			assert.deepEqual(
				await testCredential(cred, {
					access_token: currentAccessToken,
					refresh_token: currentRefreshToken,
				}),
				{ status: 'OK', message: 'Connection successful!' },
			);
			assert.deepEqual(
				sandbox.requests.map((q) => [q.method, q.path, q.status, q.headers.authorization]),
				[['GET', `/${SB.tenant}/api/v1/User/currentPrincipal`, 200, bearer(currentAccessToken)]],
				'Test asks who the stored token belongs to',
			);
			assert.deepEqual(await testCredential(tenantCred), {
				status: 'OK',
				message: 'Connection successful!',
			});
			assert.deepEqual(
				sandbox.requests.map((q) => [q.method, q.path, q.status]),
				[['GET', `/api/state/${SB.tenant}`, 200]],
				'with only a customer id, Test asks the tenant state service of the sign-in host',
			);
			sandbox.oauth.setTenantState({ State: 'OfflineMaintenance', IsRunning: false });
			try {
				const down = await testCredential(tenantCred);
				assert.equal(down.status, 'Error');
				assert.match(down.message, /does not run this customer id/);
			} finally {
				sandbox.oauth.setTenantState(null);
			}
		});

		test('n8n saved the refreshed tokens: `n8n execute` (a new process) uses them, no refresh', async () => {
			const file = path.join(inst.userFolder, '.e2e', 'oauth2-credential.json');
			fs.mkdirSync(path.dirname(file), { recursive: true });
			try {
				const ex = await inst.cli([
					'export:credentials',
					`--id=${cred.id}`,
					'--decrypted',
					`--output=${file}`,
				]);
				assert.equal(ex.exitCode, 0, ex.stdout.slice(-2000));
				const [stored] = JSON.parse(fs.readFileSync(file, 'utf8'));
				assert.equal(
					stored.data.oauthTokenData.access_token,
					currentAccessToken,
					'the last refreshed access token is stored',
				);
				assert.equal(
					stored.data.oauthTokenData.refresh_token,
					currentRefreshToken,
					'the last rotated refresh token is stored',
				);
				assert.equal(
					stored.data.clientSecret,
					SB.oauthClientSecret,
					'the rest of the credential is unchanged',
				);
			} finally {
				fs.rmSync(file, { force: true });
			}

			sandbox.clearRequests();
			const r = await inst.execute(ids.persisted, { rawOutput: true, timeoutMs: 120_000 });
			outputs.push({ id: 'persisted (n8n execute)', text: `${r.stdout}\n${r.stderr}` });
			assert.equal(r.error, null, `execution error: ${r.error}`);
			assert.equal(
				sandbox.oauth.tokenRequests().length,
				0,
				'no token request: the saved token is still valid',
			);
			assert.deepEqual(
				sandbox.requests.map((q) => [idOf(q), q.status, q.headers.authorization]),
				[[persistedId, 200, bearer(currentAccessToken)]],
				'one Reset with the access token refreshed by the server',
			);
			assert.notEqual(currentAccessToken, initialTokens.access_token);
			assert.equal(r.items.Reset[0].ChatSessionId, persistedId);
		});

		test('no secret (client secret, access, refresh or app token) in any n8n output of this version', (t) => {
			outputs.push({ id: 'server', text: stage.logs() });
			assert.ok(
				outputs.some((o) => o.id === 'server') && outputs.length >= 9,
				`every output was recorded (${outputs.map((o) => o.id).join(', ')})`,
			);
			t.diagnostic(
				`${secrets.size} secrets × ${outputs.length} outputs (${Math.round(outputs.reduce((n, o) => n + o.text.length, 0) / 1024)} KiB)`,
			);
			for (const { id, text } of outputs) {
				for (const secret of secrets)
					assert.ok(!text.includes(secret), `${id} holds a secret (${short(secret)})`);
			}
		});
	});
}
