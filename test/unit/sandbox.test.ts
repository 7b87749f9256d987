/**
 * The SuperOffice sandbox (test/sandbox): auth, routing and the chat-session endpoints,
 * exercised over real HTTP with Node's fetch.
 */
import {
	createSandbox,
	SANDBOX_DEFAULTS,
	SAMPLE_SESSION_464,
	SEED_IDS,
	SESSION_KEYS,
	MESSAGE_KEYS,
	buildSession,
	formatSoDate,
	parseSoDate,
} from '../sandbox';
import { basicAuth, callApi, defaultAuthorization } from '../sandbox/testing';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

const SO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}[+-]\d{2}:\d{2}$/;
const clock = { now: new Date('2026-01-15T10:00:00.000Z') };
let sb: Sandbox;
const api = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(sb.apiUrl, path, init);

beforeAll(async () => {
	sb = await createSandbox({ now: () => clock.now });
});
afterAll(() => sb.close());
beforeEach(() => {
	clock.now = new Date('2026-01-15T10:00:00.000Z');
	sb.reseed('default');
	sb.clearRequests();
	sb.faults.clear();
	sb.state.agentsAvailable = true;
	sb.setNotMemberOfTopics([]);
});

/** The error body every API error carries; it must not contain any of `secrets`. */
function expectErrorBody(
	r: { json: any; text: string },
	errorType?: string,
	secrets: string[] = [],
) {
	expect(r.json).toEqual({
		Error: true,
		ErrorType: expect.any(String),
		Message: expect.any(String),
		ErrorSource: expect.any(String),
	});
	if (errorType) expect(r.json.ErrorType).toBe(errorType);
	for (const s of secrets) expect(r.text).not.toContain(s);
}

describe('URLs', () => {
	it('exposes the web client URL, the API root and the port on 127.0.0.1', () => {
		expect(sb.webClientUrl).toBe(`http://127.0.0.1:${sb.port}/Cust12345`);
		expect(sb.apiUrl).toBe(`${sb.webClientUrl}/api/v1`);
		expect(sb.port).toBeGreaterThan(0);
		expect(SANDBOX_DEFAULTS.tenant).toBe('Cust12345');
	});
});

