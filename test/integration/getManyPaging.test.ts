/**
 * Get Many through n8n-core's WorkflowExecute against servers that break paging (the sandbox's
 * paging faults), Return Full Chat Sessions under the Concurrency option (overlap proven by the
 * sandbox's in-flight count and request log), rows without a key, the raw filter that must not
 * escape its parentheses, and dates before year 100.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startTestServer } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { runSuperOffice, sandboxCredential } from './support';

type Recorded = Sandbox['requests'][number];

const API = `/${SANDBOX_DEFAULTS.tenant}/api/v1`;
const sandbox = useSandbox();

async function getMany(
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; baseUrl?: string } = {},
): Promise<RunWorkflowResult> {
	return await runSuperOffice({
		credential: sandboxCredential(options.baseUrl ?? sandbox.webClientUrl),
		parameters: { operation: 'getMany', ...parameters },
		inputItems: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
	});
}

/** `count` sessions with ids 1..count, all Closed unless `status` says otherwise. */
function seed(count: number, status: (id: number) => string = () => 'Closed'): void {
	sandbox.reseed(
		Array.from({ length: count }, (_unused, index) => ({
			ChatSessionId: index + 1,
			Status: status(index + 1),
		})),
	);
}

function archiveRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession$/);
}

function entityRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession\/\d+$/);
}

const pagesAsked = () =>
	archiveRequests().map((request) => [request.query.$top, request.query.$skip]);

/** The most requests that were open at the same moment, from the request log's start and end times. */
function mostAtOnce(requests: Recorded[]): number {
	const events = requests.flatMap((request) => [
		{ at: request.startedAt, open: 1 },
		{ at: request.endedAt ?? Number.POSITIVE_INFINITY, open: -1 },
	]);
	// At equal times an end comes first: touching intervals do not overlap.
	events.sort((a, b) => a.at - b.at || a.open - b.open);
	let open = 0;
	let most = 0;
	for (const event of events) {
		open += event.open;
		most = Math.max(most, open);
	}
	return most;
}

describe('Get Many: paging that ends', () => {
	it('a server that ignores $skip: stops at the second page with a clear error instead of repeating the first page', async () => {
		seed(450);
		sandbox.faults.paging('ignore-skip');
		const result = await getMany({ limit: 1000 });

		expect(pagesAsked()).toEqual([
			['200', '0'],
			['200', '200'],
		]);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'The chat session search stopped: page 2 only repeats sessions of earlier pages (the server seems to ignore $skip)',
		);
		expect(result.error?.description).toMatch(
			/^200 distinct sessions were read before; none are output, as the list would be incomplete\./,
		);
	});

	it('with Return All the same: two pages, then the error (not thousands of pages)', async () => {
		seed(450);
		sandbox.faults.paging('ignore-skip');
		const result = await getMany({ returnAll: true });

		expect(archiveRequests()).toHaveLength(2);
		expect(result.error?.message).toMatch(/page 2 only repeats sessions of earlier pages/);
	});

	it('a server that repeats its odata.nextLink: stops at the second page and names the link', async () => {
		seed(450);
		sandbox.faults.paging('repeat-next-link');
		const result = await getMany({ returnAll: true });

		expect(pagesAsked()).toEqual([
			['200', '0'],
			['200', '200'],
		]);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'The chat session search stopped: page 2 has the same odata.nextLink as an earlier page, so paging would never end',
		);
	});

	it('the same with a limit: never more than the distinct sessions, never the same session twice', async () => {
		seed(450);
		sandbox.faults.paging('repeat-next-link');
		const result = await getMany({ limit: 600 });

		expect(archiveRequests()).toHaveLength(2);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(/same odata\.nextLink/);
	});

	it('with Continue On Fail every input item gets its own error item, paired, and nothing else', async () => {
		seed(450);
		sandbox.faults.paging('ignore-skip');
		const result = await getMany(
			{ returnAll: true },
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.error).toMatch(
				/^The chat session search stopped: page 2 only repeats sessions of earlier pages/,
			);
			expect(item.json.description).toMatch(
				/Narrow the filters, or turn off Return All and set a Limit of at most 200/,
			);
		});
		expect(archiveRequests()).toHaveLength(4);
	});

	it('honest paging is unchanged: every session once, in order, the pages following $skip', async () => {
		seed(450);
		const result = await getMany({ returnAll: true });

		expect(result.error).toBeUndefined();
		expect(pagesAsked()).toEqual([
			['200', '0'],
			['200', '200'],
			['200', '400'],
		]);
		expect(result.items.map((item) => item.json.chatSessionId)).toEqual(
			Array.from({ length: 450 }, (_unused, index) => index + 1),
		);
	});
});

