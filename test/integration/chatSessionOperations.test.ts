/**
 * Get, Get Many, Transfer To and Add Message through n8n-core's WorkflowExecute against the
 * sandbox: what the node sent (method, path, query, headers, body, from the sandbox's request
 * log) and what it output, checked against the sandbox's own state. Also runs the example
 * workflow examples/reroute-idle-bot-sessions.json in-process (see the last describe block).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { HARNESS_TRIGGER_NODE_TYPE, runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { createSandbox, formatSoDate, parseSoDate, SANDBOX_DEFAULTS, SEED_IDS } from '../sandbox';
import { useSandbox } from './sandboxLifecycle';
import type { Sandbox } from '../sandbox';
import {
	expectNoSecrets,
	idsAsItems,
	NODE_TYPE,
	runSuperOffice,
	sandboxCredential,
} from './support';
import type { Scheme } from './support';

type Session = NonNullable<ReturnType<Sandbox['getSession']>>;
type Recorded = Sandbox['requests'][number];

const API = `/${SANDBOX_DEFAULTS.tenant}/api/v1`;
const MINUTE = 60_000;
const ACTIVE = ['CustomerLast', 'UserLast'];
const PRINCIPAL_ID = 5;
/** The archive columns Get Many asks for, in the order it asks for them. */
const SELECT =
	'chatSessionId,status,firstMessage,lastMessage,whenRequested,whenStarted,whenEnded,agent,chatTopic/chatTopicId,chatTopic/name,contactId,personId,updatedDate';
const SIMPLE_KEYS = [
	'chatSessionId',
	'status',
	'firstMessage',
	'lastMessage',
	'whenRequested',
	'whenStarted',
	'whenEnded',
	'agent',
	'chatTopicId',
	'chatTopicName',
	'contactId',
	'personId',
	'updatedDate',
];

const sandbox = useSandbox();

// ---------------------------------------------------------------------------------------------
// helpers

async function run(
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; scheme?: Scheme } = {},
): Promise<RunWorkflowResult> {
	return await runSuperOffice({
		credential: sandboxCredential(sandbox.webClientUrl, options.scheme ?? 'basic'),
		parameters,
		inputItems: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
	});
}

/** Every session in the sandbox, by id. */
function allSessions(): Session[] {
	return [...sandbox.sessions.values()].sort((a, b) => a.ChatSessionId - b.ChatSessionId);
}

function idsWhere(predicate: (session: Session) => boolean): number[] {
	return allSessions()
		.filter(predicate)
		.map((s) => s.ChatSessionId);
}

/** updatedDate as the archive computes it (the sandbox's own bookkeeping). */
function updatedDateOf(session: Session): string | null {
	return sandbox.state.updated.get(session.ChatSessionId) ?? session.WhenRequested;
}

function archiveRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession$/);
}

function entityRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession\/\d+$/);
}

function expectArchiveRequest(
	request: Recorded,
	expected: { top: number; skip: number; filter?: string },
): void {
	expect(request.method).toBe('GET');
	expect(request.path).toBe(`${API}/ChatSession`);
	const query: Record<string, string> = {
		$select: SELECT,
		$orderBy: 'chatSessionId',
		$top: String(expected.top),
		$skip: String(expected.skip),
	};
	if (expected.filter !== undefined) query.$filter = expected.filter;
	expect(request.query).toEqual(query);
	expect(request.headers.accept).toBe('application/json');
	expect(request.body).toBeUndefined();
	expect(request.status).toBe(200);
}

function outputIds(result: RunWorkflowResult, key = 'chatSessionId'): number[] {
	return result.items.map((item) => item.json[key] as number);
}