describe('authentication', () => {
	it.each(['basic', 'soTicket', 'bearer'] as const)(
		'accepts the default %s credentials',
		async (scheme) => {
			const r = await api('/User/currentPrincipal', {
				headers: { authorization: defaultAuthorization(scheme) },
			});
			expect(r.status).toBe(200);
			expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
			expect(r.json).toMatchObject({
				AssociateId: 5,
				UserName: 'sandbox-user',
				FullName: 'Sandra Box',
				EMailAddress: 'sandra.box@example.com',
				DatabaseContextIdentifier: 'Cust12345',
			});
			expect(r.json.ProvidedCredentials[0].Type).toBe(scheme);
		},
	);

	it('treats the scheme name case-insensitively', async () => {
		for (const header of [
			`soticket ${SANDBOX_DEFAULTS.ticket}`,
			`SOTICKET ${SANDBOX_DEFAULTS.ticket}`,
			`bearer ${SANDBOX_DEFAULTS.bearerToken}`,
			`BASIC ${basicAuth('sandbox-user', SANDBOX_DEFAULTS.password).slice(6)}`,
		]) {
			expect(
				(await api('/User/currentPrincipal', { headers: { authorization: header } })).status,
			).toBe(200);
		}
	});

	it('rejects missing, wrong and unsupported credentials with 401 and never echoes them', async () => {
		const wrongPass = basicAuth('sandbox-user', 'Wrong-Pass-Leak-1');
		const cases: Array<[string, string[]]> = [
			['', []],
			[wrongPass, ['Wrong-Pass-Leak-1', wrongPass.slice(6)]],
			[basicAuth('nobody', SANDBOX_DEFAULTS.password), [SANDBOX_DEFAULTS.password]],
			['SOTicket 7T:wrong-ticket-Leak-2', ['7T:wrong-ticket-Leak-2']],
			['Bearer 8A:wrong-token-Leak-3', ['8A:wrong-token-Leak-3']],
			['Digest secret-Leak-4', ['secret-Leak-4']],
			['JustATokenLeak5', ['JustATokenLeak5']],
			['Basic', []],
			['Basic not-base64!Leak6', ['Leak6']],
		];
		for (const [authorization, secrets] of cases) {
			const r = await api('/User/currentPrincipal', { headers: { authorization } });
			expect(r.status).toBe(401);
			expectErrorBody(r, 'UnauthorizedAccessException', secrets);
		}
	});

	it('answers 403 for the expired bearer token', async () => {
		const r = await api('/User/currentPrincipal', {
			headers: { authorization: `Bearer ${SANDBOX_DEFAULTS.expiredBearerToken}` },
		});
		expect(r.status).toBe(403);
		expectErrorBody(r, undefined, [SANDBOX_DEFAULTS.expiredBearerToken]);
	});

	it('treats the app token as optional but checks it when sent', async () => {
		expect((await api('/User/currentPrincipal')).status).toBe(200);
		expect(
			(
				await api('/User/currentPrincipal', {
					headers: { 'so-apptoken': SANDBOX_DEFAULTS.appToken },
				})
			).status,
		).toBe(200);
		const bad = await api('/User/currentPrincipal', {
			headers: { 'so-apptoken': 'app-token-Leak-7' },
		});
		expect(bad.status).toBe(401);
		expectErrorBody(bad, 'UnauthorizedAccessException', ['app-token-Leak-7']);
	});

	it('can require the app token for every scheme or only for SOTicket', async () => {
		const all = await createSandbox({ seed: 'empty', auth: { requireAppToken: true } });
		const ticketOnly = await createSandbox({
			seed: 'empty',
			auth: { requireAppToken: 'soTicket' },
		});
		try {
			const app = { 'so-apptoken': SANDBOX_DEFAULTS.appToken };
			expect((await callApi(all.apiUrl, '/User/currentPrincipal')).status).toBe(401);
			expect((await callApi(all.apiUrl, '/User/currentPrincipal', { headers: app })).status).toBe(
				200,
			);
			const ticket = { authorization: defaultAuthorization('soTicket') };
			expect((await callApi(ticketOnly.apiUrl, '/User/currentPrincipal')).status).toBe(200);
			expect(
				(await callApi(ticketOnly.apiUrl, '/User/currentPrincipal', { headers: ticket })).status,
			).toBe(401);
			expect(
				(
					await callApi(ticketOnly.apiUrl, '/User/currentPrincipal', {
						headers: { ...ticket, ...app },
					})
				).status,
			).toBe(200);
		} finally {
			await Promise.all([all.close(), ticketOnly.close()]);
		}
	});

	it('accepts configured users, tickets and tokens, and can disable schemes', async () => {
		const custom = await createSandbox({
			seed: 'empty',
			auth: {
				users: [{ username: 'anna.agent', password: 'Anna-Pw-1', associateId: 12 }],
				tickets: [{ ticket: '7T:carl', associateId: 14 }],
				tokens: [{ token: '8A:bob', associateId: 13 }],
				schemes: ['basic', 'soTicket', 'bearer'],
			},
		});
		const onlineOnly = await createSandbox({
			seed: 'empty',
			auth: { schemes: ['bearer', 'soTicket'] },
		});
		try {
			const who = async (authorization: string) =>
				(await callApi(custom.apiUrl, '/User/currentPrincipal', { headers: { authorization } }))
					.json?.AssociateId;
			expect(await who(basicAuth('ANNA.agent', 'Anna-Pw-1'))).toBe(12);
			expect(await who('SOTicket 7T:carl')).toBe(14);
			expect(await who('Bearer 8A:bob')).toBe(13);
			expect(await who(defaultAuthorization('basic'))).toBeUndefined();
			expect((await callApi(onlineOnly.apiUrl, '/User/currentPrincipal')).status).toBe(401);
			expect(
				(
					await callApi(onlineOnly.apiUrl, '/User/currentPrincipal', {
						headers: { authorization: defaultAuthorization('bearer') },
					})
				).status,
			).toBe(200);
		} finally {
			await Promise.all([custom.close(), onlineOnly.close()]);
		}
	});

	it('records the headers exactly as the client sent them', async () => {
		const headers = {
			authorization: defaultAuthorization('soTicket'),
			accept: 'application/json',
			'accept-language': 'sv',
			'so-language': 'no',
			'so-culture': 'nb',
			'so-timezone': 'NO, includeTZOffset',
			'so-apptoken': SANDBOX_DEFAULTS.appToken,
		};
		await api('/User/currentPrincipal?x=1&x=2', { headers });
		const [rec] = sb.requestsFor('GET', /\/User\/currentPrincipal$/);
		expect(rec.headers).toMatchObject(headers);
		expect(rec.query).toEqual({ x: ['1', '2'] });
		expect(rec).toMatchObject({
			method: 'GET',
			path: '/Cust12345/api/v1/User/currentPrincipal',
			apiPath: '/User/currentPrincipal',
			status: 200,
			principal: 5,
		});
		expect(rec.endedAt).toBeGreaterThanOrEqual(rec.startedAt);
		expect(sb.requestsFor('POST', /currentPrincipal/)).toHaveLength(0);
		expect(sb.requestsFor('*', 'currentPrincipal')).toHaveLength(1);
	});
});

