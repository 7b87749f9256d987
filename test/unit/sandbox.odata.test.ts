/**
 * The sandbox's OData archive lists: paging with $top/$skip/odata.nextLink, $select,
 * $orderBy and the $filter grammar documented in test/sandbox/README.md.
 */
import { createSandbox, SEED_IDS, parseSoDate } from '../sandbox';
import { callApi } from '../sandbox/testing';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Row = Record<string, any>;

const NOW = new Date('2026-01-15T10:00:00.000Z');
let sb: Sandbox;

beforeAll(async () => {
	sb = await createSandbox({ now: () => NOW });
});
afterAll(() => sb.close());

async function list(query: string, path = '/ChatSession') {
	return callApi(sb.apiUrl, `${path}?${query}`);
}

/** ids of all rows matching `filter` (one big page). */
async function ids(filter: string): Promise<number[]> {
	const r = await list(`$select=chatSessionId&$filter=${encodeURIComponent(filter)}&$top=1000`);
	expect(r.status).toBe(200);
	return r.json.value.map((v: Row) => v.chatSessionId);
}

const allSessions = () => [...sb.sessions.values()];
const idsWhere = (pred: (s: ReturnType<typeof allSessions>[number]) => boolean) =>
	allSessions()
		.filter(pred)
		.map((s) => s.ChatSessionId)
		.sort((a, b) => a - b);

describe('paging', () => {
	it('follows odata.nextLink over all rows exactly once', async () => {
		const seen: number[] = [];
		let url: string | undefined =
			`${sb.apiUrl}/ChatSession?$select=chatSessionId&$orderBy=chatSessionId&$top=50`;
		let pages = 0;
		while (url && pages < 100) {
			pages++;
			const r: Awaited<ReturnType<typeof callApi>> = await callApi(url, '');
			expect(r.status).toBe(200);
			seen.push(...r.json.value.map((v: Row) => v.chatSessionId));
			url = r.json['odata.nextLink'];
			if (url) {
				expect(url).toContain(`$skip=${seen.length}`);
				expect(url.startsWith(`${sb.apiUrl}/ChatSession?`)).toBe(true);
			}
		}
		expect(pages).toBe(Math.ceil(SEED_IDS.total / 50));
		expect(seen).toHaveLength(SEED_IDS.total);
		expect(new Set(seen).size).toBe(SEED_IDS.total);
		expect(seen).toEqual([...seen].sort((a, b) => a - b));
	});

	it('keeps $filter and $select in the nextLink', async () => {
		const first = await list(
			`$select=chatSessionId,status&$filter=${encodeURIComponent("status eq 'Closed'")}&$top=10`,
		);
		const next = await callApi(first.json['odata.nextLink'], '');
		expect(next.json.value).toHaveLength(10);
		for (const row of [...first.json.value, ...next.json.value])
			expect(Object.keys(row)).toEqual(['PrimaryKey', 'EntityName', 'chatSessionId', 'status']);
		expect(next.json.value.every((v: Row) => v.status === 'Closed')).toBe(true);
		expect(next.json.value[0].chatSessionId).toBeGreaterThan(first.json.value[9].chatSessionId);
	});

	it('uses a default page size of 200 without $top', async () => {
		const r = await list('$select=chatSessionId');
		expect(r.json.value).toHaveLength(200);
		expect(r.json['odata.nextLink']).toMatch(/\$top=200&\$skip=200$/);
		const rest = await callApi(r.json['odata.nextLink'], '');
		expect(rest.json.value).toHaveLength(SEED_IDS.total - 200);
		expect(rest.json['odata.nextLink']).toBeUndefined();
	});

	it('answers an empty page past the end, and for $top=0', async () => {
		const past = await list('$skip=5000');
		expect(past.json.value).toEqual([]);
		expect(past.json['odata.nextLink']).toBeUndefined();
		expect((await list('$top=0')).json.value).toEqual([]);
	});

	it('rejects bad $top/$skip with 400', async () => {
		for (const q of ['$top=-1', '$top=abc', '$skip=1.5', '$top=1&$top=2']) {
			const r = await list(q);
			expect(r.status).toBe(400);
			expect(r.json).toMatchObject({ Error: true, ErrorType: 'ArgumentException' });
		}
	});
});

