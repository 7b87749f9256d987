/**
 * The sandbox's fault injection: status codes with Retry-After, connection resets before and
 * after the state change, slow answers, proxy HTML, broken JSON, random rates and latency.
 */
import { createSandbox } from '../sandbox';
import { callApi } from '../sandbox/testing';
import { useSandbox } from '../support/sandboxLifecycle';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

const sb = useSandbox();
const api = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(sb.apiUrl, path, init);
const reset = (id: number, init: Parameters<typeof callApi>[2] = {}) =>
	api(`/ChatSession/${id}/Reset`, { method: 'POST', ...init });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('status faults', () => {
	it('answers the status with Retry-After and a JSON error body, without changing state', async () => {
		sb.faults.script([
			{
				match: { method: 'POST', path: /\/Reset$/ },
				fault: { type: 'status', status: 503, retryAfter: 2 },
			},
		]);
		const r = await reset(903);
		expect(r.status).toBe(503);
		expect(r.headers.get('retry-after')).toBe('2');
		expect(r.json).toMatchObject({
			Error: true,
			ErrorType: expect.any(String),
			Message: expect.any(String),
		});
		expect(sb.getSession(903)!.ChatbotIsActive).toBe(true);
		expect(sb.requests[0].fault).toEqual({
			type: 'status',
			status: 503,
			retryAfter: 2,
			body: 'json',
			source: 'script',
		});
		expect(sb.requests[0].status).toBe(503);
		const again = await reset(903);
		expect(again.status).toBe(200);
		expect(sb.requests[1].fault).toBeUndefined();
	});

	it('sends Retry-After as an HTTP date for date:+Ns', async () => {
		sb.faults.script([{ fault: { type: 'status', status: 429, retryAfter: 'date:+5s' } }]);
		const before = Date.now();
		const r = await api('/User/currentPrincipal');
		expect(r.status).toBe(429);
		const when = Date.parse(r.headers.get('retry-after')!);
		expect(when).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 4000);
		expect(when).toBeLessThanOrEqual(before + 6000);
	});

	it.each([
		['json', /^application\/json/, (t: string) => JSON.parse(t).Error === true],
		['html', /^text\/html/, (t: string) => t.includes('<html')],
		['text', /^text\/plain/, (t: string) => t === '502 Bad Gateway'],
		['empty', null, (t: string) => t === ''],
	] as const)('can send a %s body', async (body, type, check) => {
		sb.faults.script([{ fault: { type: 'status', status: 502, body } }]);
		const r = await api('/ChatSession/464');
		expect(r.status).toBe(502);
		if (type) expect(r.headers.get('content-type')).toMatch(type);
		else expect(r.headers.get('content-type')).toBeNull();
		expect(check(r.text)).toBe(true);
	});

	it.each([401, 403, 404, 421, 500, 504])('can inject %i', async (status) => {
		// times 2: Node's fetch (per the Fetch spec) silently retries a 421 once on a new connection.
		sb.faults.script([{ times: 2, fault: { type: 'status', status } }]);
		expect((await api('/ChatSession/464')).status).toBe(status);
	});

	it('consumes rules in order, honours times and match (method, RegExp or string)', async () => {
		sb.faults.script([
			{
				match: { method: 'GET', path: 'ChatSession/464$' },
				times: 2,
				fault: { type: 'status', status: 500 },
			},
			{ match: { method: 'POST' }, fault: { type: 'status', status: 502 } },
		]);
		expect((await api('/User/currentPrincipal')).status).toBe(200);
		expect((await reset(464)).status).toBe(502);
		expect((await api('/ChatSession/464')).status).toBe(500);
		expect(sb.faults.remaining()).toEqual([
			{
				match: { method: 'GET', path: new RegExp('ChatSession/464$').source },
				times: 1,
				fault: { type: 'status', status: 500, body: 'json' },
			},
		]);
		expect((await api('/ChatSession/464')).status).toBe(500);
		expect((await api('/ChatSession/464')).status).toBe(200);
		expect(sb.faults.remaining()).toEqual([]);
	});

	it('keeps a rule with times -1 until cleared', async () => {
		sb.faults.script([{ times: -1, fault: { type: 'status', status: 500 } }]);
		for (let i = 0; i < 4; i++) expect((await api('/ChatSession/464')).status).toBe(500);
		sb.faults.clear();
		expect((await api('/ChatSession/464')).status).toBe(200);
	});
});