describe('routing', () => {
	it('answers 404 with an IIS-like HTML page outside /{tenant}/api/v1/', async () => {
		const base = `http://127.0.0.1:${sb.port}`;
		for (const url of [
			`${base}/api/v1/User/currentPrincipal`,
			`${base}/Cust99999/api/v1/User/currentPrincipal`,
			`${sb.webClientUrl}/api/v2/User/currentPrincipal`,
			`${sb.webClientUrl}/User/currentPrincipal`,
		]) {
			const res = await fetch(url, { headers: { authorization: defaultAuthorization('basic') } });
			expect(res.status).toBe(404);
			expect(res.headers.get('content-type')).toMatch(/^text\/html/);
			expect(await res.text()).toContain('<html');
		}
		expect(sb.requests.map((r) => r.apiPath)).toEqual([null, null, null, null]);
	});

	it('matches routes case-insensitively, like IIS', async () => {
		expect((await api('/chatsession/464')).status).toBe(200);
		expect(
			(await callApi(`http://127.0.0.1:${sb.port}/cust12345/API/V1`, '/user/CURRENTPRINCIPAL'))
				.status,
		).toBe(200);
	});

	it('answers 404 with a JSON error body for unknown API routes', async () => {
		const r = await api('/NoSuchThing/1');
		expect(r.status).toBe(404);
		expectErrorBody(r);
	});

	it('answers 405 with Allow for a known path and the wrong method', async () => {
		const r = await api('/ChatSession/464', { method: 'DELETE' });
		expect(r.status).toBe(405);
		expect(r.headers.get('allow')).toContain('GET');
		expectErrorBody(r);
		const topics = await api('/ChatTopic');
		expect(topics.status).toBe(405);
		expect(topics.headers.get('allow')).toBe('POST');
		expect((await api('/ChatSession/464/Reset')).status).toBe(405);
	});

	it('answers 406 when the client accepts only XML, JSON otherwise', async () => {
		expect((await api('/ChatSession/464', { headers: { accept: 'application/xml' } })).status).toBe(
			406,
		);
		expect(
			(await api('/ChatSession/464', { headers: { accept: 'text/xml, application/xml;q=0.9' } }))
				.status,
		).toBe(406);
		for (const accept of [
			'application/json; charset=utf-8',
			'text/json',
			'*/*',
			'application/xml, application/json;q=0.5',
			'',
		]) {
			expect((await api('/ChatSession/464', { headers: { accept } })).status).toBe(200);
		}
	});
});