describe('$select and row shape', () => {
	it('returns PrimaryKey, EntityName and the selected columns in the asked order', async () => {
		const r = await list(
			'$select=status,chatSessionId,chatTopic/name&$filter=chatSessionId eq 464',
		);
		expect(r.json.value).toEqual([
			{
				PrimaryKey: 464,
				EntityName: 'chatSession',
				status: 'Closed',
				chatSessionId: 464,
				'chatTopic/name': 'Documentation sample',
			},
		]);
	});

	it('returns every archive column without $select', async () => {
		const r = await list('$filter=chatSessionId eq 912');
		expect(Object.keys(r.json.value[0])).toEqual([
			'PrimaryKey',
			'EntityName',
			'chatSessionId',
			'firstMessage',
			'lastMessage',
			'whenRequested',
			'whenStarted',
			'whenEnded',
			'duration',
			'timeInQueue',
			'queueLength',
			'rating',
			'agent',
			'status',
			'contactId',
			'personId',
			'updatedDate',
			'registeredDate',
			'chatTopic/chatTopicId',
			'chatTopic/name',
		]);
		expect(r.json.value[0]).toMatchObject({
			agent: 'Sandra Box',
			status: 'CustomerLast',
			whenEnded: null,
		});
		expect(r.json.value[0].timeInQueue).toBeGreaterThan(0);
		expect(r.json['odata.metadata']).toBe(`${sb.apiUrl}/archive$metadata`);
	});

	it('rejects unknown columns, including whenIdle and chatbotIsActive, with 400', async () => {
		for (const col of ['whenIdle', 'chatbotIsActive', 'ChatSessionId', 'nope']) {
			const r = await list(`$select=chatSessionId,${col}`);
			expect(r.status).toBe(400);
			expect(r.json.Message).toContain(col);
		}
		expect((await list(`$filter=${encodeURIComponent('whenIdle lt 5')}`)).status).toBe(400);
		expect((await list('$orderBy=chatbotIsActive')).status).toBe(400);
	});
});

describe('$orderBy', () => {
	it('sorts by chatSessionId desc and by other columns with id as tie-break', async () => {
		const desc = await list('$select=chatSessionId&$orderBy=chatSessionId desc&$top=3');
		expect(desc.json.value.map((v: Row) => v.chatSessionId)).toEqual([935, 934, 933]);
		const byReq = await list(
			'$select=chatSessionId,whenRequested&$orderBy=whenRequested desc&$top=1000',
		);
		const times = byReq.json.value.map((v: Row) => parseSoDate(v.whenRequested));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const byStatus = await list(
			'$select=chatSessionId,status&$orderBy=status,chatSessionId desc&$top=1000',
		);
		expect(byStatus.json.value[0].status).toBe('PreChatForm');
		expect((await list('$orderBy=chatSessionId sideways')).status).toBe(400);
	});
});