describe('connection resets', () => {
	it('before-body: the client sees a network error and nothing changes', async () => {
		sb.faults.script([{ fault: { type: 'reset', when: 'before-body' } }]);
		await expect(reset(903)).rejects.toThrow();
		expect(sb.getSession(903)!.ChatbotIsActive).toBe(true);
		await sleep(20);
		expect(sb.requests[0]).toMatchObject({
			status: null,
			fault: { type: 'reset', when: 'before-body', source: 'script' },
		});
		expect((await reset(903)).status).toBe(200);
	});

	it('after-body: the client sees a network error but the reset HAS happened', async () => {
		sb.faults.script([{ fault: { type: 'reset', when: 'after-body' } }]);
		await expect(reset(903)).rejects.toThrow();
		expect(sb.getSession(903)).toMatchObject({ ChatbotIsActive: false, Status: 'InQueue' });
	});

	it('after-body on POST Messages: the message was stored, a blind retry stores it twice', async () => {
		sb.faults.script([
			{
				match: { method: 'POST', path: /Messages$/ },
				fault: { type: 'reset', when: 'after-body' },
			},
		]);
		const before = sb.getMessages(903).length;
		const body = { Message: 'handing over', Type: 'ToCustomer' };
		await expect(api('/ChatSession/903/Messages', { method: 'POST', body })).rejects.toThrow();
		expect(sb.getMessages(903)).toHaveLength(before + 1);
		expect(sb.requests[0].body).toEqual(body);
		expect((await api('/ChatSession/903/Messages', { method: 'POST', body })).status).toBe(200);
		expect(sb.getMessages(903).filter((m) => m.Message === 'handing over')).toHaveLength(2);
	});
});