describe('POST ChatSession/{id}/Reset', () => {
	it('starts with the documented sample session 464', () => {
		expect(sb.getSession(464)).toEqual(SAMPLE_SESSION_464);
		expect(Object.keys(sb.getSession(464)!)).toEqual(SESSION_KEYS);
		expect(SESSION_KEYS).toHaveLength(33);
	});

	it('puts the session back in the queue and answers the full entity in documented key order', async () => {
		const r = await api('/ChatSession/464/Reset', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(Object.keys(r.json)).toEqual(SESSION_KEYS);
		expect(r.json).toEqual({
			...SAMPLE_SESSION_464,
			Status: 'InQueue',
			ChatbotIsActive: false,
			User: null,
			TransferTo: null,
			WhenIdle: formatSoDate(clock.now, 'Europe/Oslo'),
		});
		expect(r.json.WhenIdle).toMatch(SO_DATE);
		expect(sb.sessions.get(464)!.Status).toBe('InQueue');
	});

	it('hands an active bot session to the humans', async () => {
		const id = SEED_IDS.botActive[2];
		expect(sb.getSession(id)).toMatchObject({ ChatbotIsActive: true, Status: 'CustomerLast' });
		const r = await api(`/ChatSession/${id}/Reset`, { method: 'POST' });
		expect(r.json).toMatchObject({
			ChatSessionId: id,
			Status: 'InQueue',
			ChatbotIsActive: false,
			User: null,
			TransferTo: null,
		});
		expect(sb.getSession(id)).toEqual(r.json);
	});

	it('clears the user and a pending transfer', async () => {
		const id = SEED_IDS.pendingTransfer;
		expect(sb.getSession(id)!.TransferTo).toMatchObject({ AssociateId: 5 });
		const r = await api(`/ChatSession/${id}/Reset`, { method: 'POST' });
		expect(r.json).toMatchObject({ User: null, TransferTo: null, Status: 'InQueue' });
	});

	it('is idempotent', async () => {
		const first = await api('/ChatSession/905/Reset', { method: 'POST' });
		const second = await api('/ChatSession/905/Reset', { method: 'POST' });
		expect(second.json).toEqual(first.json);
	});

	it('answers 404 with an error body for an unknown id and creates nothing', async () => {
		const r = await api('/ChatSession/999999/Reset', { method: 'POST' });
		expect(r.status).toBe(404);
		expectErrorBody(r);
		expect(sb.sessions.has(999999)).toBe(false);
	});

	it.each(['abc', '0', '-1', '1.5', '2147483648', '99999999999', '%20', '1e3'])(
		'answers 400 for the id %p',
		async (id) => {
			const r = await api(`/ChatSession/${id}/Reset`, { method: 'POST' });
			expect(r.status).toBe(400);
			expectErrorBody(r, 'ArgumentException');
		},
	);

	it('moves the session to OfflineForm when no agent is available', async () => {
		sb.state.agentsAvailable = false;
		expect((await api('/ChatSession/901/Reset', { method: 'POST' })).json.Status).toBe(
			'OfflineForm',
		);
	});

	it('has the Agents RPC twin, which answers null for a missing id', async () => {
		const r = await api('/Agents/Chat/ResetChatSession', {
			method: 'POST',
			body: { ChatSessionId: 906 },
		});
		expect(r.json).toMatchObject({ ChatSessionId: 906, Status: 'InQueue', ChatbotIsActive: false });
		const missing = await api('/Agents/Chat/ResetChatSession', {
			method: 'POST',
			body: { ChatSessionId: 999999 },
		});
		expect(missing.status).toBe(200);
		expect(missing.text).toBe('null');
		expect((await api('/Agents/Chat/ResetChatSession', { method: 'POST', body: {} })).status).toBe(
			400,
		);
	});
});

describe('GET ChatSession/{id}', () => {
	it('answers the entity plus _Links', async () => {
		const r = await api('/ChatSession/464');
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual([...SESSION_KEYS, '_Links']);
		expect(r.json._Links).toEqual({
			Self: `${sb.apiUrl}/ChatSession/464`,
			Archive: `${sb.apiUrl}/ChatSession`,
		});
		const { _Links, ...entity } = r.json;
		expect(entity).toEqual(SAMPLE_SESSION_464);
	});

	it('answers 404 for an unknown id and 400 for a bad one', async () => {
		expect((await api('/ChatSession/424242')).status).toBe(404);
		expect((await api('/ChatSession/x')).status).toBe(400);
	});

	it('nulls out fields not in $select', async () => {
		const r = await api('/ChatSession/901?$select=Status,chatbotIsActive');
		expect(r.json).toMatchObject({
			ChatSessionId: 901,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			CustomerName: null,
			WhenIdle: null,
		});
	});
});

describe('GET ChatSession/ForCurrentUser', () => {
	it("lists the principal's sessions, transfers to them, the queue and active bot sessions", async () => {
		const r = await api('/ChatSession/ForCurrentUser');
		const ids: number[] = r.json.map((s: { ChatSessionId: number }) => s.ChatSessionId);
		expect(ids).toEqual([...SEED_IDS.botActive, 911, 912, 916, ...SEED_IDS.inQueue]);
		for (const s of r.json) expect(Object.keys(s)).toEqual(SESSION_KEYS);
	});

	it('leaves out the sessions of topics the principal is not a member of (setNotMemberOfTopics)', async () => {
		sb.putSession({
			ChatSessionId: 960,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			TopicId: 3,
		});
		sb.setNotMemberOfTopics([2]);
		const ids = (await api('/ChatSession/ForCurrentUser')).json.map(
			(s: { ChatSessionId: number; TopicId: number }) => s.ChatSessionId,
		);
		expect(ids).toContain(960);
		for (const id of SEED_IDS.botActive) expect(ids).not.toContain(id); // topic 2
		// Other endpoints still serve them.
		expect((await api('/ChatSession/901')).status).toBe(200);
		sb.setNotMemberOfTopics([]);
		expect((await api('/ChatSession/ForCurrentUser')).json.length).toBeGreaterThan(ids.length);
		expect(() => sb.setNotMemberOfTopics([0])).toThrow(TypeError);
	});
});

describe('request counts per endpoint', () => {
	it('counts recorded API requests by method and path, ids as {id}', async () => {
		await api('/ChatSession?$select=chatSessionId');
		await api('/ChatSession/ForCurrentUser');
		const since = sb.requests.at(-1)!.seq;
		await api('/ChatSession/901');
		await api('/ChatSession/902');
		await api('/ChatSession/902/Messages');
		expect(sb.requestCounts()).toEqual({
			'GET ChatSession': 1,
			'GET ChatSession/ForCurrentUser': 1,
			'GET ChatSession/{id}': 2,
			'GET ChatSession/{id}/Messages': 1,
		});
		expect(sb.requestCounts(since)).toEqual({
			'GET ChatSession/{id}': 2,
			'GET ChatSession/{id}/Messages': 1,
		});
	});
});

describe('SO-TimeZone', () => {
	// 901 is idle 1 minute at 2026-01-15T10:00Z: WhenIdle 10:59 in Oslo (+01:00) = 09:59 UTC.
	const whenIdle = async (header?: string) =>
		(
			await api('/ChatSession/901', {
				headers: header === undefined ? {} : { 'SO-TimeZone': header },
			})
		).json.WhenIdle as string;

	it('without it: dates in the sandbox zone, with offset', async () => {
		expect(await whenIdle()).toMatch(/^2026-01-15T10:59:00\.\d{7}\+01:00$/);
	});

	it('a code alone: wall-clock time of that zone, without offset', async () => {
		expect(await whenIdle('UTC')).toMatch(/^2026-01-15T09:59:00\.\d{7}$/);
		expect(await whenIdle('US-NY')).toMatch(/^2026-01-15T04:59:00\.\d{7}$/);
	});

	it('code, includeTZOffset: that zone with its offset', async () => {
		expect(await whenIdle('UTC, includeTZOffset')).toMatch(/^2026-01-15T09:59:00\.\d{7}\+00:00$/);
		expect(await whenIdle('JP,includeTZOffset')).toMatch(/^2026-01-15T18:59:00\.\d{7}\+09:00$/);
		expect(await whenIdle('us-ny, includetzoffset')).toMatch(/^2026-01-15T04:59:00\.\d{7}-05:00$/);
	});

	it('applies to lists, archive rows and messages; an unknown code changes nothing', async () => {
		const list = (await api('/ChatSession/ForCurrentUser', { headers: { 'SO-TimeZone': 'UTC' } }))
			.json as Array<{ WhenIdle: string | null; WhenRequested: string }>;
		expect(list.every((s) => !/[+-]\d{2}:\d{2}$/.test(s.WhenRequested))).toBe(true);
		const rows = (
			await api(
				'/ChatSession?$select=chatSessionId,whenRequested,updatedDate&$filter=chatSessionId eq 901',
				{
					headers: { 'SO-TimeZone': 'UTC' },
				},
			)
		).json.value;
		expect(rows[0].whenRequested).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
		expect(rows[0].updatedDate).toMatch(/\.\d{7}$/);
		const messages = (
			await api('/ChatSession/901/Messages', { headers: { 'SO-TimeZone': 'UTC, includeTZOffset' } })
		).json as Array<{ WhenPosted: string }>;
		expect(messages.length).toBeGreaterThan(0);
		for (const m of messages) expect(m.WhenPosted).toMatch(/\+00:00$/);
		expect(await whenIdle('XX-NOWHERE')).toMatch(/\+01:00$/);
	});
});

describe('POST ChatSession/{id}/TransferTo/{toAssociate}', () => {
	it("sets TransferTo of the principal's own session by user name or associate id and answers the entity", async () => {
		const r = await api('/ChatSession/911/TransferTo/anna.agent', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(r.json.TransferTo).toMatchObject({
			AssociateId: 12,
			UserName: 'anna.agent',
			FullName: 'Anna Agent',
		});
		expect(r.json.User).toMatchObject({ AssociateId: 5 });
		const byId = await api('/ChatSession/911/TransferTo/14', { method: 'POST' });
		expect(byId.json.TransferTo).toMatchObject({ AssociateId: 14 });
		expect(sb.getSession(911)!.TransferTo!.AssociateId).toBe(14);
	});

	it.each([
		[913, "another user's session"],
		[903, 'a bot session (User null)'],
	])(
		'leaves %p (%s) unchanged: "if the session does not belong to the user, nothing happens"',
		async (id) => {
			const before = sb.getSession(id);
			const r = await api(`/ChatSession/${id}/TransferTo/sandbox-user`, { method: 'POST' });
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ ChatSessionId: id, TransferTo: null });
			expect(sb.getSession(id)).toEqual(before);
		},
	);

	it('answers 400 for an unknown associate and 404 for an unknown session', async () => {
		const r = await api('/ChatSession/913/TransferTo/nobody', { method: 'POST' });
		expect(r.status).toBe(400);
		expectErrorBody(r, 'ArgumentException');
		expect((await api('/ChatSession/777777/TransferTo/5', { method: 'POST' })).status).toBe(404);
	});
});