describe('$filter', () => {
	it('compares numbers with eq ne lt gt le ge', async () => {
		expect(await ids('chatSessionId eq 464')).toEqual([464]);
		expect(await ids('chatSessionId ge 901 and chatSessionId le 906')).toEqual([
			...SEED_IDS.botActive,
		]);
		expect(await ids('chatSessionId gt 933')).toEqual([934, 935]);
		expect(await ids('chatSessionId lt 3')).toEqual([1, 2]);
		expect((await ids('chatSessionId ne 464')).length).toBe(SEED_IDS.total - 1);
		expect(await ids("chatSessionId eq '464'")).toEqual([464]);
	});

	it('filters status by enum name (any case) or number; the column shows the name', async () => {
		expect(await ids("status eq 'InQueue'")).toEqual([...SEED_IDS.inQueue]);
		expect(await ids("status eq 'inqueue'")).toEqual([...SEED_IDS.inQueue]);
		expect(await ids('status eq 4')).toEqual([...SEED_IDS.inQueue]);
		expect(await ids("status eq '4'")).toEqual([...SEED_IDS.inQueue]);
		const r = await list(`$select=status&$filter=${encodeURIComponent('status eq 4')}&$top=1`);
		expect(r.json.value[0].status).toBe('InQueue');
		expect((await list(`$filter=${encodeURIComponent("status eq 'Sleeping'")}`)).status).toBe(400);
	});

	it('combines and / or / not with parentheses', async () => {
		const active = idsWhere((s) => s.Status === 'CustomerLast' || s.Status === 'UserLast');
		expect(active).toHaveLength(12);
		expect(
			await ids("(status eq 'CustomerLast' or status eq 'UserLast') and chatSessionId gt 0"),
		).toEqual(active);
		expect(
			await ids("status eq 'CustomerLast' or status eq 'UserLast' and chatSessionId lt 0"),
		).toEqual(idsWhere((s) => s.Status === 'CustomerLast'));
		expect(await ids("not (status ne 'InQueue')")).toEqual([...SEED_IDS.inQueue]);
		expect(
			await ids("chatSessionId ge 901 and not status eq 'UserLast' and chatSessionId le 906"),
		).toEqual([901, 903, 905]);
	});

	it('matches text with contains / begins / startswith / endswith / substringof, case-insensitively', async () => {
		const anna = idsWhere((s) => (s.User?.FullName ?? '').includes('Anna'));
		expect(anna.length).toBeGreaterThan(0);
		expect(await ids("contains(agent,'anna')")).toEqual(anna);
		expect(await ids("agent contains 'ANNA'")).toEqual(anna);
		expect(await ids("substringof('Anna', agent)")).toEqual(anna);
		expect(await ids("agent begins 'anna'")).toEqual(anna);
		expect(await ids("startswith(agent,'Anna')")).toEqual(anna);
		expect(await ids("endswith(agent,'agent')")).toEqual(anna);
		expect(await ids("agent eq 'anna agent'")).toEqual(anna);
		expect(await ids("chatTopic/name eq 'Documentation sample'")).toEqual([464]);
		expect(await ids("firstMessage eq 'it''s'")).toEqual([]);
	});

	it('compares dates given as ISO strings or datetime literals, and null', async () => {
		const cutoff = new Date(NOW.getTime() - 30 * 60000);
		const recent = idsWhere((s) => parseSoDate(s.WhenRequested) > cutoff.getTime());
		expect(recent.length).toBeGreaterThan(5);
		expect(await ids(`whenRequested gt '${cutoff.toISOString()}'`)).toEqual(recent);
		expect(await ids(`whenRequested after datetime'${cutoff.toISOString()}'`)).toEqual(recent);
		expect(await ids("whenRequested lt '2016-01-01'")).toEqual([464]);
		expect(await ids('whenEnded eq null')).toEqual(idsWhere((s) => s.WhenEnded === null));
		expect(await ids('whenStarted ne null and whenEnded eq null')).toEqual(
			idsWhere((s) => s.WhenStarted !== null && s.WhenEnded === null),
		);
	});

	it('rejects malformed filters with 400 and an ArgumentException body', async () => {
		for (const f of [
			'chatSessionId 464',
			'chatSessionId eq',
			'(chatSessionId eq 1',
			'chatSessionId eq 1)',
			"chatSessionId eq 'abc'",
			"contains(chatSessionId,'4')",
			"whenRequested gt 'yesterday'",
			'whenRequested lt null',
			"agent eq 'unterminated",
			'chatSessionId = 5',
			'nosuch eq 1',
			'chatSessionId eq 1 and',
		]) {
			const r = await list(`$filter=${encodeURIComponent(f)}`);
			expect({ f, status: r.status }).toEqual({ f, status: 400 });
			expect(r.json).toMatchObject({ Error: true, ErrorType: 'ArgumentException' });
		}
	});
});

describe('ChatTopic/{id}/Sessions', () => {
	it('pages within the topic and links back to the topic path', async () => {
		const all = idsWhere((s) => s.TopicId === 1);
		const seen: number[] = [];
		let url: string | undefined = `${sb.apiUrl}/ChatTopic/1/Sessions?$select=chatSessionId&$top=40`;
		for (let i = 0; url && i < 50; i++) {
			const r: Awaited<ReturnType<typeof callApi>> = await callApi(url, '');
			seen.push(...r.json.value.map((v: Row) => v.chatSessionId));
			url = r.json['odata.nextLink'];
			if (url) expect(url.startsWith(`${sb.apiUrl}/ChatTopic/1/Sessions?`)).toBe(true);
		}
		expect(seen).toEqual(all);
	});
});
