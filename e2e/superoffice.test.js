'use strict';
/**
 * The packed n8n-nodes-superoffice inside real n8n (every version installed under e2e/n8n/),
 * against the SuperOffice sandbox (test/sandbox) running in this test process on 127.0.0.1.
 *
 * Per version: the version's stage (e2e/lib/stage.js: one user folder, the `npm pack` tarball
 * installed the way the Community Nodes UI does, one `n8n start`), the sandbox credentials and
 * workflows created over REST, each workflow run through its production webhook and its execution
 * read back over REST. Every check looks at the node's output AND at the sandbox's request log
 * (what n8n really sent).
 *
 * Run: npm run build && node --test e2e/superoffice.test.js
 *      E2E_VERSIONS=2.8.4 … (one version)   E2E_KEEP=1 … (keep the temp user folders)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { packageTargets, PKG, reportTargets, strict } = require('./lib');
const { stageFor } = require('./lib/stage');
const { createSandbox, SANDBOX_DEFAULTS: SB, parseSoDate } = require('../test/sandbox');
const { sandboxCredentials, SANDBOX_SECRETS } = require('./workflows/credentials');
const flows = require('./workflows/superoffice');
const { exampleExists, loadExample, EXAMPLE_PATH } = require('./workflows/example');

const { versions, skip } = packageTargets();

const RESET_PATH = /\/ChatSession\/([^/]+)\/Reset$/;
const MESSAGES_PATH = /\/ChatSession\/([^/]+)\/Messages$/;
/** POSTs that change a chat session (the examples' availability check also POSTs GetChatPresence, a read). */
const SESSION_POST = /\/ChatSession\//;
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const idOf = (req, re) => Number(re.exec(req.path)[1]);
const sorted = (a) => [...a].sort((x, y) => x - y);
const IDLE_MINUTES = 3;
/** The credential test's rule message for a status (from dist/, built before these tests run). */
function ruleMessage(status) {
	const { SuperOfficeApi } = require('../dist/credentials/SuperOfficeApi.credentials');
	return new SuperOfficeApi().test.rules.find((r) => r.properties.value === status)?.properties
		.message;
}
/** n8n's own text for a 401 where it does not (docs/credential-test.md). */
const N8N_401 = 'Authorization failed - please check your credentials';

reportTargets({ skip, title: 'SuperOffice node in real n8n' });