describe('POST ChatSession/{id}/Pickup', () => {
	it('assigns a queued session to the principal', async () => {
		const before = sb.getMessages(921).length;
		const r = await api('/ChatSession/921/Pickup', { method: 'POST' });
		expect(r.json).toMatchObject({
			ChatSessionId: 921,
			Status: 'UserLast',
			ChatbotIsActive: false,
			User: { AssociateId: 5 },
		});
		expect(r.json.WhenStarted).toMatch(SO_DATE);
		const msgs = sb.getMessages(921);
		expect(msgs).toHaveLength(before + 1);
		expect(msgs[msgs.length - 1]).toMatchObject({ Type: 'ToCustomer', SpecialType: 'Welcome' });
	});

	it('answers null and changes nothing when the session is not in the queue', async () => {
		const before = sb.getSession(903);
		const r = await api('/ChatSession/903/Pickup', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(r.text).toBe('null');
		expect(sb.getSession(903)).toEqual(before);
		expect((await api('/ChatSession/888888/Pickup', { method: 'POST' })).status).toBe(404);
	});
});

describe('ChatSession/{id}/Messages', () => {
	it('lists messages in id order with the documented keys, and after= filters', async () => {
		const r = await api('/ChatSession/903/Messages');
		expect(r.status).toBe(200);
		expect(r.json.length).toBeGreaterThanOrEqual(3);
		for (const m of r.json) {
			expect(Object.keys(m)).toEqual(MESSAGE_KEYS);
			expect(m.ChatSessionId).toBe(903);
			expect(m.WhenPosted).toMatch(SO_DATE);
		}
		const ids = r.json.map((m: { ChatMessageId: number }) => m.ChatMessageId);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		const after = await api(`/ChatSession/903/Messages?after=${ids[0]}`);
		expect(after.json.map((m: { ChatMessageId: number }) => m.ChatMessageId)).toEqual(ids.slice(1));
		expect((await api('/ChatSession/903/Messages?after=abc')).status).toBe(400);
		expect((await api('/ChatSession/555555/Messages')).status).toBe(404);
	});

	it('stores a posted message and updates LastMessage, WhenIdle and Status', async () => {
		clock.now = new Date('2026-01-15T10:05:00.000Z');
		const before = await api('/ChatSession/903/Messages');
		const maxId = Math.max(...before.json.map((m: { ChatMessageId: number }) => m.ChatMessageId));
		const r = await api('/ChatSession/903/Messages', {
			method: 'POST',
			body: { Message: 'A human will take over', Type: 'ToCustomer', Author: 'Sandbox Bot' },
		});
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(MESSAGE_KEYS);
		expect(r.json).toMatchObject({
			ChatSessionId: 903,
			Message: 'A human will take over',
			Type: 'ToCustomer',
			Author: 'Sandbox Bot',
			SpecialType: 'None',
		});
		expect(r.json.ChatMessageId).toBeGreaterThan(maxId);
		expect(sb.getSession(903)).toMatchObject({
			LastMessage: 'A human will take over',
			WhenIdle: formatSoDate(clock.now),
			Status: 'UserLast',
		});
		const after = await api(`/ChatSession/903/Messages?after=${maxId}`);
		expect(after.json).toEqual([r.json]);
		const customer = await api('/ChatSession/904/Messages', {
			method: 'POST',
			body: { Message: 'hello?', Type: 'ToUser' },
		});
		expect(customer.json.Author).toBe('Sandra Box');
		expect(sb.getSession(904)!.Status).toBe('CustomerLast');
	});

	it('rejects bad bodies and types with 400', async () => {
		for (const body of [
			'not json',
			[1, 2],
			{ Message: 'x', Type: 'Shout' },
			{ Message: 'x', SpecialType: 'Nope' },
			{ Message: 42 },
		]) {
			const r = await api('/ChatSession/903/Messages', { method: 'POST', body });
			expect(r.status).toBe(400);
			expectErrorBody(r, 'ArgumentException');
		}
		expect((await api('/ChatSession/903/Messages', { method: 'POST' })).status).toBe(400);
	});
});

describe('topics and users', () => {
	it('lists topics for the current user and reads one topic', async () => {
		const r = await api('/ChatTopic/ForCurrentUser');
		expect(r.json.map((t: { ChatTopicId: number }) => t.ChatTopicId)).toEqual([1, 2, 3, 371]);
		expect(r.json[0]).toMatchObject({
			ChatTopicId: 1,
			Name: 'Sales',
			Description: expect.any(String),
		});
		const one = await api('/ChatTopic/2');
		expect(one.json).toMatchObject({
			ChatTopicId: 2,
			Name: 'Support',
			BotEnabled: true,
			_Links: { Self: `${sb.apiUrl}/ChatTopic/2` },
		});
		expect((await api('/ChatTopic/77')).status).toBe(404);
	});

	it("lists one topic's sessions as an OData archive", async () => {
		const r = await api(
			'/ChatTopic/2/Sessions?$select=chatSessionId,chatTopic/chatTopicId&$top=1000',
		);
		const expected = [...sb.sessions.values()]
			.filter((s) => s.TopicId === 2)
			.map((s) => s.ChatSessionId)
			.sort((a, b) => a - b);
		expect(r.json.value.map((v: { chatSessionId: number }) => v.chatSessionId)).toEqual(expected);
		expect(
			r.json.value.every((v: Record<string, unknown>) => v['chatTopic/chatTopicId'] === 2),
		).toBe(true);
		expect((await api('/ChatTopic/77/Sessions')).status).toBe(404);
	});

	it('lists users (AllUsers archive) for pick lists', async () => {
		const r = await api('/User?$select=associateDbId,userName,fullName');
		expect(r.json.value).toContainEqual({
			PrimaryKey: 5,
			EntityName: 'associate',
			associateDbId: 5,
			userName: 'sandbox-user',
			fullName: 'Sandra Box',
		});
		expect(r.json.value).toHaveLength(5);
	});
});

describe('seed', () => {
	it('is deterministic, ~300 sessions, dates in SuperOffice format relative to now', async () => {
		const other = await createSandbox({ now: () => new Date('2026-01-15T10:00:00.000Z') });
		try {
			expect(sb.sessions.size).toBe(SEED_IDS.total);
			expect(JSON.stringify([...other.sessions.values()])).toBe(
				JSON.stringify([...sb.sessions.values()]),
			);
			for (const s of sb.sessions.values()) {
				expect(Object.keys(s)).toEqual(SESSION_KEYS);
				if (s.ChatSessionId === 464) continue;
				for (const k of [
					'WhenRequested',
					'WhenStarted',
					'WhenEnded',
					'WhenIdle',
					'WhenFetched',
				] as const) {
					if (s[k] !== null) expect(s[k]).toMatch(SO_DATE);
				}
			}
		} finally {
			await other.close();
		}
	});

	it('has active bot sessions idle for 1, 2, 4, 6, 10 and 30 minutes', () => {
		for (const id of SEED_IDS.botActive) {
			const s = sb.getSession(id)!;
			expect(s).toMatchObject({ ChatbotIsActive: true, User: null });
			expect(['CustomerLast', 'UserLast']).toContain(s.Status);
			const idleMin = (clock.now.getTime() - parseSoDate(s.WhenIdle)) / 60000;
			expect(Math.round(idleMin)).toBe((SEED_IDS.botIdleMinutes as Record<number, number>)[id]);
		}
		const counts: Record<string, number> = {};
		for (const s of sb.sessions.values()) counts[s.Status] = (counts[s.Status] ?? 0) + 1;
		expect(counts.InQueue).toBe(5);
		expect(counts.Closed).toBeGreaterThan(50);
		expect(counts.Finished).toBeGreaterThan(50);
		for (const id of SEED_IDS.humanActive)
			expect(sb.getSession(id)).toMatchObject({
				ChatbotIsActive: false,
				User: expect.objectContaining({ AssociateId: expect.any(Number) }),
			});
	});

	it('reseeds with empty or custom sessions built by buildSession', async () => {
		sb.reseed('empty');
		expect(sb.sessions.size).toBe(0);
		sb.reseed([
			{ ChatSessionId: 7, Status: 'UserLast', ChatbotIsActive: true },
			buildSession({ ChatSessionId: 8, User: 'anna.agent', Status: 6 }),
		]);
		expect(sb.getSession(7)).toMatchObject({
			Status: 'UserLast',
			ChatbotIsActive: true,
			FieldProperties: {},
		});
		expect(sb.getSession(8)).toMatchObject({ Status: 'UserLast', User: { AssociateId: 12 } });
		const put = sb.putSession({ Status: 'InQueue' });
		expect(put.ChatSessionId).toBe(9);
		expect((await api('/ChatSession/9/Reset', { method: 'POST' })).status).toBe(200);
		expect(() => buildSession({ Stauts: 'InQueue' })).toThrow(
			/unknown ChatSessionEntity key 'Stauts'/,
		);
		expect(() => buildSession({ Status: 'Sleeping' })).toThrow(/unknown Status/);
	});
});