describe('slow answers', () => {
	it('answers after the delay', async () => {
		sb.faults.script([{ fault: { type: 'slow', delayMs: 150 } }]);
		const t0 = Date.now();
		expect((await api('/ChatSession/464')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	it('still applies the state change when the client gave up', async () => {
		sb.faults.script([{ fault: { type: 'slow', delayMs: 250 } }]);
		await expect(reset(904, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
		expect(sb.getSession(904)!.ChatbotIsActive).toBe(true);
		for (let i = 0; i < 50 && sb.getSession(904)!.ChatbotIsActive; i++) await sleep(20);
		expect(sb.getSession(904)).toMatchObject({ ChatbotIsActive: false, Status: 'InQueue' });
	});
});

describe('broken bodies', () => {
	it('html: a proxy page with status 200 (default) or the given status, no state change', async () => {
		sb.faults.script([{ fault: { type: 'html' } }, { fault: { type: 'html', status: 502 } }]);
		const ok = await reset(903);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
		expect(ok.json).toBeUndefined();
		expect(ok.text).toContain('<html');
		expect((await reset(903)).status).toBe(502);
		expect(sb.getSession(903)!.ChatbotIsActive).toBe(true);
	});

	it('truncated-json: status 200, JSON content type, a prefix of the real body; state changed', async () => {
		sb.faults.script([{ fault: { type: 'truncated-json' } }]);
		const r = await reset(903);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(() => JSON.parse(r.text)).toThrow(SyntaxError);
		expect(r.text.startsWith('{"ChatSessionId":903,')).toBe(true);
		expect(sb.getSession(903)!.ChatbotIsActive).toBe(false);
	});

	it('malformed-json: status 200 with a body that is not JSON', async () => {
		sb.faults.script([{ fault: { type: 'malformed-json' } }]);
		const r = await api('/ChatSession/464');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/json/);
		expect(() => JSON.parse(r.text)).toThrow(SyntaxError);
	});
});

describe('random faults', () => {
	async function pattern(target: Sandbox, n: number) {
		const out: number[] = [];
		for (let i = 0; i < n; i++) out.push((await callApi(target.apiUrl, '/ChatSession/464')).status);
		return out;
	}

	it('are deterministic for a seed', async () => {
		const cfg = {
			rate: 0.3,
			faults: [
				{ type: 'status' as const, status: 500 },
				{ type: 'status' as const, status: 503 },
			],
			seed: 7,
		};
		sb.faults.rate(cfg);
		const other = await createSandbox({ seed: 'empty' });
		try {
			other.reseed([{ ChatSessionId: 464 }]);
			other.faults.rate(cfg);
			const a = await pattern(sb, 40);
			const b = await pattern(other, 40);
			expect(a).toEqual(b);
			const faulted = a.filter((s) => s !== 200).length;
			expect(faulted).toBeGreaterThan(3);
			expect(faulted).toBeLessThan(25);
			expect(new Set(a)).toEqual(new Set([200, 500, 503]));
			expect(sb.requests.filter((r) => r.fault?.source === 'rate')).toHaveLength(faulted);
		} finally {
			await other.close();
		}
	});

	it('honour rate 0 / 1 and match; script rules come first', async () => {
		sb.faults.rate({
			rate: 1,
			faults: [{ type: 'status', status: 500 }],
			match: { path: 'Reset$' },
		});
		expect((await api('/ChatSession/464')).status).toBe(200);
		expect((await reset(464)).status).toBe(500);
		sb.faults.script([{ fault: { type: 'status', status: 418 } }]);
		expect((await reset(464)).status).toBe(418);
		sb.faults.rate({ rate: 0, faults: [{ type: 'status', status: 500 }] });
		expect(await pattern(sb, 5)).toEqual([200, 200, 200, 200, 200]);
	});
});

describe('latency and concurrency', () => {
	it('adds latency and reports how many requests were in flight at once', async () => {
		// long enough that all 5 are in flight together even when a loaded machine accepts them slowly
		sb.faults.latency({ fixedMs: 1000 });
		const t0 = Date.now();
		const results = await Promise.all(Array.from({ length: 5 }, () => api('/ChatSession/464')));
		expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
		expect(results.every((r) => r.status === 200)).toBe(true);
		expect(sb.maxInFlight).toBe(5);
		expect(sb.inFlight).toBe(0);
		sb.resetStats();
		expect(sb.maxInFlight).toBe(0);
		await api('/ChatSession/464');
		await api('/ChatSession/464');
		expect(sb.maxInFlight).toBe(1);
		expect(sb.stats()).toEqual({ inFlight: 0, maxInFlight: 1, totalRequests: 2 });
	});

	it('adds seeded jitter within bounds', async () => {
		sb.faults.latency({ fixedMs: 10, jitterMs: 40 });
		for (let i = 0; i < 4; i++) {
			const t0 = Date.now();
			await api('/ChatSession/464');
			const took = Date.now() - t0;
			expect(took).toBeGreaterThanOrEqual(9);
			expect(took).toBeLessThan(500);
		}
	});

	it('can be given at creation', async () => {
		const slow = await createSandbox({ seed: 'empty', latency: { fixedMs: 60 } });
		try {
			const t0 = Date.now();
			await callApi(slow.apiUrl, '/User/currentPrincipal');
			expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
		} finally {
			await slow.close();
		}
	});
});

describe('validation', () => {
	it('rejects bad fault shapes with TypeError', () => {
		const bad: unknown[] = [
			{ type: 'explode' },
			{ type: 'status' },
			{ type: 'status', status: 99 },
			{ type: 'status', status: 500, body: 'xml' },
			{ type: 'reset', when: 'later' },
			{ type: 'slow' },
			null,
		];
		for (const fault of bad)
			expect(() => sb.faults.script([{ fault } as never])).toThrow(TypeError);
		expect(() => sb.faults.script([{ times: 0, fault: { type: 'html' } }])).toThrow(TypeError);
		expect(() => sb.faults.script([{ match: { path: '(' }, fault: { type: 'html' } }])).toThrow(
			TypeError,
		);
		expect(() => sb.faults.rate({ rate: 2, faults: [{ type: 'html' }] })).toThrow(TypeError);
		expect(() => sb.faults.rate({ rate: 0.5, faults: [] })).toThrow(TypeError);
		expect(() => sb.faults.latency({ fixedMs: -1 })).toThrow(TypeError);
		expect(sb.faults.remaining()).toEqual([]);
	});
});
