/**
 * The sandbox's paging faults: an archive list that ignores $skip, and one that repeats its
 * odata.nextLink, switched on and off in-process and through the control endpoint.
 */
import { createSandbox } from '../sandbox';
import { callApi, callControl } from '../sandbox/testing';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;
type Row = Record<string, any>;

const TOTAL = 450;
let sb: Sandbox;

beforeAll(async () => {
	sb = await createSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.faults.clear();
	sb.reseed(
		Array.from({ length: TOTAL }, (_unused, index) => ({
			ChatSessionId: index + 1,
			Status: 'Closed',
		})),
	);
});

async function page(
	skip: number,
	path = '/ChatSession',
): Promise<{ ids: number[]; nextLink?: string }> {
	const r = await callApi(
		sb.apiUrl,
		`${path}?$select=chatSessionId&$orderBy=chatSessionId&$top=200&$skip=${skip}`,
	);
	expect(r.status).toBe(200);
	return {
		ids: r.json.value.map((row: Row) => row.PrimaryKey),
		nextLink: r.json['odata.nextLink'],
	};
}

const control = (method: string, body?: unknown) =>
	callControl(sb.controlUrl, method, '/faults', body);

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_unused, index) => from + index);

describe('paging faults', () => {
	it('honest paging: $skip moves the window and the nextLink', async () => {
		const second = await page(200);
		expect(second.ids).toEqual(range(201, 400));
		expect(second.nextLink).toMatch(/\$top=200&\$skip=400$/);
	});

	it("'ignore-skip' answers the first page whatever $skip says, with a nextLink that still advances", async () => {
		sb.faults.paging('ignore-skip');
		const first = await page(0);
		const second = await page(200);
		expect(first.ids).toEqual(range(1, 200));
		expect(second.ids).toEqual(range(1, 200));
		expect(first.nextLink).toMatch(/\$skip=200$/);
		expect(second.nextLink).toMatch(/\$skip=400$/);
		// Past the number of matches the link disappears, the rows do not.
		expect(await page(400)).toEqual({ ids: range(1, 200), nextLink: undefined });
	});

	it("'repeat-next-link' answers the first page with the first page's nextLink, every time", async () => {
		sb.faults.paging('repeat-next-link');
		const pages = [await page(0), await page(200), await page(400)];
		for (const answer of pages) {
			expect(answer.ids).toEqual(range(1, 200));
			expect(answer.nextLink).toBe(pages[0].nextLink);
		}
		expect(pages[0].nextLink).toMatch(/\$skip=200$/);
	});

	it('applies to every archive list (ChatTopic/{id}/Sessions too)', async () => {
		sb.reseed(
			Array.from({ length: 300 }, (_unused, index) => ({ ChatSessionId: index + 1, TopicId: 1 })),
		);
		sb.faults.paging('ignore-skip');
		expect((await page(200, '/ChatTopic/1/Sessions')).ids).toEqual(range(1, 200));
	});

	it('is switched by the control endpoint, shown in its JSON, and cleared with the other faults', async () => {
		expect((await control('POST', { paging: 'ignore-skip' })).json.paging).toBe('ignore-skip');
		expect((await page(200)).ids).toEqual(range(1, 200));
		expect((await control('POST', { paging: 'normal' })).json.paging).toBeUndefined();
		expect((await page(200)).ids).toEqual(range(201, 400));

		await control('POST', { paging: 'repeat-next-link' });
		expect((await control('GET')).json.paging).toBe('repeat-next-link');
		expect((await control('DELETE')).json.paging).toBeUndefined();
		expect((await page(200)).ids).toEqual(range(201, 400));
	});

	it('refuses an unknown mode (400) and changes nothing', async () => {
		sb.faults.paging('ignore-skip');
		const refused = await control('POST', { latency: { fixedMs: 5 }, paging: 'sometimes' });
		expect(refused.status).toBe(400);
		expect(refused.json.error).toMatch(
			/paging must be null, 'normal' or one of ignore-skip, repeat-next-link/,
		);
		expect(sb.faults.toJSON()).toEqual({
			latency: { fixedMs: 0, jitterMs: 0 },
			script: [],
			rate: null,
			paging: 'ignore-skip',
		});
		expect(() => sb.faults.paging('bogus' as never)).toThrow(TypeError);
	});
});
