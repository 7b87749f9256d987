import { defaultAuthorization } from '../sandbox/testing';
import { useSandbox } from '../support/sandboxLifecycle';

const sandbox = useSandbox(undefined, { wrongHostPort: false });

async function get(path: string): Promise<Response> {
	return await fetch(`${sandbox.apiUrl}${path}`, {
		redirect: 'manual',
		headers: { authorization: defaultAuthorization('basic') },
	});
}

describe('hostile-server faults', () => {
	it('validates shapes (a bad control request answers 400)', async () => {
		expect(() => sandbox.faults.script([{ fault: { type: 'redirect', status: 200 } }])).toThrow(
			/redirect fault status/,
		);
		expect(() => sandbox.faults.script([{ fault: { type: 'trickle', intervalMs: 0 } }])).toThrow(
			/intervalMs/,
		);
		expect(() => sandbox.faults.script([{ fault: { type: 'oversize', bytes: 10 } }])).toThrow(
			/bytes/,
		);
		const r = await fetch(`${sandbox.controlUrl}/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ script: [{ fault: { type: 'raw', body: 42 } }] }),
		});
		expect(r.status).toBe(400);
		expect(sandbox.faults.remaining()).toEqual([]);
	});

	it('redirect: the status and Location, no body, nothing processed', async () => {
		sandbox.faults.script([
			{ fault: { type: 'redirect', status: 307, location: 'http://127.0.0.2:1/x' } },
		]);
		const r = await get('/ChatSession/903');
		expect([r.status, r.headers.get('location'), await r.text()]).toEqual([
			307,
			'http://127.0.0.2:1/x',
			'',
		]);
		expect(sandbox.requests[0].fault).toMatchObject({
			type: 'redirect',
			status: 307,
			source: 'script',
		});
	});

	it('raw: exactly the body and status given; 204 without a body', async () => {
		sandbox.faults.script([
			{ fault: { type: 'raw', status: 200, body: '"ok"' } },
			{ fault: { type: 'raw', status: 204 } },
		]);
		const first = await get('/ChatSession/903');
		expect([first.status, await first.text()]).toEqual([200, '"ok"']);
		const second = await get('/ChatSession/903');
		expect([second.status, await second.text()]).toEqual([204, '']);
	});

	it('reshape: a page around the entity, a page whose value is a text, an object that is no entity', async () => {
		sandbox.faults.script([
			{ fault: { type: 'reshape', as: 'page' } },
			{ fault: { type: 'reshape', as: 'value-text' } },
			{ fault: { type: 'reshape', as: 'object' } },
			{ fault: { type: 'reshape', as: 'page' } },
		]);
		const page = (await (await get('/ChatSession/903')).json()) as { value: unknown[] };
		expect(page.value).toEqual([expect.objectContaining({ ChatSessionId: 903 })]);
		expect(await (await get('/ChatSession/903')).json()).toEqual({ value: 'not a list' });
		expect(await (await get('/ChatSession/903')).json()).toEqual({ Success: true });
		const missing = await get('/ChatSession/999999');
		expect(missing.status).toBe(404);
		expect(() =>
			sandbox.faults.script([{ fault: { type: 'reshape', as: 'xml' } as never }]),
		).toThrow(/reshape fault 'as' must be one of page, value-text, object/);
	});

	it('trickle: the real answer, slowly', async () => {
		sandbox.faults.script([{ fault: { type: 'trickle', intervalMs: 1, bytes: 256 } }]);
		const started = Date.now();
		const r = await get('/ChatSession/903');
		const body = (await r.json()) as { ChatSessionId: number };
		expect(body.ChatSessionId).toBe(903);
		expect(Date.now() - started).toBeGreaterThanOrEqual(3);
	});

	it('oversize: a body of exactly the size asked for, JSON for a success', async () => {
		sandbox.faults.script([
			{ fault: { type: 'oversize', bytes: 5000 } },
			{ fault: { type: 'oversize', status: 500, bytes: 3000 } },
		]);
		const ok = await get('/ChatSession/903');
		const text = await ok.text();
		expect([ok.status, text.length]).toEqual([200, 5000]);
		expect(JSON.parse(text)).toMatchObject({ ChatSessionId: 903 });
		const error = await get('/ChatSession/903');
		expect([error.status, (await error.text()).length]).toEqual([500, 3000]);
	});

	it('broken-gzip: a client that decompresses fails', async () => {
		sandbox.faults.script([{ fault: { type: 'broken-gzip' } }]);
		await expect(get('/ChatSession/903').then(async (r) => await r.text())).rejects.toThrow();
	});
});