/** An ISO instant with whole seconds, as the node sends dates. */
function wholeSecondsIso(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

// ---------------------------------------------------------------------------------------------

describe('Chat Session → Get', () => {
	it('sends GET /ChatSession/{id} per item and outputs the entity exactly as returned, paired', async () => {
		const ids = [911, 903];
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems(ids) },
		);

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		ids.forEach((id, index) => {
			expect(result.items[index].json).toEqual({
				...sandbox.getSession(id),
				_Links: {
					Self: `${sandbox.apiUrl}/ChatSession/${id}`,
					Archive: `${sandbox.apiUrl}/ChatSession`,
				},
			});
		});
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 911,
			Status: 'UserLast',
			ChatbotIsActive: false,
		});
		expect(result.items[1].json).toMatchObject({
			ChatSessionId: 903,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
		});

		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
			`GET ${API}/ChatSession/903`,
			`GET ${API}/ChatSession/911`,
		]);
		for (const request of sandbox.requests) {
			expect(request.query).toEqual({});
			expect(request.body).toBeUndefined();
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers['content-type']).toBeUndefined();
			expect(request.headers.authorization).toMatch(/^Basic /);
		}
		// Reading changes nothing.
		expect(sandbox.getSession(903)?.ChatbotIsActive).toBe(true);
	});

	it('stops on an unknown id with "Could not get chat session N: not found (HTTP 404)" and advice', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}', options: { concurrency: 1 } },
			{ items: idsAsItems([999999, 911]), scheme: 'soTicket' },
		);
		expect(result.error?.message).toMatch(
			/^Could not get chat session 999999: not found \(HTTP 404\)\. SuperOffice says: .+/,
		);
		expect(result.error?.description).toBe(
			'Check chat session id 999999; the session may have been deleted, or belong to another tenant.',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('404');
		// One request, not retried, and the next item was not sent.
		expect(sandbox.requests.map((r) => r.path)).toEqual([`${API}/ChatSession/999999`]);
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	it('with Continue On Fail turns the 404 into {error, chatSessionId} paired with its item', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems([911, 999999, 464]), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[0].json.ChatSessionId).toBe(911);
		expect(result.items[1].json).toMatchObject({ chatSessionId: 999999, httpCode: '404' });
		expect(result.items[1].json.error).toMatch(
			/^Could not get chat session 999999: not found \(HTTP 404\)/,
		);
		expect(result.items[1].json.ChatSessionId).toBeUndefined();
		expect(result.items[2].json).toMatchObject({ ChatSessionId: 464, CustomerAlias: 'minus' });
		expectNoSecrets(result.items);
	});

	it('refuses a bad id before any request', async () => {
		const result = await run(
			{ operation: 'get', chatSessionId: '={{ $json.id }}' },
			{ items: idsAsItems(['12/../User', 0]), continueOnFail: true },
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Chat Session ID of item 0 must be a whole number from 1 to 2147483647, got "12/../User"',
			'Chat Session ID of item 1 must be a whole number from 1 to 2147483647, got 0',
		]);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Chat Session → Get Many: limit and paging', () => {
	it('without Return All returns the default 50 sessions with one request ($top=50, $skip=0)', async () => {
		const result = await run({ operation: 'getMany' });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		expectArchiveRequest(sandbox.requests[0], { top: 50, skip: 0 });
		expect(result.items).toHaveLength(50);
		expect(outputIds(result)).toEqual(idsWhere(() => true).slice(0, 50));
		expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(
			true,
		);
		// Flat keys, in a fixed order, with the values of the sandbox's sessions.
		for (const item of result.items) expect(Object.keys(item.json)).toEqual(SIMPLE_KEYS);
		const first = allSessions()[0];
		expect(result.items[0].json).toEqual({
			chatSessionId: first.ChatSessionId,
			status: first.Status,
			firstMessage: first.FirstMessage,
			lastMessage: first.LastMessage,
			whenRequested: first.WhenRequested,
			whenStarted: first.WhenStarted,
			whenEnded: first.WhenEnded,
			agent: first.User?.FullName ?? '',
			chatTopicId: first.TopicId,
			chatTopicName: sandbox.state.findTopic(first.TopicId)?.Name,
			contactId: Number(first.Contact?.ContactId ?? 0),
			personId: Number(first.Person?.PersonId ?? 0),
			updatedDate: updatedDateOf(first),
		});
	});

	it('honours an explicit limit in $top', async () => {
		const result = await run({ operation: 'getMany', limit: 7 });
		expect(sandbox.requests).toHaveLength(1);
		expectArchiveRequest(sandbox.requests[0], { top: 7, skip: 0 });
		expect(outputIds(result)).toEqual(idsWhere(() => true).slice(0, 7));
	});

	it('with Return All pages by 200 following $skip and returns every seeded session exactly once', async () => {
		expect(sandbox.sessions.size).toBe(SEED_IDS.total);
		const result = await run({ operation: 'getMany', returnAll: true });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(2);
		expectArchiveRequest(sandbox.requests[0], { top: 200, skip: 0 });
		expectArchiveRequest(sandbox.requests[1], { top: 200, skip: 200 });
		const ids = outputIds(result);
		expect(ids).toHaveLength(SEED_IDS.total);
		expect(new Set(ids).size).toBe(SEED_IDS.total);
		expect(ids).toEqual(idsWhere(() => true));
	});

	it('with Return All stops after an empty page when the total is a multiple of 200', async () => {
		sandbox.reseed(
			Array.from({ length: 400 }, (_unused, index) => ({
				ChatSessionId: index + 1,
				Status: 'Closed',
			})),
		);
		const result = await run({ operation: 'getMany', returnAll: true });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((r) => [r.query.$top, r.query.$skip])).toEqual([
			['200', '0'],
			['200', '200'],
			['200', '400'],
		]);
		expect(outputIds(result)).toEqual(Array.from({ length: 400 }, (_unused, index) => index + 1));
	});

	// A page shorter than $top must not end the paging while the server sends odata.nextLink: a
	// server that caps its page size below 200 would otherwise lose every row after page one.
	it('with Return All keeps paging when the server caps the page below $top but sends odata.nextLink', async () => {
		const capped = await createSandbox({ port: 0, odata: { maxPageSize: 100 } });
		try {
			const result = await runSuperOffice({
				credential: sandboxCredential(capped.webClientUrl),
				parameters: { operation: 'getMany', returnAll: true },
				inputItems: [{ json: {} }],
			});
			expect(result.error).toBeUndefined();
			expect(capped.requests.length).toBeLessThanOrEqual(5);
			expect(result.items).toHaveLength(SEED_IDS.total);
			expect(new Set(outputIds(result)).size).toBe(SEED_IDS.total);
		} finally {
			await capped.close();
		}
	});

	it('refuses a limit below 1 before any request', async () => {
		const result = await run({ operation: 'getMany', limit: '={{ 0 }}' });
		expect(result.error?.message).toBe(
			'Limit of item 0 must be a whole number of at least 1, got 0',
		);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Chat Session → Get Many: filters, checked against the sandbox state', () => {
	/**
	 * Runs Get Many with Return All and these filters; checks that every page asked for the same
	 * $filter, 200 rows, following $skip, and that the number of pages fits the number of rows.
	 */
	async function filtered(
		filters: IDataObject,
	): Promise<{ result: RunWorkflowResult; request: Recorded }> {
		const result = await run({ operation: 'getMany', returnAll: true, filters });
		expect(result.error).toBeUndefined();
		const pages = sandbox.requests;
		expect(pages).toHaveLength(Math.floor(result.items.length / 200) + 1);
		pages.forEach((page, index) => {
			expectArchiveRequest(page, {
				top: 200,
				skip: 200 * index,
				filter: String(pages[0].query.$filter),
			});
		});
		return { result, request: pages[0] };
	}

	it.each([
		['one status', ['InQueue'], 'status eq 4', ['InQueue']],
		[
			'several statuses',
			['Finished', 'OfflineForm'],
			'(status eq 7 or status eq 3)',
			['Finished', 'OfflineForm'],
		],
		["'active'", ['active'], '(status eq 5 or status eq 6)', ['CustomerLast', 'UserLast']],
	])('status: %s', async (_label, status, filter, names) => {
		const { result, request } = await filtered({ status });
		expectArchiveRequest(request, { top: 200, skip: 0, filter });
		const expected = idsWhere((s) => names.includes(s.Status));
		expect(expected.length).toBeGreaterThan(0);
		expect(outputIds(result)).toEqual(expected);
		for (const item of result.items) expect(names).toContain(item.json.status);
	});

	it('active returns exactly the seeded active sessions (bot and human)', async () => {
		const { result } = await filtered({ status: ['active'] });
		expect(outputIds(result)).toEqual([...SEED_IDS.botActive, ...SEED_IDS.humanActive]);
	});

	it('topic', async () => {
		const { result, request } = await filtered({ topicId: 3 });
		expectArchiveRequest(request, { top: 200, skip: 0, filter: 'chatTopic/chatTopicId eq 3' });
		const expected = idsWhere((s) => s.TopicId === 3);
		expect(expected.length).toBeGreaterThan(0);
		expect(outputIds(result)).toEqual(expected);
		for (const item of result.items)
			expect(item.json).toMatchObject({ chatTopicId: 3, chatTopicName: 'Billing' });
	});

	describe('dates', () => {
		const cases: Array<
			[string, string, 'after' | 'before', number, (s: Session) => string | null]
		> = [
			['requestedAfter', 'whenRequested', 'after', 20, (s) => s.WhenRequested],
			['requestedBefore', 'whenRequested', 'before', 20, (s) => s.WhenRequested],
			['updatedAfter', 'updatedDate', 'after', 10, updatedDateOf],
			['updatedBefore', 'updatedDate', 'before', 10, updatedDateOf],
		];

		it.each(cases)(
			'%s (UTC, whole seconds) selects by %s',
			async (field, column, operator, daysAgo, dateOf) => {
				// An odd millisecond part, to show it is cut before sending.
				const cutMs = Math.floor((Date.now() - daysAgo * 24 * 60 * MINUTE) / 1000) * 1000;
				const { result, request } = await filtered({
					[field]: new Date(cutMs + 737).toISOString(),
				});
				expectArchiveRequest(request, {
					top: 200,
					skip: 0,
					filter: `${column} ${operator} '${wholeSecondsIso(cutMs)}'`,
				});

				const expected = idsWhere((s) => {
					const value = dateOf(s);
					if (value === null) return false;
					const time = parseSoDate(value);
					return operator === 'after' ? time > cutMs : time < cutMs;
				});
				// The cut splits the seed: a filter that let everything (or nothing) through would fail here.
				expect(expected.length).toBeGreaterThan(0);
				expect(expected.length).toBeLessThan(SEED_IDS.total);
				expect(outputIds(result)).toEqual(expected);
			},
		);

		it('takes a date from an expression ($now minus an hour)', async () => {
			const before = Date.now();
			const { request } = await filtered({ updatedAfter: '={{ $now.minus({ hours: 1 }) }}' });
			const match = /^updatedDate after '(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)'$/.exec(
				String(request.query.$filter),
			);
			expect(match).not.toBeNull();
			const sent = Date.parse(match![1]);
			expect(sent).toBeGreaterThanOrEqual(Math.floor((before - 60 * MINUTE) / 1000) * 1000);
			expect(sent).toBeLessThanOrEqual(Date.now() - 60 * MINUTE);
		});

		// BUG: nodes/SuperOffice/resources/chatSession/archiveFilter.ts, isoDate: a date without offset
		// (what n8n's date picker produces) is read with Date.parse in the n8n process's time zone,
		// not in the workflow's time zone as n8n's own nodes do (e.g. Wait: tryToParseDateTime(value,
		// this.getTimezone())). n8n's default time zone is America/New_York; Docker images run in UTC.
		it('reads a date without offset in the workflow time zone', async () => {
			// A workflow zone that differs from this process's zone, so the test shows the difference.
			const processZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
			const [timezone, expectedUtc] =
				processZone === 'America/New_York'
					? ['Europe/Oslo', '2026-01-31T09:00:00Z']
					: ['America/New_York', '2026-01-31T15:00:00Z'];
			const result = await runWorkflow({
				nodeTypes: { [NODE_TYPE]: new SuperOffice() },
				credentialTypes: [new SuperOfficeApi()],
				credentials: {
					superOfficeApi: {
						id: '1',
						name: 'SuperOffice sandbox',
						data: sandboxCredential(sandbox.webClientUrl),
					},
				},
				settings: { executionOrder: 'v1', timezone },
				inputItems: [{ json: {} }],
				node: {
					type: NODE_TYPE,
					parameters: {
						resource: 'chatSession',
						operation: 'getMany',
						filters: { requestedAfter: '2026-01-31T10:00:00' },
					},
				},
			});
			expect(result.error).toBeUndefined();
			// 10:00 on 31 January in New York (UTC-5) is 15:00 UTC; in Oslo (UTC+1) 09:00 UTC.
			expect(archiveRequests()[0].query.$filter).toBe(`whenRequested after '${expectedUtc}'`);
		});

		it('refuses an invalid date before any request', async () => {
			const result = await run({
				operation: 'getMany',
				filters: { updatedBefore: 'next tuesday' },
			});
			expect(result.error?.message).toBe('Updated Before is not a valid date: "next tuesday"');
			expect(result.error?.description).toBe(
				'Use the date picker or an ISO 8601 date such as 2026-01-31T10:00:00Z.',
			);
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	it('advanced (raw) filter alone is sent as given', async () => {
		const { result, request } = await filtered({
			rawFilter: 'chatSessionId ge 921 and chatSessionId le 925',
		});
		expectArchiveRequest(request, {
			top: 200,
			skip: 0,
			filter: 'chatSessionId ge 921 and chatSessionId le 925',
		});
		expect(outputIds(result)).toEqual([...SEED_IDS.inQueue]);
	});

	it('raw filter combined with status and topic: ANDed, raw part in parentheses', async () => {
		const { result, request } = await filtered({
			status: ['active'],
			topicId: 2,
			rawFilter: 'chatSessionId lt 905 or chatSessionId gt 915',
		});
		expectArchiveRequest(request, {
			top: 200,
			skip: 0,
			filter:
				'(status eq 5 or status eq 6) and chatTopic/chatTopicId eq 2 and (chatSessionId lt 905 or chatSessionId gt 915)',
		});
		const expected = idsWhere(
			(s) =>
				ACTIVE.includes(s.Status) &&
				s.TopicId === 2 &&
				(s.ChatSessionId < 905 || s.ChatSessionId > 915),
		);
		expect(expected).toEqual(expect.arrayContaining([901, 902, 903, 904]));
		expect(outputIds(result)).toEqual(expected);
	});

	it("an invalid raw filter: the sandbox's 400 becomes a readable error, sent once", async () => {
		const result = await run(
			{ operation: 'getMany', filters: { rawFilter: 'whenIdle lt 5' } },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Could not search chat sessions: SuperOffice rejected the request as invalid \(HTTP 400\)\. SuperOffice says: .*whenIdle/,
		);
		expect(result.error?.description).toBe(
			'Check the values sent by this node (ids, filters, message fields).',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
		expect(sandbox.requests).toHaveLength(1);
		expect(sandbox.requests[0].query.$filter).toBe('whenIdle lt 5');
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	it('an invalid raw filter with Continue On Fail becomes an error item', async () => {
		const result = await run(
			{ operation: 'getMany', filters: { rawFilter: 'ChatSessionId eq 5' } },
			{ continueOnFail: true },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ httpCode: '400' });
		expect(result.items[0].json.error).toMatch(
			/^Could not search chat sessions: .*\(HTTP 400\).*did you mean 'chatSessionId'/,
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('Chat Session → Get Many: full entities, current user, several items', () => {
	it('Return Full Chat Sessions reads each found session (one GET per row) and outputs WhenIdle and ChatbotIsActive', async () => {
		const result = await run({
			operation: 'getMany',
			returnAll: true,
			fullEntities: true,
			filters: { status: ['CustomerLast'] },
		});

		expect(result.error).toBeUndefined();
		const expected = idsWhere((s) => s.Status === 'CustomerLast');
		expect(expected).toEqual([901, 903, 905, 912, 914, 916]);
		expect(archiveRequests()).toHaveLength(1);
		expectArchiveRequest(archiveRequests()[0], { top: 200, skip: 0, filter: 'status eq 5' });
		// Several reads run at once (Concurrency), so they may reach the server in any order.
		expect(
			entityRequests()
				.map((r) => r.path)
				.sort(),
		).toEqual(expected.map((id) => `${API}/ChatSession/${id}`).sort());
		expect(sandbox.requests).toHaveLength(1 + expected.length);
		for (const request of entityRequests()) expect(request.query).toEqual({});

		expect(outputIds(result, 'ChatSessionId')).toEqual(expected);
		for (const item of result.items) {
			const session = sandbox.getSession(item.json.ChatSessionId as number)!;
			expect(item.json).toEqual({
				...session,
				_Links: {
					Self: `${sandbox.apiUrl}/ChatSession/${session.ChatSessionId}`,
					Archive: `${sandbox.apiUrl}/ChatSession`,
				},
			});
			expect(typeof item.json.WhenIdle).toBe('string');
			expect(typeof item.json.ChatbotIsActive).toBe('boolean');
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('Return Full Chat Sessions respects the limit: only that many entity reads', async () => {
		const result = await run({ operation: 'getMany', limit: 2, fullEntities: true });
		expectArchiveRequest(archiveRequests()[0], { top: 2, skip: 0 });
		expect(
			entityRequests()
				.map((r) => r.path)
				.sort(),
		).toEqual([`${API}/ChatSession/1`, `${API}/ChatSession/2`]);
		expect(outputIds(result, 'ChatSessionId')).toEqual([1, 2]);
	});

	it('source "Sessions of the Current User" reads ChatSession/ForCurrentUser and outputs those entities', async () => {
		const result = await run({ operation: 'getMany', source: 'forCurrentUser' });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`${API}/ChatSession/ForCurrentUser`);
		expect(request.query).toEqual({});
		expect(request.body).toBeUndefined();

		const ended = ['Finished', 'Deleted', 'Closed', 'ClosedFromQueue'];
		const expected = idsWhere(
			(s) =>
				!ended.includes(s.Status) &&
				(s.User?.AssociateId === PRINCIPAL_ID ||
					s.TransferTo?.AssociateId === PRINCIPAL_ID ||
					s.Status === 'InQueue' ||
					(s.ChatbotIsActive && ACTIVE.includes(s.Status))),
		);
		expect(expected).toEqual([...SEED_IDS.botActive, 911, 912, 916, ...SEED_IDS.inQueue]);
		expect(outputIds(result, 'ChatSessionId')).toEqual(expected);
		for (const item of result.items)
			expect(item.json).toEqual(sandbox.getSession(item.json.ChatSessionId as number));
	});

	it('source "Sessions of the Current User" with a limit keeps the first ones', async () => {
		const result = await run({ operation: 'getMany', source: 'forCurrentUser', limit: 3 });
		expect(outputIds(result, 'ChatSessionId')).toEqual([901, 902, 903]);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('two input items: each gets its own search, and its results are paired to it', async () => {
		const items = [
			{ json: { raw: 'chatSessionId ge 901 and chatSessionId le 903' } },
			{ json: { raw: 'chatSessionId ge 921 and chatSessionId le 922' } },
		];
		const result = await run(
			{ operation: 'getMany', returnAll: true, filters: { rawFilter: '={{ $json.raw }}' } },
			{ items },
		);

		expect(result.error).toBeUndefined();
		expect(outputIds(result)).toEqual([901, 902, 903, 921, 922]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
		expect(
			archiveRequests()
				.map((r) => r.query.$filter)
				.sort(),
		).toEqual(items.map((i) => i.json.raw).sort());
		for (const request of archiveRequests())
			expect(request.query).toMatchObject({ $top: '200', $skip: '0', $orderBy: 'chatSessionId' });
	});
});

describe('Chat Session → Transfer To', () => {
	function transferRequests(): Recorded[] {
		return sandbox.requestsFor('POST', /\/TransferTo\//);
	}

	it('by user name: POST /ChatSession/{id}/TransferTo/{user} and the session now has TransferTo', async () => {
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
		const result = await run({
			operation: 'transferTo',
			chatSessionId: 911,
			toAssociate: 'anna.agent',
		});

		expect(result.error).toBeUndefined();
		expect(transferRequests()).toHaveLength(1);
		const [request] = transferRequests();
		expect(request.path).toBe(`${API}/ChatSession/911/TransferTo/anna.agent`);
		expect(request.query).toEqual({});
		expect(request.body).toBeUndefined();
		expect(request.headers.accept).toBe('application/json');

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 911,
			TransferTo: { AssociateId: 12, UserName: 'anna.agent' },
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.getSession(911)?.TransferTo).toMatchObject({
			AssociateId: 12,
			UserName: 'anna.agent',
			FullName: 'Anna Agent',
		});
	});

	it('by associate id from an expression', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: '={{ $json.id }}', toAssociate: '={{ $json.to }}' },
			{ items: [{ json: { id: 912, to: 13 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(transferRequests().map((r) => r.path)).toEqual([`${API}/ChatSession/912/TransferTo/13`]);
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 912,
			TransferTo: { AssociateId: 13, UserName: 'bob.backup' },
		});
		expect(sandbox.getSession(912)?.TransferTo?.AssociateId).toBe(13);
	});

	it("refuses 'a/b', empty, '..' and other non-segments before any request", async () => {
		const bad = ['a/b', '', '..', '.', '   ', 'a?b', '50%', 'x#y', 'a\\b'];
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: '={{ $json.to }}' },
			{ items: bad.map((to) => ({ json: { to } })), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(bad.length);
		bad.forEach((to, index) => {
			expect(result.items[index].json).toMatchObject({
				error: `To User of item ${index} must be a user name or an associate ID, got ${JSON.stringify(to)}`,
				chatSessionId: 911,
			});
			expect(result.items[index].pairedItem).toEqual({ item: index });
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
	});

	it('refuses a line break in the user before any request', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: '={{ $json.to }}' },
			{ items: [{ json: { to: 'anna.agent\r\nX-Injected: 1' } }] },
		);
		expect(result.error?.message).toBe(
			'To User of item 0 contains a line break or another control character',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('an unknown user: the sandbox 400 becomes a readable error and nothing changes', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: 'nobody' },
			{ scheme: 'soTicket' },
		);
		expect(result.error?.message).toBe(
			'Could not transfer chat session 911 to nobody: SuperOffice rejected the request as invalid (HTTP 400). ' +
				'SuperOffice says: Unknown associate for toAssociate: expected an associate id or user name.',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
		expect(transferRequests().map((r) => r.path)).toEqual([
			`${API}/ChatSession/911/TransferTo/nobody`,
		]);
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});
});

describe('Chat Session → Add Message', () => {
	const TEXT = 'A colleague takes over this chat in a moment.';

	function messageRequests(): Recorded[] {
		return sandbox.requestsFor('POST', /\/ChatSession\/\d+\/Messages$/);
	}

	it('posts the JSON ChatMessage with SpecialType BotMessage (switch on, the default) and outputs the stored message', async () => {
		const before = sandbox.getMessages(901).length;
		const result = await run({ operation: 'addMessage', chatSessionId: 901, message: TEXT });

		expect(result.error).toBeUndefined();
		expect(messageRequests()).toHaveLength(1);
		const [request] = messageRequests();
		expect(request.path).toBe(`${API}/ChatSession/901/Messages`);
		expect(request.query).toEqual({});
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({
			ChatSessionId: 901,
			Message: TEXT,
			Type: 'ToCustomer',
			Author: 'Bot',
			SpecialType: 'BotMessage',
		});

		const stored = sandbox.getMessages(901);
		expect(stored).toHaveLength(before + 1);
		expect(stored.at(-1)).toMatchObject({
			ChatSessionId: 901,
			Message: TEXT,
			Type: 'ToCustomer',
			Author: 'Bot',
			SpecialType: 'BotMessage',
		});
		expect(result.items[0].json).toEqual(stored.at(-1));
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.getSession(901)?.LastMessage).toBe(TEXT);
	});

	it('leaves SpecialType out when the switch is off, and sends type and author as chosen', async () => {
		const result = await run({
			operation: 'addMessage',
			chatSessionId: 902,
			message: 'Can I talk to a person?',
			messageType: 'ToUser',
			author: 'Kari',
			botMessage: false,
		});
		expect(result.error).toBeUndefined();
		const [request] = messageRequests();
		expect(request.body).toEqual({
			ChatSessionId: 902,
			Message: 'Can I talk to a person?',
			Type: 'ToUser',
			Author: 'Kari',
		});
		expect(Object.keys(request.body as IDataObject)).not.toContain('SpecialType');
		expect(sandbox.getMessages(902).at(-1)).toMatchObject({
			Message: 'Can I talk to a person?',
			Type: 'ToUser',
			Author: 'Kari',
			SpecialType: 'None',
		});
	});

	it('refuses an empty or blank message before any request', async () => {
		const result = await run(
			{ operation: 'addMessage', chatSessionId: 901, message: '={{ $json.text }}' },
			{ items: [{ json: { text: '' } }, { json: { text: '   ' } }], continueOnFail: true },
		);
		expect(result.items.map((item) => item.json)).toEqual([
			{
				error: 'Message of item 0 is empty',
				chatSessionId: 901,
				description: 'Enter the text to post.',
			},
			{
				error: 'Message of item 1 is empty',
				chatSessionId: 901,
				description: 'Enter the text to post.',
			},
		]);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('an unknown session: readable 404, posted once (adding a message is never repeated)', async () => {
		const result = await run(
			{ operation: 'addMessage', chatSessionId: 999999, message: 'Hello' },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Could not add a message to chat session 999999: not found \(HTTP 404\)/,
		);
		expect(messageRequests()).toHaveLength(1);
		expectNoSecrets(result.error);
	});
});

describe('Locale options reach every request of every operation', () => {
	const LOCALE = { language: 'de', culture: 'de', timeZone: 'UTC, includeTZOffset' };

	it.each([
		['get', { operation: 'get', chatSessionId: 911 }, 1],
		[
			'getMany (archive + full entities)',
			{ operation: 'getMany', limit: 2, fullEntities: true },
			3,
		],
		['getMany (archive, Return All over two pages)', { operation: 'getMany', returnAll: true }, 2],
		['getMany (current user)', { operation: 'getMany', source: 'forCurrentUser' }, 1],
		['transferTo', { operation: 'transferTo', chatSessionId: 911, toAssociate: 'bob.backup' }, 1],
		['addMessage', { operation: 'addMessage', chatSessionId: 901, message: 'Hallo' }, 1],
		['getMessages', { operation: 'getMessages', chatSessionId: 903, afterMessageId: 1 }, 1],
		['reset', { operation: 'reset', chatSessionId: 901 }, 1],
	])('%s', async (_label, parameters, requestCount) => {
		const result = await run({ ...parameters, options: LOCALE });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(requestCount);
		for (const request of sandbox.requests) {
			expect(request.headers['accept-language']).toBe('de');
			expect(request.headers['so-language']).toBe('de');
			expect(request.headers['so-culture']).toBe('de');
			expect(request.headers['so-timezone']).toBe('UTC, includeTZOffset');
		}
	});
});

describe('No secret in any output or error', () => {
	it.each(['basic', 'soTicket', 'bearer'] as const)(
		'%s: outputs and errors of every operation',
		async (scheme) => {
			const runs = [
				await run(
					{ operation: 'get', chatSessionId: '={{ $json.id }}' },
					{ scheme, items: idsAsItems([911, 999999]), continueOnFail: true },
				),
				await run({ operation: 'getMany', limit: 3, fullEntities: true }, { scheme }),
				await run({ operation: 'getMany', source: 'forCurrentUser' }, { scheme }),
				await run({ operation: 'getMany', filters: { rawFilter: 'nope eq 1' } }, { scheme }),
				await run(
					{ operation: 'transferTo', chatSessionId: 911, toAssociate: 'nobody' },
					{ scheme },
				),
				await run({ operation: 'addMessage', chatSessionId: 999999, message: 'x' }, { scheme }),
			];
			// Both outcomes happened: some items, some errors.
			expect(runs.filter((r) => r.error !== undefined)).toHaveLength(3);
			expect(runs[0].items[1].json.httpCode).toBe('404');
			for (const result of runs) {
				expectNoSecrets(result.items);
				if (result.error) expectNoSecrets(result.error);
				expectNoSecrets(result.run);
			}
		},
	);
});

// ---------------------------------------------------------------------------------------------
// The example workflow, run in-process.
//
// The Schedule Trigger becomes the harness' manual trigger. n8n-nodes-base is not installed here,
// so the example's Set ("Config") and Filter nodes run on minimal test doubles that keep the
// example's parameters verbatim and evaluate them with n8n's own engine: the Filter double reads
// its `filter`-type parameter with `extractValue: true`, i.e. n8n-workflow's executeFilter
// evaluates the example's conditions (expressions, `$now`, `DateTime`, `$('Config')`) exactly as
// FilterV2 does. The SuperOffice nodes are the real node. A real-n8n run of the file is separate.

interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: IDataObject;
	active: boolean;
	[key: string]: unknown;
}

const EXAMPLE_PATH = join(__dirname, '../../examples/reroute-idle-bot-sessions.json');
const SET_TYPE = 'n8n-nodes-base.set';
const FILTER_TYPE = 'n8n-nodes-base.filter';
const SCHEDULE_TYPE = 'n8n-nodes-base.scheduleTrigger';
const STICKY_TYPE = 'n8n-nodes-base.stickyNote';
const EXAMPLE_CREDENTIAL = { id: 'superoffice-sandbox', name: 'SuperOffice sandbox' };

function loadExample(): WorkflowFile {
	return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as WorkflowFile;
}

/** Test double of n8n's Edit Fields (Set) v3.3+, manual mode: sets the assignments, nothing else. */
class SetDouble implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Edit Fields (test double)',
		name: 'set',
		group: ['input'],
		version: [3.3, 3.4],
		description: 'Test double',
		defaults: { name: 'Edit Fields' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [{ name: 'Manual Mapping', value: 'manual' }],
				default: 'manual',
			},
			{
				displayName: 'Fields to Set',
				name: 'assignments',
				type: 'assignmentCollection',
				default: {},
			},
			{
				displayName: 'Include Other Input Fields',
				name: 'includeOtherFields',
				type: 'boolean',
				default: false,
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, itemIndex) => {
				const { assignments = [] } = this.getNodeParameter('assignments', itemIndex) as {
					assignments?: Array<{ name: string; type: string; value: unknown }>;
				};
				const json: IDataObject =
					this.getNodeParameter('includeOtherFields', itemIndex) === true ? { ...item.json } : {};
				for (const { name, type, value } of assignments) {
					if (type !== 'number')
						throw new Error(`SetDouble: only number fields are supported, got ${type}`);
					json[name] = Number(value);
				}
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	}
}

/** Test double of n8n's Filter v2: FilterV2.execute's logic over n8n's own filter evaluation. */
class FilterDouble implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Filter (test double)',
		name: 'filter',
		group: ['transform'],
		version: [2, 2.1, 2.2, 2.3],
		description: 'Test double',
		defaults: { name: 'Filter' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Discarded'],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const kept: INodeExecutionData[] = [];
		const discarded: INodeExecutionData[] = [];
		this.getInputData().forEach((item, itemIndex) => {
			const pass = this.getNodeParameter('conditions', itemIndex, false, {
				extractValue: true,
			}) as boolean;
			if (item.pairedItem === undefined) item.pairedItem = { item: itemIndex };
			(pass ? kept : discarded).push(item);
		});
		return [kept, discarded];
	}
}

/**
 * The example's nodes and connections, runnable by the harness: the schedule trigger becomes the
 * harness' manual trigger (same name), the sticky note is left out, everything else is verbatim.
 * `upTo` cuts the graph after that node.
 */
function runnableExample(
	example: WorkflowFile,
	upTo?: string,
): { nodes: INode[]; connections: IConnections } {
	const nodes = example.nodes
		.filter((node) => node.type !== STICKY_TYPE)
		.map((node) =>
			node.type === SCHEDULE_TYPE
				? { ...node, type: HARNESS_TRIGGER_NODE_TYPE, typeVersion: 1, parameters: {} }
				: node,
		);
	const connections = structuredClone(example.connections);
	if (upTo !== undefined) {
		const keep = new Set<string>();
		let current: string | undefined = nodes.find(
			(node) => node.type === HARNESS_TRIGGER_NODE_TYPE,
		)?.name;
		while (current !== undefined) {
			keep.add(current);
			if (current === upTo) break;
			current = connections[current]?.main?.[0]?.[0]?.node;
		}
		for (const name of Object.keys(connections)) {
			if (!keep.has(name) || name === upTo) delete connections[name];
		}
		return { nodes: nodes.filter((node) => keep.has(node.name)), connections };
	}
	return { nodes, connections };
}

async function runExample(example: WorkflowFile, upTo?: string): Promise<RunWorkflowResult> {
	const { nodes, connections } = runnableExample(example, upTo);
	return await runWorkflow({
		nodeTypes: {
			[NODE_TYPE]: new SuperOffice(),
			[SET_TYPE]: new SetDouble(),
			[FILTER_TYPE]: new FilterDouble(),
		},
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: { ...EXAMPLE_CREDENTIAL, data: sandboxCredential(sandbox.webClientUrl) },
		},
		nodes,
		connections,
		resultNode: upTo,
	});
}

function exampleNode(example: WorkflowFile, predicate: (node: INode) => boolean): INode {
	const matches = example.nodes.filter(predicate);
	expect(matches).toHaveLength(1);
	return matches[0];
}

/** idleMinutes as the example's Config node sets it. */
function exampleIdleMinutes(example: WorkflowFile): number {
	const config = exampleNode(example, (node) => node.type === SET_TYPE);
	const { assignments } = config.parameters.assignments as {
		assignments: Array<{ name: string; value: unknown; type: string }>;
	};
	expect(assignments).toHaveLength(1);
	expect(assignments[0]).toMatchObject({ name: 'idleMinutes', type: 'number' });
	return Number(assignments[0].value);
}

/** The sandbox's idle bot sessions, from its own state and its own date parser. */
function idleBotSessionIds(idleMinutes: number): number[] {
	const limit = Date.now() - idleMinutes * MINUTE;
	return idsWhere(
		(s) =>
			s.ChatbotIsActive === true &&
			ACTIVE.includes(s.Status) &&
			s.WhenIdle !== null &&
			parseSoDate(s.WhenIdle) < limit,
	);
}

describe('examples/reroute-idle-bot-sessions.json', () => {
	it('is an importable n8n workflow (structure n8n checks on import)', () => {
		const example = loadExample();
		// n8n 2.41's `import:workflow` refuses a single workflow without an id (NOT NULL constraint).
		expect(example.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(typeof example.name).toBe('string');
		expect(example.name.length).toBeGreaterThan(0);
		expect(example.active).toBe(false);
		expect(example.settings).toEqual({ executionOrder: 'v1' });

		const names = new Set<string>();
		const ids = new Set<string>();
		for (const node of example.nodes) {
			expect(node.id).toMatch(
				/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
			);
			expect(typeof node.name).toBe('string');
			expect(typeof node.type).toBe('string');
			expect(typeof node.typeVersion).toBe('number');
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
			expect(typeof node.parameters).toBe('object');
			names.add(node.name);
			ids.add(node.id);
		}
		expect(names.size).toBe(example.nodes.length);
		expect(ids.size).toBe(example.nodes.length);

		for (const [source, byType] of Object.entries(example.connections)) {
			expect(names.has(source)).toBe(true);
			expect(Object.keys(byType)).toEqual(['main']);
			for (const bucket of byType.main) {
				for (const connection of bucket ?? []) {
					expect(names.has(connection.node)).toBe(true);
					expect(connection).toEqual({ node: connection.node, type: 'main', index: 0 });
				}
			}
		}

		// One straight chain from the trigger, in this order.
		const chain: INode[] = [];
		let current: INode | undefined = exampleNode(example, (node) => node.type === SCHEDULE_TYPE);
		while (current !== undefined && chain.length < example.nodes.length) {
			chain.push(current);
			const next: string | undefined = example.connections[current.name]?.main?.[0]?.[0]?.node;
			current = example.nodes.find((node) => node.name === next);
		}
		expect(chain.map((node) => [node.type, node.parameters.operation])).toEqual([
			[SCHEDULE_TYPE, undefined],
			[SET_TYPE, undefined],
			[NODE_TYPE, 'getMany'],
			[FILTER_TYPE, undefined],
			[NODE_TYPE, 'addMessage'],
			[NODE_TYPE, 'reset'],
		]);
		expect(example.nodes.filter((node) => node.type === STICKY_TYPE)).toHaveLength(1);
	});

	it('sets up trigger, Config, the three SuperOffice nodes and the Filter as intended', () => {
		const example = loadExample();
		const schedule = exampleNode(example, (node) => node.type === SCHEDULE_TYPE);
		expect(schedule.typeVersion).toBe(1.2);
		expect(schedule.parameters).toEqual({
			rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] },
		});

		expect(exampleNode(example, (node) => node.type === SET_TYPE).name).toBe('Config');
		expect(exampleIdleMinutes(example)).toBe(3);

		const superOfficeNodes = example.nodes.filter((node) => node.type === NODE_TYPE);
		expect(superOfficeNodes).toHaveLength(3);
		const known: INodeProperties[] = new SuperOffice().description.properties;
		for (const node of superOfficeNodes) {
			expect(node.typeVersion).toBe(1);
			expect(node.credentials).toEqual({ superOfficeApi: EXAMPLE_CREDENTIAL });
			// Every parameter is one the node has (a typo would be silently ignored by n8n).
			for (const name of Object.keys(node.parameters))
				expect(known.map((p) => p.name)).toContain(name);
		}

		const getMany = exampleNode(example, (node) => node.parameters.operation === 'getMany');
		expect(getMany.parameters).toMatchObject({
			resource: 'chatSession',
			source: 'archive',
			returnAll: true,
			fullEntities: true,
			filters: { status: ['active'] },
		});
		const filter = exampleNode(example, (node) => node.type === FILTER_TYPE);
		const addMessage = exampleNode(example, (node) => node.parameters.operation === 'addMessage');
		expect(addMessage.parameters).toMatchObject({
			chatSessionId: '={{ $json.ChatSessionId }}',
			message: 'A colleague takes over this chat in a moment.',
			botMessage: true,
		});
		expect(addMessage.onError).toBe('continueRegularOutput');
		const reset = exampleNode(example, (node) => node.parameters.operation === 'reset');
		expect(reset.parameters.chatSessionId).toBe(
			`={{ $('${filter.name}').item.json.ChatSessionId }}`,
		);

		// N is set in one place: only Config holds it; the Filter reads it from there.
		const conditions = (
			filter.parameters.conditions as { conditions: Array<{ leftValue: string }> }
		).conditions;
		expect(conditions.map((c) => c.leftValue).join(' ')).toContain(
			"$('Config').first().json.idleMinutes",
		);
		expect(
			JSON.stringify(
				example.nodes.filter((node) => node.name !== 'Config' && node.type !== STICKY_TYPE),
			),
		).not.toMatch(/minutes:\s*3\b/);
	});

	it("Get Many (active, full) + the example's own Filter conditions select exactly the idle bot sessions", async () => {
		const example = loadExample();
		const idleMinutes = exampleIdleMinutes(example);
		const now = Date.now();
		// Sessions around the edge, and date shapes other than the seed's.
		sandbox.putSession({
			ChatSessionId: 950,
			TopicId: 2,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			// 7-digit fraction, New York offset: still one instant.
			WhenIdle: formatSoDate(now - idleMinutes * MINUTE - 20_000, 'America/New_York', 4321),
		});
		sandbox.putSession({
			ChatSessionId: 951,
			TopicId: 2,
			Status: 'UserLast',
			ChatbotIsActive: true,
			WhenIdle: formatSoDate(now - idleMinutes * MINUTE + 20_000, 'Europe/Oslo', 9999),
		});
		sandbox.putSession({
			ChatSessionId: 952,
			TopicId: 2,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			WhenIdle: wholeSecondsIso(now - 20 * MINUTE),
		});
		sandbox.putSession({
			ChatSessionId: 953,
			TopicId: 2,
			Status: 'UserLast',
			ChatbotIsActive: true,
			WhenIdle: null,
		});
		sandbox.putSession({
			ChatSessionId: 954,
			TopicId: 1,
			Status: 'CustomerLast',
			ChatbotIsActive: false,
			User: 'anna.agent',
			WhenIdle: formatSoDate(now - 45 * MINUTE),
		});
		sandbox.clearRequests();

		const filterName = exampleNode(example, (node) => node.type === FILTER_TYPE).name;
		const result = await runExample(example, filterName);

		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder).toEqual([
			'Every 5 minutes',
			'Config',
			'Get active chat sessions',
			filterName,
		]);
		const [kept, discarded] = result.outputs as INodeExecutionData[][];
		const keptIds = kept.map((item) => item.json.ChatSessionId as number);
		const discardedIds = discarded.map((item) => item.json.ChatSessionId as number);

		// Seed: bots idle 1, 2, 4, 6, 10, 30 minutes (901..906); plus 950 and 952 from above.
		expect(keptIds).toEqual([903, 904, 905, 906, 950, 952]);
		expect(keptIds).toEqual(idleBotSessionIds(idleMinutes));
		expect(discardedIds).toEqual([901, 902, 911, 912, 913, 914, 915, 916, 951, 953, 954]);
		expect([...keptIds, ...discardedIds].sort((a, b) => a - b)).toEqual(
			idsWhere((s) => ACTIVE.includes(s.Status)),
		);
		for (const item of kept)
			expect(item.json).toMatchObject({ ChatbotIsActive: true, WhenIdle: expect.any(String) });

		// What Get Many sent: one archive search for active sessions, then one read per session.
		expect(archiveRequests()).toHaveLength(1);
		expectArchiveRequest(archiveRequests()[0], {
			top: 200,
			skip: 0,
			filter: '(status eq 5 or status eq 6)',
		});
		expect(entityRequests()).toHaveLength(keptIds.length + discardedIds.length);
		// Nothing was changed.
		expect(sandbox.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('end to end in-process: tells and resets exactly the idle bot sessions; a failed message does not stop the hand-off', async () => {
		const example = loadExample();
		const idle = idleBotSessionIds(exampleIdleMinutes(example));
		expect(idle).toEqual([903, 904, 905, 906]);
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /\/ChatSession\/905\/Messages$/ },
				times: 1,
				fault: { type: 'status', status: 400 },
			},
		]);

		const result = await runExample(example);

		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder.slice(-2)).toEqual([
			'Tell the customer',
			'Hand over to a human',
		]);
		const messages = sandbox.requestsFor('POST', /\/Messages$/);
		const resets = sandbox.requestsFor('POST', /\/Reset$/);
		expect(messages.map((r) => r.path).sort()).toEqual(
			idle.map((id) => `${API}/ChatSession/${id}/Messages`),
		);
		expect(resets.map((r) => r.path).sort()).toEqual(
			idle.map((id) => `${API}/ChatSession/${id}/Reset`),
		);
		// Every message went out before the first reset.
		expect(Math.max(...messages.map((r) => r.seq))).toBeLessThan(
			Math.min(...resets.map((r) => r.seq)),
		);
		for (const request of messages) {
			expect(request.body).toEqual({
				ChatSessionId: Number(request.path.split('/').at(-2)),
				Message: 'A colleague takes over this chat in a moment.',
				Type: 'ToCustomer',
				Author: 'Bot',
				SpecialType: 'BotMessage',
			});
		}

		// The message step's outcome per session: stored, except the injected failure.
		const tell = result.runData['Tell the customer'][0].data!.main[0]!;
		expect(tell.map((item) => item.json.ChatSessionId ?? item.json.chatSessionId)).toEqual(idle);
		expect(tell[idle.indexOf(905)].json).toMatchObject({ chatSessionId: 905, httpCode: '400' });
		for (const id of idle) {
			const texts = sandbox.getMessages(id).map((m) => m.Message);
			expect(texts.includes('A colleague takes over this chat in a moment.')).toBe(id !== 905);
		}

		// Reset output: the sessions, back on the queue, paired item by item.
		expect(outputIds(result, 'ChatSessionId')).toEqual(idle);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			idle.map((_id, item) => ({ item })),
		);
		for (const id of idle)
			expect(sandbox.getSession(id)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
		// The bots that were not idle long enough are untouched.
		for (const id of [901, 902])
			expect(sandbox.getSession(id)).toMatchObject({
				ChatbotIsActive: true,
				Status: expect.stringMatching(/Last$/),
			});
		expectNoSecrets(result.run);
	});

	it.each([
		[
			'deactivated',
			(example: WorkflowFile) => {
				exampleNode(example, (node) => node.parameters.operation === 'addMessage').disabled = true;
			},
		],
		[
			'deleted, Filter connected straight to Reset',
			(example: WorkflowFile) => {
				const addMessage = exampleNode(
					example,
					(node) => node.parameters.operation === 'addMessage',
				);
				const filter = exampleNode(example, (node) => node.type === FILTER_TYPE);
				const reset = exampleNode(example, (node) => node.parameters.operation === 'reset');
				example.nodes = example.nodes.filter((node) => node !== addMessage);
				delete example.connections[addMessage.name];
				example.connections[filter.name] = {
					main: [[{ node: reset.name, type: NodeConnectionTypes.Main, index: 0 }]],
				};
			},
		],
	])(
		'Add Message is optional: %s, Reset still hands over exactly the idle bot sessions',
		async (_label, change) => {
			const example = loadExample();
			change(example);
			const idle = idleBotSessionIds(exampleIdleMinutes(example));
			expect(idle).toEqual([903, 904, 905, 906]);

			const result = await runExample(example);

			expect(result.error).toBeUndefined();
			expect(sandbox.requestsFor('POST', /\/Messages$/)).toHaveLength(0);
			expect(
				sandbox
					.requestsFor('POST', /\/Reset$/)
					.map((r) => r.path)
					.sort(),
			).toEqual(idle.map((id) => `${API}/ChatSession/${id}/Reset`));
			expect(outputIds(result, 'ChatSessionId')).toEqual(idle);
			for (const id of idle)
				expect(sandbox.getSession(id)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
			for (const id of [901, 902]) expect(sandbox.getSession(id)?.ChatbotIsActive).toBe(true);
		},
	);
});
