import { parseSoDate, SANDBOX_DEFAULTS } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { expectNoSecrets, idsAsItems, runSuperOffice, sandboxCredential } from './support';

const sandbox = useSandbox();

const byId = { chatSessionId: '={{ $json.id }}' };

function resetRequests() {
	return sandbox.requests.filter(
		(r) => r.method === 'POST' && /\/ChatSession\/\d+\/Reset$/.test(r.path),
	);
}

/** A bot session from the default seed, still with the bot active. */
function activeBotSessionIds(count: number): number[] {
	const ids = [...sandbox.sessions.values()]
		.filter((s) => s.ChatbotIsActive === true)
		.map((s) => s.ChatSessionId as number)
		.sort((a, b) => a - b);
	expect(ids.length).toBeGreaterThanOrEqual(count);
	return ids.slice(0, count);
}

describe('Chat Session → Reset through n8n-core with the sandbox', () => {
	it.each([
		['basic', /^Basic /],
		['soTicket', /^SOTicket 7T:/],
		['bearer', /^Bearer 8A:/],
	] as const)(
		'resets with the %s scheme and sends exactly that Authorization header',
		async (scheme, header) => {
			const [id] = activeBotSessionIds(1);
			const result = await runSuperOffice({
				credential: sandboxCredential(sandbox.webClientUrl, scheme),
				parameters: byId,
				inputItems: idsAsItems([id]),
			});

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			const entity = result.items[0].json;
			expect(entity.ChatSessionId).toBe(id);
			expect(entity.Status).toBe('InQueue');
			expect(entity.ChatbotIsActive).toBe(false);
			expect(result.items[0].pairedItem).toEqual({ item: 0 });

			const [request] = resetRequests();
			expect(request.path).toBe(`/${SANDBOX_DEFAULTS.tenant}/api/v1/ChatSession/${id}/Reset`);
			expect(request.headers.authorization).toMatch(header);
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers['so-apptoken']).toBeUndefined();
			expect(sandbox.getSession(id)?.ChatbotIsActive).toBe(false);
		},
	);

	it('returns the entity as SuperOffice sent it, without its SessionKey (the documented sample 464)', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(`${sandbox.webClientUrl}/api/v1/`),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems(['ignored']),
		});
		expect(result.error).toBeUndefined();
		const entity = result.items[0].json;
		expect(Object.keys(entity)).toEqual([
			'ChatSessionId',
			'TopicId',
			'User',
			'Person',
			'CustomerAlias',
			'CustomerHost',
			'CustomerName',
			'CustomerEmail',
			'CustomerPhone',
			'CustomerConsented',
			'CustomerCompanyName',
			'Status',
			'FirstMessage',
			'LastMessage',
			'WhenRequested',
			'WhenStarted',
			'WhenEnded',
			'WhenIdle',
			'WhenFetched',
			'InitialQueuePos',
			'AlertLevel',
			'Rank',
			'Flags',
			'Contact',
			'Project',
			'Sale',
			'Ticket',
			'TransferTo',
			'ChatbotIsActive',
			'Rating',
			'TableRight',
			'FieldProperties',
		]);
		expect(sandbox.getSession(464)?.SessionKey).toEqual(expect.any(String)); // sent, then dropped
		expect(entity).toMatchObject({
			ChatSessionId: 464,
			TopicId: 371,
			CustomerAlias: 'minus',
			Status: 'InQueue',
		});
		expect(resetRequests().map((r) => r.path)).toEqual([
			`/${SANDBOX_DEFAULTS.tenant}/api/v1/ChatSession/464/Reset`,
		]);
	});

	it('sends SO-AppToken when the credential has one', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'soTicket', {
				appToken: SANDBOX_DEFAULTS.appToken,
			}),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		expect(result.error).toBeUndefined();
		expect(resetRequests()[0].headers['so-apptoken']).toBe(SANDBOX_DEFAULTS.appToken);
	});

	it('takes language, culture and time zone from the credential; dates come with their offset', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'basic', {
				language: 'sv',
				culture: 'sv',
				timeZone: 'NO',
			}),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		const { headers } = resetRequests()[0];
		expect(headers['accept-language']).toBe('sv');
		expect(headers['so-language']).toBe('sv');
		expect(headers['so-culture']).toBe('sv');
		// Offsets always asked for: a date without one would be read in whatever zone reads it.
		expect(headers['so-timezone']).toBe('NO, includeTZOffset');
		expect(result.items[0].json.WhenIdle).toMatch(/\.\d{7}\+0[12]:00$/);
	});

	it('asks for offsets in the credential Time Zone UTC: the dates are UTC with +00:00', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'basic', { timeZone: 'UTC' }),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		expect(resetRequests()[0].headers['so-timezone']).toBe('UTC, includeTZOffset');
		expect(result.items[0].json.WhenIdle).toMatch(/\+00:00$/);
		expect(parseSoDate(result.items[0].json.WhenIdle)).toBe(
			parseSoDate(sandbox.getSession(464)!.WhenIdle),
		);
	});

	it('lets node options override the credential, per header', async () => {
		await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'basic', {
				language: 'sv',
				culture: 'sv',
				timeZone: 'NO',
			}),
			parameters: {
				chatSessionId: 464,
				options: { language: 'en', timeZone: 'UTC, includeTZOffset' },
			},
			inputItems: idsAsItems([1]),
		});
		const { headers } = resetRequests()[0];
		expect(headers['accept-language']).toBe('en');
		expect(headers['so-language']).toBe('en');
		expect(headers['so-culture']).toBe('sv');
		expect(headers['so-timezone']).toBe('UTC, includeTZOffset');
	});

	it('sends no locale headers when neither sets them', async () => {
		await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		const { headers } = resetRequests()[0];
		for (const name of ['so-language', 'so-culture', 'so-timezone'])
			expect(headers[name]).toBeUndefined();
	});

	it('stops on 404 with a readable error naming session, status and SuperOffice message', async () => {
		const [other] = activeBotSessionIds(1);
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'soTicket', {
				appToken: SANDBOX_DEFAULTS.appToken,
			}),
			parameters: { ...byId, options: { concurrency: 1 } },
			inputItems: idsAsItems([464, 999999, other]),
		});
		expect(result.error).toBeDefined();
		expect(result.error?.message).toMatch(
			/^Could not reset chat session 999999: not found \(HTTP 404\)\. SuperOffice says: .+/,
		);
		expect(result.error?.description).toMatch(/chat session id 999999/);
		expect((result.error as { httpCode?: string }).httpCode).toBe('404');
		// One at a time: the first item was sent, the third never was.
		expect(resetRequests().map((r) => r.path.split('/').at(-2))).toEqual(['464', '999999']);
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	it('with Continue On Fail turns the 404 into an error item and goes on', async () => {
		const [other] = activeBotSessionIds(1);
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: byId,
			inputItems: idsAsItems([464, 999999, other]),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.ChatSessionId).toBe(464);
		expect(result.items[1].json).toMatchObject({ chatSessionId: 999999, httpCode: '404' });
		expect(result.items[1].json.error).toMatch(
			/Could not reset chat session 999999: not found \(HTTP 404\)/,
		);
		expect(result.items[2].json.ChatSessionId).toBe(other);
		expect(resetRequests()).toHaveLength(3);
		expectNoSecrets(result.items);
	});

	it('refuses bad ids before any request, naming the item and the value, and keeps every item', async () => {
		const [goodA, goodB] = activeBotSessionIds(2);
		const bad = ['abc', 0, -1, 1.5, 2147483648, '12/../User', ''];
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: byId,
			inputItems: idsAsItems([goodA, ...bad, goodB]),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(bad.length + 2);
		expect(result.items.map((i) => i.pairedItem)).toEqual(
			bad.concat([0, 0]).map((_v, item) => ({ item })),
		);
		expect(result.items[0].json.ChatSessionId).toBe(goodA);
		expect(result.items.at(-1)?.json.ChatSessionId).toBe(goodB);
		bad.forEach((value, offset) => {
			const json = result.items[offset + 1].json;
			expect(json.error).toMatch(
				new RegExp(
					`^Chat Session ID of item ${offset + 1} must be a whole number from 1 to 2147483647, got `,
				),
			);
			expect(json.chatSessionId).toEqual(value);
		});
		// Only the two good ids reached the server.
		expect(resetRequests().map((r) => Number(r.path.split('/').at(-2)))).toEqual([goodA, goodB]);
	});

	it('stops on a bad id without Continue On Fail, before sending it', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { ...byId, options: { concurrency: 1 } },
			inputItems: idsAsItems([464, '12/../User']),
		});
		expect(result.error?.message).toBe(
			'Chat Session ID of item 1 must be a whole number from 1 to 2147483647, got "12/../User"',
		);
		expect(resetRequests()).toHaveLength(1);
		expect(sandbox.requests.some((r) => r.path.includes('..') || r.path.endsWith('/User'))).toBe(
			false,
		);
	});

	it('resets 50 items in order, paired, with exactly 50 requests', async () => {
		const ids = [...sandbox.sessions.keys()]
			.sort((a, b) => a - b)
			.slice(0, 50)
			.reverse();
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'bearer'),
			parameters: byId,
			inputItems: idsAsItems(ids),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.ChatSessionId)).toEqual(ids);
		expect(result.items.map((i) => i.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
		expect(resetRequests().map((r) => Number(r.path.split('/').at(-2)))).toEqual(ids);
		for (const id of ids) expect(sandbox.getSession(id)?.Status).toBe('InQueue');
	});

	it('reports a rejected credential as 401 without leaking the secret', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'soTicket', {
				ticket: '7T:not-the-right-ticket',
			}),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		expect(result.error?.message).toMatch(
			/^Could not reset chat session 464: SuperOffice rejected the credential \(HTTP 401\)/,
		);
		expect(JSON.stringify(result.error)).not.toContain('not-the-right-ticket');
		expect(resetRequests()[0].headers.authorization).toBe('SOTicket 7T:not-the-right-ticket');
	});

	it('refuses a line break in a node option before any request', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { chatSessionId: 464, options: { language: 'en\r\nX-Injected: 1' } },
			inputItems: idsAsItems([1]),
		});
		expect(result.error?.message).toBe(
			'Language contains a line break or another control character',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('refuses a base URL that is not http(s) before any request', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential('ftp://127.0.0.1/Cust12345'),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1, 2]),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(2);
		for (const item of result.items)
			expect(item.json.error).toMatch(/must start with https:\/\/ or http:\/\//);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('refuses an empty secret of the chosen scheme before any request', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl, 'bearer', { accessToken: '' }),
			parameters: { chatSessionId: 464 },
			inputItems: idsAsItems([1]),
		});
		expect(result.error?.message).toBe('Access Token is empty');
		expect(sandbox.requests).toHaveLength(0);
	});
});
