/**
 * Get Many's archive paging against scripted answers: de-duplication by primary key, where
 * each page starts ($skip counts what the server handed out), and the page bound.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { execute } from '../../nodes/SuperOffice/resources/chatSession/getMany';
import type { ItemContext } from '../../nodes/SuperOffice/execution/operation';
import type { SuperOfficeRequest } from '../../nodes/shared/transport/request';
import { toResultPage } from '../../nodes/shared/transport/resultPage';

type Page = { value: IDataObject[]; 'odata.nextLink'?: string };

/** Runs Get Many for one item; `answer` plays the server, its page read as the transport reads it. */
async function run(parameters: IDataObject, answer: (qs: IDataObject, call: number) => Page) {
	const sent: IDataObject[] = [];
	const ctx = {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getTimezone: () => 'UTC',
		getNode: () => ({
			id: '1',
			name: 'SuperOffice',
			type: 'n8n-nodes-superoffice.superOffice',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
	} as unknown as IExecuteFunctions;
	const item: ItemContext = {
		itemIndex: 0,
		request: async <T>(request: SuperOfficeRequest) => {
			sent.push(request.qs as IDataObject);
			return toResultPage(answer(request.qs as IDataObject, sent.length)) as T;
		},
	};
	let rows: IDataObject[] | undefined;
	let error: Error | undefined;
	try {
		rows = (await execute.call(ctx, item)) as IDataObject[];
	} catch (thrown) {
		error = thrown as Error;
	}
	return { rows, error, skips: sent.map((qs) => qs.$skip), tops: sent.map((qs) => qs.$top) };
}

const rowsOf = (ids: number[]) =>
	ids.map((id) => ({ PrimaryKey: id, EntityName: 'chatSession', chatSessionId: id }));
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_unused, index) => from + index);

describe('Get Many paging', () => {
	it('drops sessions an earlier page already had, and pages on by what the server handed out', async () => {
		// Sessions added while paging push 50 rows of page 1 onto page 2.
		const pages: Page[] = [
			{ value: rowsOf(range(1, 200)), 'odata.nextLink': 'next-200' },
			{ value: rowsOf(range(151, 350)), 'odata.nextLink': 'next-400' },
			{ value: rowsOf(range(351, 360)) },
		];
		const { rows, error, skips } = await run({ returnAll: true }, (_qs, call) => pages[call - 1]);

		expect(error).toBeUndefined();
		expect(skips).toEqual([0, 200, 400]);
		expect(rows!.map((row) => row.chatSessionId)).toEqual(range(1, 360));
	});

	it('drops a session repeated inside one page, and counts only distinct ones against the limit', async () => {
		const pages: Page[] = [
			{ value: rowsOf([1, 2, 2, 3, 1]), 'odata.nextLink': 'next-5' },
			{ value: rowsOf([4, 5, 6]) },
		];
		const { rows, tops, skips } = await run({ limit: 5 }, (_qs, call) => pages[call - 1]);

		expect(tops).toEqual([5, 2]);
		expect(skips).toEqual([0, 5]);
		expect(rows!.map((row) => row.chatSessionId)).toEqual([1, 2, 3, 4, 5]);
	});

	it('stops on a full page of repeats even when every page carries a fresh nextLink', async () => {
		const { error, skips } = await run({ returnAll: true }, (qs) => ({
			value: rowsOf(range(1, 200)),
			'odata.nextLink': `skip-${String(qs.$skip)}`,
		}));

		expect(skips).toEqual([0, 200]);
		expect(error?.message).toBe(
			'The chat session search stopped: page 2 only repeats sessions of earlier pages (the server seems to ignore $skip)',
		);
	});

	it('stops when rows without a key repeat (they are told apart by content)', async () => {
		const { error, skips } = await run({ returnAll: true }, (qs) => ({
			value: [{ status: 'InQueue' }],
			'odata.nextLink': `skip-${String(qs.$skip)}`,
		}));

		expect(skips).toEqual([0, 1]);
		expect(error?.message).toMatch(/page 2 only repeats sessions of earlier pages/);
	});

	it('keeps only objects of a page, but pages on by everything the server handed out', async () => {
		const pages: Page[] = [
			{ value: [null, 42, ...rowsOf([1, 2])] as IDataObject[], 'odata.nextLink': 'next-4' },
			{ value: rowsOf([3]) },
		];
		const { rows, skips } = await run({ limit: 4 }, (_qs, call) => pages[call - 1]);

		expect(skips).toEqual([0, 4]);
		expect(rows!.map((row) => row.chatSessionId)).toEqual([1, 2, 3]);
	});

	it('a short last page of repeats ends the list normally', async () => {
		const pages: Page[] = [
			{ value: rowsOf(range(1, 200)), 'odata.nextLink': 'next' },
			{ value: rowsOf([200]) },
		];
		const { rows, error } = await run({ returnAll: true }, (_qs, call) => pages[call - 1]);

		expect(error).toBeUndefined();
		expect(rows).toHaveLength(200);
	});

	it('fails after 5,000 pages rather than returning a list cut short without saying so', async () => {
		const { error, skips } = await run({ returnAll: true }, (qs) => ({
			value: rowsOf([Number(qs.$skip) + 1]),
			'odata.nextLink': `skip-${Number(qs.$skip) + 1}`,
		}));

		expect(skips).toHaveLength(5000);
		expect(error?.message).toBe(
			'The chat session search stopped: SuperOffice still had more after 5000 pages',
		);
		expect((error as Error & { hint?: string }).hint).toMatch(
			/^5000 distinct sessions were read before/,
		);
	});
});
