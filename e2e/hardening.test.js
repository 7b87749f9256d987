'use strict';
/**
 * The packed node inside real n8n against a hostile or broken server: the sandbox's hostile-server
 * faults (test/sandbox/hostileFaults.js) and a second sandbox on 127.0.0.2 that records whatever a
 * redirect would bring to it. Runs on the oldest and the newest pinned n8n: the same cases run
 * in-process in test/integration/hostileServer.test.ts (redirects, odd 2xx answers, deadlines, body
 * limits, one OAuth2 refresh for many refused items); here they prove that n8n's own request and
 * error handling around the node keeps them, which the releases could change.
 *
 * Each workflow runs on the version's stage (e2e/lib/stage.js) through its webhook. The stage's
 * sandbox is this suite's: its token endpoint is the one n8n's credential overwrites name.
 *
 *  1. a Reset answered 302 pointing at another host: refused, nothing reaches that host, no GET
 *  2. 2xx answers that are no chat session (200 '', 204, null, "ok", 42, [], [{..},{..}]):
 *     one error item per input item, in order, paired (Continue On Fail)
 *  3. OAuth2, a user refused everything (403): one token refresh for 10 items, not 10
 *     (on `n8n start`: newer n8n takes the token URL only from credential overwrites)
 *  4. the timeout is a deadline (a trickled body fails at it; Add Message is not sent again);
 *     a body over 10 MB is refused
 *
 * Run: npm run build && node --test e2e/hardening.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after, beforeEach } = test;
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { packageTargets, reportTargets, releaseEdges } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox, SANDBOX_DEFAULTS: SB } = require('../test/sandbox');
const { sandboxCredentials, SANDBOX_SECRETS } = require('./workflows/credentials');
const {
	node,
	manualTrigger,
	code,
	idItems,
	superOffice,
	reset,
	chain,
} = require('./workflows/nodes');
const { oauth2Credential } = require('./workflows/oauth2');

const { versions, skip } = packageTargets();

const RESET_PATH = /\/ChatSession\/([^/]+)\/Reset$/;
const MESSAGES_PATH = /\/ChatSession\/903\/Messages$/;
const SESSION = 903;
const ODD_IDS = [901, 902, 903, 904, 905, 906, 907, 464];
const ODD_ANSWERS = [
	[{ type: 'raw', status: 200, body: '' }, /answered HTTP 200 with no chat session$/],
	[{ type: 'raw', status: 204 }, /answered HTTP 204 with no chat session$/],
	[
		{ type: 'raw', status: 200, body: 'null' },
		/answered HTTP 200 with null instead of a chat session$/,
	],
	[
		{ type: 'raw', status: 200, body: '"ok"' },
		/answered HTTP 200 with a text instead of a chat session$/,
	],
	[
		{ type: 'raw', status: 200, body: '42' },
		/answered HTTP 200 with a number instead of a chat session$/,
	],
	[
		{ type: 'raw', status: 200, body: '[]' },
		/answered HTTP 200 with a list of 0 items instead of a chat session$/,
	],
	[
		{ type: 'raw', status: 200, body: '[{"ChatSessionId":1},{"ChatSessionId":2}]' },
		/answered HTTP 200 with a list of 2 items instead of a chat session$/,
	],
];
const OAUTH_IDS = [901, 902, 903, 904, 905, 906, 907, 908, 909, 910];
const HOOK = 'e2e-hardening-refused-everything';

reportTargets({ skip, title: 'SuperOffice node against hostile servers in real n8n' });

for (const version of skip ? [] : releaseEdges(versions)) {
	describe(
		`n8n ${version}: SuperOffice node against hostile and broken servers`,
		{ timeout: 900_000 },
		() => {
			let stage;
			let sandbox;
			/** Another host (127.0.0.2): a redirect target that must never be contacted. */
			let elsewhere;
			let creds;
			let oauthCred;
			let oauthTokens;
			const ids = {};
			const outputs = [];

			async function execute(id, body) {
				sandbox.clearRequests();
				elsewhere.clearRequests();
				const r = await stage.run(id, { body, timeoutMs: 300_000 }); // a busy machine starts Code-node task runners slowly
				outputs.push(r.text);
				return r;
			}

			before(async () => {
				stage = await stageFor(version);
				sandbox = stage.sandbox;
				sandbox.reseed('default');
				sandbox.faults.clear();
				elsewhere = await createSandbox({ port: 0, host: '127.0.0.2', wrongHostPort: false });
				creds = sandboxCredentials(sandbox.webClientUrl);
				oauthTokens = sandbox.oauth.issueTokens();
				oauthCred = oauth2Credential({
					id: 'so-e2e-hardening-oauth2',
					name: 'SuperOffice OAuth2 hardening',
					sandbox,
					tokenData: oauthTokens,
				});
				await stage.createCredentials([creds.soTicket, creds.basic, oauthCred]);

				const webhook = node(
					'Webhook',
					'n8n-nodes-base.webhook',
					2,
					{
						httpMethod: 'POST',
						path: HOOK,
						responseMode: 'lastNode',
						responseData: 'allEntries',
						options: {},
					},
					{ webhookId: crypto.randomUUID() },
				);
				const list = [
					[
						'redirect',
						chain('e2e hardening redirect', [
							manualTrigger(),
							reset('Reset', SESSION, { credential: creds.soTicket }),
						]),
					],
					[
						'odd',
						chain('e2e hardening odd answers', [
							manualTrigger(),
							idItems('Ids', ODD_IDS),
							reset('Reset', '={{ $json.id }}', {
								credential: creds.basic,
								continueOnFail: true,
								options: { concurrency: 1 },
							}),
						]),
					],
					[
						'deadline',
						chain('e2e hardening deadline', [
							manualTrigger(),
							reset('Reset', SESSION, {
								credential: creds.basic,
								options: { timeout: 1000, maxRetries: 0 },
							}),
						]),
					],
					[
						'deadlineMessage',
						chain('e2e hardening deadline add message', [
							manualTrigger(),
							superOffice(
								'Add Message',
								{
									operation: 'addMessage',
									chatSessionId: SESSION,
									message: 'Hello from e2e',
									options: { timeout: 800 },
								},
								{ credential: creds.basic },
							),
						]),
					],
					[
						'tooLarge',
						chain('e2e hardening body limit', [
							manualTrigger(),
							superOffice(
								'Get',
								{ operation: 'get', chatSessionId: SESSION },
								{ credential: creds.basic },
							),
						]),
					],
					[
						'oauth',
						chain('e2e hardening one refresh', [
							webhook,
							code('Ids', 'return $input.first().json.body.ids.map((id) => ({ json: { id } }));'),
							reset('Reset', '={{ $json.id }}', {
								credential: oauthCred,
								continueOnFail: true,
								options: { concurrency: 1 },
							}),
						]),
					],
				];
				const imported = await stage.createWorkflows(list.map(([, wf]) => wf));
				list.forEach(([key], i) => (ids[key] = imported[i]));
			});
			// A case that failed early leaves its faults unused: they must not reach the next case.
			beforeEach(() => {
				sandbox?.faults.clear();
			});
			after(async () => {
				sandbox?.faults.clear(); // the stage's sandbox goes on to the next suite
				if (elsewhere) await elsewhere.close();
			});

			test('a Reset answered 302 to another host: refused with the status and the host; one POST, nothing elsewhere', async () => {
				sandbox.faults.script([
					{
						match: { path: RESET_PATH },
						fault: {
							type: 'redirect',
							status: 302,
							location: `${elsewhere.apiUrl}/ChatSession/${SESSION}/Reset`,
						},
					},
				]);
				const r = await execute(ids.redirect);
				assert.equal(r.status, 'error', 'the run failed');
				assert.match(
					r.error ?? '',
					new RegExp(
						`^Could not reset chat session ${SESSION}: the server answered HTTP 302, a redirect to http://127\\.0\\.0\\.2:${elsewhere.port}, which the node does not follow`,
					),
					`error: ${r.error}`,
				);
				assert.deepEqual(
					sandbox.requests.map((q) => `${q.method} ${q.apiPath}`),
					[`POST /ChatSession/${SESSION}/Reset`],
					'one POST, no GET',
				);
				assert.deepEqual(
					elsewhere.requests,
					[],
					'nothing (no Authorization, no SO-AppToken) reached the other host',
				);
				assert.equal(sandbox.getSession(SESSION).ChatbotIsActive, true, 'nothing was reset');
			});

			test('2xx answers that are no chat session: one error item each, in order, paired; the normal answer still comes through', async () => {
				sandbox.faults.script(
					ODD_ANSWERS.map(([fault]) => ({ match: { path: RESET_PATH }, fault })),
				);
				const r = await execute(ids.odd);
				assert.equal(r.error, null, `execution error: ${r.error}`);
				const out = r.items.Reset;
				assert.equal(out.length, ODD_IDS.length, 'one output item per input item');
				ODD_ANSWERS.forEach(([, message], i) => {
					assert.match(out[i].error ?? '', message, `item ${i}: ${JSON.stringify(out[i])}`);
					assert.equal(out[i].chatSessionId, ODD_IDS[i]);
				});
				assert.equal(out[7].ChatSessionId, 464);
				const paired = r.runData.Reset[0].data.main[0].map((it) => it.pairedItem);
				assert.deepEqual(
					paired,
					ODD_IDS.map((_id, item) => ({ item })),
				);
				assert.equal(
					sandbox.requestsFor('POST', RESET_PATH).length,
					ODD_IDS.length,
					'none retried',
				);
			});

			test('a body trickled one byte every 300 ms fails at the 1 s deadline, naming it', async () => {
				sandbox.faults.script([
					{ match: { path: RESET_PATH }, fault: { type: 'trickle', intervalMs: 300 } },
				]);
				const r = await execute(ids.deadline);
				assert.match(
					r.error ?? '',
					new RegExp(
						`^Could not reset chat session ${SESSION}: no complete answer within the timeout of 1000 ms`,
					),
					`error: ${r.error}`,
				);
				assert.equal(sandbox.requestsFor('POST', RESET_PATH).length, 1);
				// The whole body would take minutes; n8n's own clock for the node says it stopped at the deadline.
				const took = r.runData?.Reset?.[0]?.executionTime;
				assert.ok(typeof took === 'number' && took < 15_000, `the node ran ${took} ms`);
			});

			test('Add Message past its deadline: "may have arrived", sent once only', async () => {
				sandbox.faults.script([
					{ match: { path: MESSAGES_PATH }, fault: { type: 'trickle', intervalMs: 300 } },
				]);
				const r = await execute(ids.deadlineMessage);
				const took = r.runData?.['Add Message']?.[0]?.executionTime;
				assert.ok(typeof took === 'number' && took < 15_000, `the node ran ${took} ms`);
				assert.match(
					r.error ?? '',
					/no complete answer within the timeout of 800 ms; the request may have arrived, so it was not sent again/,
					`error: ${r.error}`,
				);
				assert.equal(sandbox.requestsFor('POST', MESSAGES_PATH).length, 1, 'not sent again');
			});

			test('a chat session body over 10 MB is refused, naming the limit', async () => {
				sandbox.faults.script([
					{
						match: { method: 'GET', path: /\/ChatSession\/903$/ },
						fault: { type: 'oversize', status: 200, bytes: 11 * 1024 * 1024 },
					},
				]);
				const r = await execute(ids.tooLarge);
				assert.match(
					r.error ?? '',
					/^Could not get chat session 903: SuperOffice answered HTTP 200 with a body larger than 10 MB, the most the node reads/,
					`error: ${r.error}`,
				);
			});

			test('OAuth2, 10 items for a user refused everything (403): one token refresh, not 10', async () => {
				sandbox.faults.script([
					{ match: { path: RESET_PATH }, times: -1, fault: { type: 'status', status: 403 } },
				]);
				const r = await execute(ids.oauth, { ids: OAUTH_IDS });
				const { items } = r;

				const refreshes = sandbox.oauth.refreshRequests();
				const seen = sandbox.requests.map((q) => `${q.method} ${q.path} ${q.status}`).join('; ');
				const runError = r.error;
				assert.equal(
					refreshes.length,
					1,
					`one refresh for the whole execution (got ${refreshes.length}); requests: ${seen}; error: ${runError}; items: ${JSON.stringify(items.Reset ?? null).slice(0, 600)}`,
				);
				const fresh = refreshes[0].oauth.accessToken;
				assert.deepEqual(
					sandbox.requestsFor('POST', RESET_PATH).map((q) => q.headers.authorization),
					[`Bearer ${oauthTokens.access_token}`, ...OAUTH_IDS.map(() => `Bearer ${fresh}`)],
					'the first item tries the old and the fresh token; every later one the fresh token once',
				);
				assert.deepEqual(
					items.Reset.map((j) => j.httpCode),
					OAUTH_IDS.map(() => '403'),
					'every item is a 403 error item',
				);
			});

			test('no secret in any n8n output', () => {
				const text = [...outputs, stage.logs()].join('\n');
				for (const secret of [
					...SANDBOX_SECRETS,
					SB.oauthClientSecret,
					oauthTokens.access_token,
					oauthTokens.refresh_token,
				]) {
					assert.ok(
						!text.includes(secret),
						`a secret (${String(secret).slice(0, 4)}…) is in an n8n output`,
					);
				}
			});
		},
	);
}