describe('Get Many: Return Full Chat Sessions under the Concurrency option', () => {
	const ACTIVE = 12;
	/** 12 active sessions (ids 2, 4, …, 24) among 30. */
	function seedActive(): number[] {
		seed(30, (id) => (id % 2 === 0 && id <= 2 * ACTIVE ? 'CustomerLast' : 'Closed'));
		return Array.from({ length: ACTIVE }, (_unused, index) => 2 * (index + 1));
	}
	const parameters = (options: IDataObject = {}): IDataObject => ({
		returnAll: true,
		fullEntities: true,
		filters: { status: ['CustomerLast'] },
		options,
	});

	it('with concurrency 5 the entity reads overlap (5 at once, never more), and the output keeps the search order', async () => {
		const ids = seedActive();
		sandbox.faults.latency({ fixedMs: 100 });
		const result = await getMany(parameters({ concurrency: 5 }));

		expect(result.error).toBeUndefined();
		expect(archiveRequests()).toHaveLength(1);
		expect(
			entityRequests()
				.map((request) => request.path)
				.sort(),
		).toEqual(ids.map((id) => `${API}/ChatSession/${id}`).sort());
		expect(sandbox.maxInFlight).toBe(5);
		expect(mostAtOnce(entityRequests())).toBe(5);
		expect(result.items.map((item) => item.json.ChatSessionId)).toEqual(ids);
		for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('without the option the default concurrency (5) applies', async () => {
		seedActive();
		sandbox.faults.latency({ fixedMs: 100 });
		const result = await getMany(parameters());

		expect(result.error).toBeUndefined();
		expect(sandbox.maxInFlight).toBe(5);
	});

	it('with concurrency 1 they run one after another, each starting after the previous ended', async () => {
		const ids = seedActive();
		sandbox.faults.latency({ fixedMs: 5 });
		const result = await getMany(parameters({ concurrency: 1 }));

		expect(result.error).toBeUndefined();
		expect(sandbox.maxInFlight).toBe(1);
		const reads = entityRequests();
		expect(reads.map((request) => request.path)).toEqual(
			ids.map((id) => `${API}/ChatSession/${id}`),
		);
		for (let index = 1; index < reads.length; index++) {
			expect(reads[index].startedAt).toBeGreaterThanOrEqual(reads[index - 1].endedAt!);
		}
		expect(result.items.map((item) => item.json.ChatSessionId)).toEqual(ids);
	});

	it('keeps each input item’s sessions together and paired to it', async () => {
		const ids = seedActive();
		const result = await getMany(parameters({ concurrency: 3 }), {
			items: [{ json: {} }, { json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.ChatSessionId)).toEqual([...ids, ...ids]);
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([
			...ids.map(() => 0),
			...ids.map(() => 1),
		]);
	});

	it('a failed entity read fails the item (the earliest failure in search order), with Continue On Fail as one error item', async () => {
		const ids = seedActive();
		sandbox.faults.script([
			{
				match: { method: 'GET', path: `/ChatSession/${ids[3]}$` },
				fault: { type: 'status', status: 404 },
			},
		]);
		const result = await getMany(parameters({ concurrency: 5, maxRetries: 0 }), {
			continueOnFail: true,
		});

		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(String(result.items[0].json.error)).toContain(String(ids[3]));
	});
});

describe('Get Many: a page with entries that are not objects', () => {
	it('outputs only the objects, and the next page starts after everything the server sent', async () => {
		const row = (id: number) => ({ PrimaryKey: id, EntityName: 'chatSession', status: 'Closed' });
		const server = await startTestServer((request) =>
			request.query.$skip === '0'
				? { body: { value: [null, 42, 'x', row(1), row(2)], 'odata.nextLink': 'next' } }
				: { body: { value: [row(3)] } },
		);
		try {
			const result = await getMany(
				{ returnAll: true },
				{ baseUrl: `${server.url}/${SANDBOX_DEFAULTS.tenant}` },
			);

			expect(result.error).toBeUndefined();
			expect(server.requests.map((request) => request.query.$skip)).toEqual(['0', '5']);
			expect(result.items.map((item) => item.json.chatSessionId)).toEqual([1, 2, 3]);
		} finally {
			await server.close();
		}
	});
});

describe('Get Many: Return Full Chat Sessions and a search row without a key', () => {
	it('refuses the row with an error naming it, before any entity read (no GET /ChatSession/NaN)', async () => {
		const server = await startTestServer((request) =>
			request.path.endsWith('/ChatSession')
				? {
						body: {
							value: [
								{ PrimaryKey: 7, EntityName: 'chatSession', status: 'InQueue' },
								{ EntityName: 'chatSession', status: 'InQueue' },
							],
						},
					}
				: { body: { ChatSessionId: Number(request.path.split('/').pop()) } },
		);
		try {
			const result = await getMany(
				{ limit: 5, fullEntities: true },
				{ baseUrl: `${server.url}/${SANDBOX_DEFAULTS.tenant}` },
			);

			expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				`GET ${API}/ChatSession`,
			]);
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(
				'Search result 2 has no valid chat session ID: it must be a whole number from 1 to 2147483647, got nothing',
			);
			expect(result.error?.description).toMatch(/Turn off Return Full Chat Sessions/);
		} finally {
			await server.close();
		}
	});
});

describe('Get Many: the Advanced Filter cannot escape its parentheses', () => {
	it('refuses an unbalanced filter combined with a status, naming the filter, before any request', async () => {
		const rawFilter = 'chatSessionId eq 0) or (chatSessionId gt 0';
		const result = await getMany({ returnAll: true, filters: { status: ['InQueue'], rawFilter } });

		expect(sandbox.requests).toHaveLength(0);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`Advanced Filter (OData) "${rawFilter}" is not balanced: the ")" at position 19 closes a parenthesis that was never opened`,
		);
	});

	it('refuses it alone too, and an unclosed quote', async () => {
		expect(
			(await getMany({ filters: { rawFilter: 'chatSessionId eq 0) or (chatSessionId gt 0' } }))
				.error?.message,
		).toMatch(/is not balanced/);
		expect(
			(await getMany({ filters: { rawFilter: "firstMessage eq 'it''s" } })).error?.message,
		).toMatch(/the quoted text starting at position 17 never ends/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('sends a balanced filter inside its own parentheses; parentheses inside quoted text do not count', async () => {
		sandbox.putSession({ ChatSessionId: 5000, Status: 'InQueue', FirstMessage: "it's :) fine" });
		const rawFilter = "contains(firstMessage, 'it''s :)')";
		const result = await getMany({ returnAll: true, filters: { status: ['InQueue'], rawFilter } });

		expect(result.error).toBeUndefined();
		expect(archiveRequests()[0].query.$filter).toBe(`status eq 4 and (${rawFilter})`);
		expect(result.items.map((item) => item.json.chatSessionId)).toEqual([5000]);
	});
});

describe('Get Many: dates before year 100', () => {
	it('sends 0050-01-01 as year 50, not 1950', async () => {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { operation: 'getMany', filters: { updatedAfter: '0050-01-01T00:00:00' } },
			inputItems: [{ json: {} }],
		});

		expect(result.error).toBeUndefined();
		expect(archiveRequests()[0].query.$filter).toMatch(
			/^updatedDate after '00(50-01-01|49-12-31)T\d\d:\d\d:\d\dZ'$/,
		);
	});
});