for (const version of skip ? [] : versions) {
	describe(`n8n ${version}: SuperOffice node`, { timeout: 300_000 }, () => {
		let stage;
		let inst;
		let sandbox;
		let creds;
		const ids = {};
		let authCases;
		let batchIds;
		const cofIds = [901, 999999, '12/../User', 902];
		const runOutputs = [];

		/** Clear the request log, run through the webhook, keep what n8n answered and stored for the secret check. */
		async function execute(id) {
			sandbox.clearRequests();
			const r = await stage.run(id, { timeoutMs: 120_000 });
			runOutputs.push({ id, text: r.text });
			return r;
		}
		const resets = () => sandbox.requestsFor('POST', RESET_PATH);

		before(async () => {
			stage = await stageFor(version);
			inst = stage.inst;
			sandbox = await createSandbox({ port: 0 });
			creds = sandboxCredentials(sandbox.webClientUrl);
			await stage.createCredentials(Object.values(creds));

			const auth = flows.authAndLocale(creds);
			authCases = auth.cases;
			const history = sorted([...sandbox.sessions.keys()].filter((id) => id < 900)).slice(0, 100);
			assert.equal(history.length, 100, 'the default seed has 100 history sessions');
			batchIds = history.map((_id, i) => history[(i * 37) % 100]); // a fixed permutation: not in id order
			const list = [
				['auth', auth.workflow],
				['notFound', flows.notFound(creds)],
				['cof', flows.continueOnFail(creds, cofIds)],
				['batch', flows.batch(creds, batchIds)],
			];
			if (exampleExists())
				list.push(['example', loadExample({ credential: creds.basic }).workflow]);
			const imported = await stage.createWorkflows(list.map(([, wf]) => wf));
			list.forEach(([key], i) => (ids[key] = imported[i]));
		});
		after(async () => {
			if (sandbox) await sandbox.close();
		});

		test('Reset with each auth scheme, language/culture/time zone from credential and node options', async () => {
			const r = await execute(ids.auth);
			assert.equal(r.error, null, `execution error: ${r.error}`);
			assert.equal(r.status, 'success');

			const log = resets();
			assert.deepEqual(
				log.map((q) => idOf(q, RESET_PATH)),
				authCases.map((c) => c.id),
				'one Reset per node, in node order',
			);
			const byId = new Map(log.map((q) => [idOf(q, RESET_PATH), q]));
			const expectAuth = {
				'Reset basic': { authorization: basic(SB.username, SB.password), appToken: undefined },
				'Reset soTicket': { authorization: `SOTicket ${SB.ticket}`, appToken: SB.appToken },
				'Reset bearer': { authorization: `Bearer ${SB.bearerToken}`, appToken: undefined },
			};
			const expectLocale = {
				'Reset basic': {},
				'Reset soTicket': {},
				'Reset bearer': {},
				'Reset locale from credential': { language: 'sv', culture: 'sv', timeZone: 'NO' },
				'Reset locale from options': { language: 'de', culture: 'de', timeZone: 'US-NY' },
				'Reset options only': { language: 'no', culture: 'en', timeZone: 'UTC' },
			};
			for (const c of authCases) {
				const q = byId.get(c.id);
				assert.equal(q.status, 200, `${c.node}: sandbox answered ${q.status}`);
				if (expectAuth[c.node]) {
					assert.equal(
						q.headers.authorization,
						expectAuth[c.node].authorization,
						`${c.node}: Authorization`,
					);
					assert.equal(
						q.headers['so-apptoken'],
						expectAuth[c.node].appToken,
						`${c.node}: SO-AppToken`,
					);
				}
				const loc = expectLocale[c.node];
				assert.equal(q.headers['accept-language'], loc.language, `${c.node}: Accept-Language`);
				assert.equal(q.headers['so-language'], loc.language, `${c.node}: SO-Language`);
				assert.equal(q.headers['so-culture'], loc.culture, `${c.node}: SO-Culture`);
				// the node asks for offsets on dates: `, includeTZOffset` appended to the code
				assert.equal(
					q.headers['so-timezone'],
					loc.timeZone === undefined ? undefined : `${loc.timeZone}, includeTZOffset`,
					`${c.node}: SO-TimeZone`,
				);

				const out = r.items[c.node];
				assert.equal(out.length, 1, `${c.node}: one item out`);
				assert.equal(out[0].ChatSessionId, c.id, `${c.node}: the reset session`);
				assert.equal(out[0].Status, 'InQueue', `${c.node}: Status`);
				assert.equal(out[0].ChatbotIsActive, false, `${c.node}: ChatbotIsActive`);
				assert.equal(out[0].User, null, `${c.node}: no user after Reset`);
			}
			assert.equal(sandbox.requests.length, authCases.length, 'no request besides the Resets');
		});

		test('a 404 stops the run with a readable error and no secret in what n8n answered and stored', async (t) => {
			const r = await execute(ids.notFound);
			assert.equal(r.status, 'error', 'the run failed');
			assert.match(
				r.error ?? '',
				/^Could not reset chat session 999999: .*\(HTTP 404\)/,
				`error: ${r.error}`,
			);
			t.diagnostic(`error: ${r.error}`);
			assert.equal(r.lastNodeExecuted, 'Reset');
			const [q] = resets();
			assert.equal(q.status, 404);
			assert.equal(
				q.headers.authorization,
				`SOTicket ${SB.ticket}`,
				'the credential with every secret was used',
			);
			assert.match(r.text, /999999/, 'the stored execution names the session');
			for (const secret of SANDBOX_SECRETS)
				assert.ok(
					!r.text.includes(secret),
					`a sandbox secret (${secret.slice(0, 4)}…) is in the stored execution`,
				);
		});

		test('Continue On Fail: one item per input, in order; the invalid id never reaches the sandbox', async () => {
			const r = await execute(ids.cof);
			assert.equal(r.error, null, `execution error: ${r.error}`);
			const out = r.items.Reset;
			assert.equal(out.length, cofIds.length, 'one output item per input item');
			assert.equal(out[0].ChatSessionId, 901);
			assert.equal(out[0].Status, 'InQueue');
			assert.match(out[1].error, /^Could not reset chat session 999999: .*\(HTTP 404\)/);
			assert.equal(out[1].chatSessionId, 999999);
			assert.equal(out[1].httpCode, '404');
			assert.match(
				out[2].error,
				/Chat Session ID of item 2 must be a whole number from 1 to 2147483647, got "12\/\.\.\/User"/,
			);
			assert.equal(out[2].chatSessionId, '12/../User');
			assert.equal(out[3].ChatSessionId, 902);
			assert.equal(out[3].Status, 'InQueue');
			const paired = r.runData.Reset[0].data.main[0].map((it) => it.pairedItem);
			assert.deepEqual(
				paired,
				cofIds.map((_id, item) => ({ item })),
			);

			assert.deepEqual(sorted(resets().map((q) => idOf(q, RESET_PATH))), [901, 902, 999999]);
			assert.ok(
				!sandbox.requests.some((q) => q.url.includes('..') || /\/User\b/.test(q.path)),
				'the invalid id was sent',
			);
			for (const q of resets()) assert.equal(q.headers.authorization, `Bearer ${SB.bearerToken}`);
		});

		test('100 items from a Code node: 100 Resets, output in input order with pairedItem', async () => {
			const r = await execute(ids.batch);
			assert.equal(r.error, null, `execution error: ${r.error}`);
			const log = resets();
			assert.equal(log.length, 100, 'exactly 100 Reset requests');
			assert.deepEqual(
				sorted(log.map((q) => idOf(q, RESET_PATH))),
				sorted(batchIds),
				'each id reset once',
			);
			assert.ok(log.every((q) => q.status === 200 && q.headers['so-apptoken'] === SB.appToken));
			const out = r.items.Reset;
			assert.deepEqual(
				out.map((j) => j.ChatSessionId),
				batchIds,
				'output in input order',
			);
			assert.ok(out.every((j) => j.Status === 'InQueue' && j.ChatbotIsActive === false));
			const paired = r.runData.Reset[0].data.main[0].map((it) => it.pairedItem);
			assert.deepEqual(
				paired,
				batchIds.map((_id, item) => ({ item })),
				'pairedItem points at the input item',
			);
		});

		test(
			'examples/reroute-idle-bot-sessions.json resets exactly the bot sessions idle > 3 minutes',
			{ skip: exampleExists() || strict() ? false : `no ${EXAMPLE_PATH}` },
			async (t) => {
				// Fresh default seed: bot sessions idle 1, 2, 4, 6, 10, 30 minutes, far from the 3-minute edge.
				sandbox.reseed('default');
				const now = Date.now();
				const before = [...sandbox.sessions.values()].map((s) => structuredClone(s));
				const idleMs = (s) => now - parseSoDate(s.WhenIdle);
				const expected = sorted(
					before
						.filter(
							(s) => s.ChatbotIsActive === true && s.WhenIdle && idleMs(s) > IDLE_MINUTES * 60_000,
						)
						.map((s) => s.ChatSessionId),
				);
				const bots = before.filter((s) => s.ChatbotIsActive === true);
				assert.ok(
					expected.length > 0 && expected.length < bots.length,
					`the seed has bot sessions on both sides of ${IDLE_MINUTES} min`,
				);
				const nearEdge = bots.filter((s) => Math.abs(idleMs(s) - IDLE_MINUTES * 60_000) < 30_000);
				assert.deepEqual(
					nearEdge.map((s) => s.ChatSessionId),
					[],
					'no bot session is within 30 s of the threshold',
				);

				t.diagnostic(
					`expected to be handed over: ${expected.join(', ')} (bot sessions: ${bots.map((s) => s.ChatSessionId).join(', ')})`,
				);
				const r = await execute(ids.example);
				assert.equal(r.error, null, `execution error: ${r.error}`);
				const posts = sandbox.requestsFor('POST', SESSION_POST);
				const messaged = posts
					.filter((q) => MESSAGES_PATH.test(q.path))
					.map((q) => idOf(q, MESSAGES_PATH));
				const reset = posts.filter((q) => RESET_PATH.test(q.path)).map((q) => idOf(q, RESET_PATH));
				assert.deepEqual(sorted(messaged), expected, 'one Add Message per idle bot session');
				assert.deepEqual(sorted(reset), expected, 'one Reset per idle bot session');
				assert.equal(
					posts.length,
					2 * expected.length,
					`no other POST (got ${posts.map((q) => q.path).join(', ')})`,
				);
				assert.ok(
					sandbox.requests.every((q) => q.status === 200),
					'every request succeeded',
				);

				const out = r.items['Hand over to a human'];
				assert.deepEqual(sorted(out.map((j) => j.ChatSessionId)), expected);
				assert.ok(out.every((j) => j.Status === 'InQueue' && j.ChatbotIsActive === false));
				for (const s of before) {
					const after = sandbox.getSession(s.ChatSessionId);
					if (expected.includes(s.ChatSessionId)) {
						assert.equal(after.ChatbotIsActive, false);
						const texts = sandbox.getMessages(s.ChatSessionId).map((m) => m.Message);
						assert.ok(
							texts.includes('A colleague takes over this chat in a moment.'),
							`session ${s.ChatSessionId} got the message`,
						);
					} else {
						assert.equal(after.Status, s.Status, `session ${s.ChatSessionId} untouched`);
						assert.equal(
							after.ChatbotIsActive,
							s.ChatbotIsActive,
							`session ${s.ChatSessionId} untouched`,
						);
					}
				}
			},
		);

		test('loads as an AI tool; both credential types are known and usable in the editor; the credential test', async (t) => {
			const { server } = stage;
			const names = await inst.listNodeTypes();
			for (const t of [`${PKG}.superOffice`, `${PKG}.superOfficeTool`])
				assert.ok(names.includes(t), `${t} is loaded`);
			const types = await inst.readNodeTypes();
			const tool = types.find((t) => t.name === `${PKG}.superOfficeTool`);
			assert.deepEqual(tool.outputs, ['ai_tool'], 'the tool variant outputs ai_tool');
			assert.deepEqual(tool.credentials.map((c) => c.name).sort(), [
				'superOfficeApi',
				'superOfficeOAuth2Api',
			]);

			const credTypes = await server.request('GET', '/types/credentials.json');
			assert.equal(credTypes.status, 200);
			const known = new Map(credTypes.json.map((c) => [c.name, c]));
			assert.ok(known.has('superOfficeApi'), 'credential type superOfficeApi is loaded');
			assert.ok(
				known.has('superOfficeOAuth2Api'),
				'credential type superOfficeOAuth2Api is loaded',
			);
			assert.deepEqual(known.get('superOfficeOAuth2Api').extends, ['oAuth2Api']);
			// n8n links both credential types to the node (the editor's credential picker uses this).
			const forNode = credTypes.json
				.filter((c) => c.supportedNodes?.includes(`${PKG}.superOffice`))
				.map((c) => c.name);
			assert.deepEqual(forNode.sort(), ['superOfficeApi', 'superOfficeOAuth2Api']);

			// The editor's "Test" button: the credential type's declarative test, signed by the
			// credential's authenticate, against the sandbox.
			sandbox.clearRequests();
			const answers = [];
			const testCredential = async (label, data) => {
				// The stored credential (n8n 2.41 requires an id), with values typed over it.
				const res = await server.request('POST', '/rest/credentials/test', {
					credentials: { ...creds.basic, data: { ...creds.basic.data, ...data } },
				});
				assert.equal(res.status, 200, res.text.slice(0, 300));
				for (const secret of [...SANDBOX_SECRETS, 'Wrong-Passw0rd-e2e'])
					assert.ok(!res.text.includes(secret), `the credential test (${label}) repeats a secret`);
				answers.push({ label, ...res.json.data });
				return res.json.data;
			};
			assert.deepEqual(await testCredential('ok', {}), {
				status: 'OK',
				message: 'Connection successful!',
			});
			const wrong = await testCredential('401', { password: 'Wrong-Passw0rd-e2e' });
			assert.equal(wrong.status, 'Error');
			assert.ok(
				[ruleMessage(401), N8N_401].includes(wrong.message),
				`401 answered ${wrong.message}`,
			);
			// A Base URL that redirects to another host: the test fails there, and neither the
			// ticket nor the app token reaches the other host.
			const otherHost = await createSandbox({ host: '127.0.0.2', port: 0 });
			try {
				for (const status of [302, 307]) {
					sandbox.faults.script([
						{
							fault: {
								type: 'redirect',
								status,
								location: `${otherHost.apiUrl}/User/currentPrincipal`,
							},
						},
					]);
					const moved = await testCredential(String(status), {
						authScheme: 'soTicket',
						ticket: SB.ticket,
						appToken: SB.appToken,
					});
					assert.equal(moved.status, 'Error', `a ${status} redirect passed the credential test`);
				}
				assert.deepEqual(
					otherHost.requests.map((q) => q.path),
					[],
					'the credential test followed a redirect to another host',
				);
			} finally {
				await otherHost.close();
			}
			t.diagnostic(`credential test answers of n8n ${version}: ${JSON.stringify(answers)}`);
			// n8n 1.123 sends a request answered 401 a second time (its httpRequestWithAuthentication retry).
			const seen = sandbox.requests
				.map((q) => `${q.method} ${q.apiPath} ${q.status}`)
				.filter((line, i, all) => line !== all[i - 1]);
			assert.deepEqual(seen, [
				'GET /User/currentPrincipal 200',
				'GET /User/currentPrincipal 401',
				'GET /User/currentPrincipal 302',
				'GET /User/currentPrincipal 307',
			]);
			assert.equal(sandbox.requests[0].headers.authorization, basic(SB.username, SB.password));
			assert.equal(
				sandbox.requests.find((q) => q.status === 302).headers['so-apptoken'],
				SB.appToken,
			);
			const oauth = await server.request('POST', '/rest/credentials', {
				name: 'e2e SuperOffice OAuth2',
				type: 'superOfficeOAuth2Api',
				data: {
					environment: 'online',
					baseUrl: sandbox.webClientUrl,
					clientId: 'e2e-client',
					clientSecret: 'e2e-secret',
				},
			});
			assert.equal(oauth.status, 200, oauth.text.slice(0, 300));
			assert.equal(oauth.json.data.type, 'superOfficeOAuth2Api');
		});

		test('n8n start with an owner; nothing loaded as CUSTOM.*; n8n tried to call nothing off this machine', async () => {
			const me = await stage.server.request('GET', '/rest/login');
			assert.equal(me.status, 200, me.text.slice(0, 500));
			assert.equal(me.json.data.email, stage.server.owner.email);
			const names = await inst.listNodeTypes();
			assert.ok(names.includes('n8n-nodes-base.manualTrigger'), 'the base nodes are loaded');
			assert.ok(!names.some((n) => n.startsWith('CUSTOM.')), 'nothing loaded as CUSTOM.*');
			// no DNS here: any attempt shows as ENOTFOUND/EAI_AGAIN, or on the sink port 9 of QUIET_ENV
			const outbound = stage
				.logs()
				.split('\n')
				.filter((l) => /ENOTFOUND|EAI_AGAIN|getaddrinfo|127\.0\.0\.1:9\b/.test(l));
			assert.deepEqual(outbound, [], 'n8n tried to call out');
		});

		test('no sandbox secret in any n8n output of this version', () => {
			assert.ok(runOutputs.length > 0);
			for (const { id, text } of [...runOutputs, { id: 'server', text: stage.logs() }]) {
				for (const secret of SANDBOX_SECRETS)
					assert.ok(
						!text.includes(secret),
						`run ${id} printed a sandbox secret (${secret.slice(0, 4)}…)`,
					);
			}
		});
	});
}
