/**
 * The sandbox's control endpoints (/__sandbox/…), close() with open keep-alive sockets,
 * and the CLI (ready line, demo credentials, no header leaks, clean SIGTERM).
 */
import http from 'node:http';
import { createSandbox, parseSoDate, SANDBOX_DEFAULTS } from '../sandbox';
import { basicAuth, callApi, callControl } from '../sandbox/testing';
import { startSandboxCli } from '../support/sandboxCli';
import { useSandbox } from '../support/sandboxLifecycle';

const sb = useSandbox();

const control = (method: string, sub: string, body?: unknown) =>
	callControl(sb.controlUrl, method, sub, body);

describe('control endpoints', () => {
	it('describe themselves and are not recorded', async () => {
		const r = await control('GET', '/');
		expect(r.status).toBe(200);
		expect(r.json).toMatchObject({
			tenant: 'Cust12345',
			webClientUrl: sb.webClientUrl,
			apiUrl: sb.apiUrl,
			sessions: 313,
		});
		expect(sb.requests).toHaveLength(0);
		expect((await control('GET', '/nope')).status).toBe(404);
	});

	it('serve and clear the request log', async () => {
		await callApi(sb.apiUrl, '/ChatSession/464', { headers: { 'so-language': 'sv' } });
		await callApi(sb.apiUrl, '/ChatSession/464/Reset', { method: 'POST' });
		const log = await control('GET', '/requests');
		expect(
			log.json.map((r: { method: string; apiPath: string }) => `${r.method} ${r.apiPath}`),
		).toEqual(['GET /ChatSession/464', 'POST /ChatSession/464/Reset']);
		expect(log.json[0].headers['so-language']).toBe('sv');
		const since = await control('GET', `/requests?since=${log.json[0].seq}`);
		expect(since.json).toHaveLength(1);
		expect((await control('DELETE', '/requests')).status).toBe(200);
		expect((await control('GET', '/requests')).json).toEqual([]);
	});

	it('make a session idle for N minutes as of now (WhenIdle = now − N), nothing else changes', async () => {
		const before = sb.getSession(901)!;
		const r = await control('POST', '/sessions/901/idle', { minutes: 10 });
		expect(r.status).toBe(200);
		const idleMs = Date.now() - parseSoDate(r.json.WhenIdle);
		expect(idleMs).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
		expect(idleMs).toBeLessThan(10 * 60_000 + 5000);
		expect(r.json.WhenIdle).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}[+-]\d{2}:\d{2}$/);
		expect({ ...sb.getSession(901), WhenIdle: before.WhenIdle }).toEqual(before);
		expect(sb.setIdle(901, 0)?.WhenIdle).not.toBe(r.json.WhenIdle);
		expect(sb.setIdle(424242, 1)).toBeUndefined();
		expect((await control('POST', '/sessions/424242/idle', { minutes: 1 })).status).toBe(404);
		for (const bad of [{}, { minutes: -1 }, { minutes: '5' }])
			expect((await control('POST', '/sessions/901/idle', bad)).status).toBe(400);
		expect(sb.requests).toHaveLength(0);
	});

	it('read, create and replace sessions and read messages', async () => {
		expect((await control('GET', '/sessions')).json).toHaveLength(313);
		expect((await control('GET', '/sessions/464')).json.CustomerAlias).toBe('minus');
		expect((await control('GET', '/sessions/424242')).status).toBe(404);
		const put = await control('PUT', '/sessions/5000', {
			Status: 'UserLast',
			ChatbotIsActive: true,
		});
		expect(put.json).toMatchObject({
			ChatSessionId: 5000,
			Status: 'UserLast',
			ChatbotIsActive: true,
		});
		expect(sb.getSession(5000)!.ChatbotIsActive).toBe(true);
		const post = await control('POST', '/sessions', { ChatSessionId: 5001, Status: 'InQueue' });
		expect(post.json.ChatSessionId).toBe(5001);
		expect((await control('PUT', '/sessions/5002', { Bogus: 1 })).status).toBe(400);
		expect((await control('GET', '/sessions/903/messages')).json.length).toBeGreaterThan(0);
	});

	it('reseed', async () => {
		expect((await control('POST', '/reseed', { seed: 'empty' })).json).toEqual({ sessions: 0 });
		expect(
			(await control('POST', '/reseed', { seed: [{ ChatSessionId: 7, ChatbotIsActive: true }] }))
				.json,
		).toEqual({ sessions: 1 });
		expect(sb.getSession(7)!.ChatbotIsActive).toBe(true);
		expect((await control('POST', '/reseed', { seed: 'default' })).json).toEqual({ sessions: 313 });
		expect((await control('POST', '/reseed', { seed: 'weird' })).status).toBe(400);
		expect(
			(await control('POST', '/reseed', { seed: [{ ChatSessionId: 1 }, { Stauts: 'x' }] })).status,
		).toBe(400);
		expect(sb.sessions.size).toBe(313); // a bad seed changes nothing
	});

	it('configure faults with JSON (regexes as strings), show and clear them', async () => {
		const set = await control('POST', '/faults', {
			latency: { fixedMs: 1 },
			script: [
				{
					match: { method: 'POST', path: 'Reset$' },
					times: 1,
					fault: { type: 'status', status: 500 },
				},
			],
			rate: { rate: 0, faults: [{ type: 'html' }] },
		});
		expect(set.status).toBe(200);
		expect(set.json.script).toHaveLength(1);
		expect(set.json.latency).toEqual({ fixedMs: 1, jitterMs: 0 });
		expect((await callApi(sb.apiUrl, '/ChatSession/464/Reset', { method: 'POST' })).status).toBe(
			500,
		);
		expect((await control('GET', '/faults')).json.script).toEqual([]);
		expect(
			(await control('POST', '/faults', { script: [{ fault: { type: 'nope' } }] })).status,
		).toBe(400);
		expect((await control('POST', '/faults', { bogus: true })).status).toBe(400);
		await control('POST', '/faults', {
			script: [{ times: -1, fault: { type: 'status', status: 503 } }],
		});
		expect((await callApi(sb.apiUrl, '/ChatSession/464')).status).toBe(503);
		expect((await control('DELETE', '/faults')).json).toEqual({
			latency: { fixedMs: 0, jitterMs: 0 },
			script: [],
			rate: null,
		});
		expect((await callApi(sb.apiUrl, '/ChatSession/464')).status).toBe(200);
	});

	it('report and reset stats, and change settings', async () => {
		await callApi(sb.apiUrl, '/ChatSession/464');
		const stats = await control('GET', '/stats');
		expect(stats.json).toMatchObject({
			inFlight: 0,
			maxInFlight: expect.any(Number),
			totalRequests: expect.any(Number),
		});
		expect((await control('DELETE', '/stats')).json).toEqual({
			inFlight: 0,
			maxInFlight: 0,
			totalRequests: 0,
		});
		expect((await control('POST', '/settings', { agentsAvailable: false })).json).toEqual({
			agentsAvailable: false,
			notMemberOfTopics: [],
		});
		expect(
			(await callApi(sb.apiUrl, '/ChatSession/901/Reset', { method: 'POST' })).json.Status,
		).toBe('OfflineForm');
		expect((await control('POST', '/settings', { agentsAvailable: true })).json).toEqual({
			agentsAvailable: true,
			notMemberOfTopics: [],
		});
		expect((await control('POST', '/settings', { agentsAvailable: 'no' })).status).toBe(400);
		expect((await control('POST', '/settings', { notMemberOfTopics: [2] })).json).toEqual({
			agentsAvailable: true,
			notMemberOfTopics: [2],
		});
		expect(sb.state.notMemberOfTopics.has(2)).toBe(true);
		expect((await control('POST', '/settings', { notMemberOfTopics: ['2'] })).status).toBe(400);
		expect(
			(await control('POST', '/settings', { notMemberOfTopics: [] })).json.notMemberOfTopics,
		).toEqual([]);
	});
});

describe('close()', () => {
	function keepAliveGet(agent: http.Agent, url: string) {
		return new Promise<number>((resolve, reject) => {
			const req = http.get(
				url,
				{
					agent,
					headers: {
						authorization: basicAuth(SANDBOX_DEFAULTS.username, SANDBOX_DEFAULTS.password),
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
				},
			);
			req.on('error', reject);
		});
	}

	it('resolves promptly with idle keep-alive sockets open', async () => {
		const local = await createSandbox({ seed: 'empty' });
		const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
		try {
			const statuses = await Promise.all(
				[1, 2, 3].map(() => keepAliveGet(agent, `${local.apiUrl}/User/currentPrincipal`)),
			);
			expect(statuses).toEqual([200, 200, 200]);
			expect(Object.values(agent.freeSockets).flat().length).toBeGreaterThan(0);
			await fetch(`${local.apiUrl}/User/currentPrincipal`).then((r) => r.text());
			const t0 = Date.now();
			await local.close();
			expect(Date.now() - t0).toBeLessThan(1000);
			await local.close(); // idempotent
		} finally {
			agent.destroy();
		}
	});

	it('resolves promptly while a slow request is pending; that request fails', async () => {
		const local = await createSandbox({ seed: 'empty' });
		local.faults.script([{ fault: { type: 'slow', delayMs: 20000 } }]);
		const pending = callApi(local.apiUrl, '/User/currentPrincipal');
		while (local.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
		const t0 = Date.now();
		await local.close();
		expect(Date.now() - t0).toBeLessThan(1000);
		await expect(pending).rejects.toThrow();
	});
});

describe('cli.js', () => {
	it('prints the ready line and the credentials, never request headers, and exits 0 on SIGTERM', async () => {
		const cli = startSandboxCli(['--port', '0', '--json', '--latency', '1']);
		try {
			expect(await cli.waitFor('SANDBOX_READY')).toBe(true);
			const lines = cli.output().trim().split('\n');
			const info = JSON.parse(lines[0]);
			expect(info).toMatchObject({
				event: 'ready',
				webClientUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/Cust12345$/),
				credentials: {
					basic: { username: 'sandbox-user', password: SANDBOX_DEFAULTS.password },
					appToken: SANDBOX_DEFAULTS.appToken,
				},
			});
			expect(lines[1]).toBe(`SANDBOX_READY ${info.webClientUrl}`);
			const leak = basicAuth('sandbox-user', 'Leak-Check-Zz9');
			const r = await callApi(info.apiUrl, '/ChatSession/464', {
				headers: { authorization: leak, 'so-apptoken': 'app-Leak-Check-Yy8' },
			});
			expect(r.status).toBe(401);
			expect((await callApi(info.apiUrl, '/ChatSession/464')).status).toBe(200);
			await new Promise((r2) => setTimeout(r2, 400)); // access log flush
			expect(cli.output()).toContain('GET /Cust12345/api/v1/ChatSession/464 → 401');
			for (const secret of [
				'Leak-Check-Zz9',
				leak.slice(6),
				'app-Leak-Check-Yy8',
				basicAuth(SANDBOX_DEFAULTS.username, SANDBOX_DEFAULTS.password).slice(6),
			]) {
				expect(cli.output()).not.toContain(secret);
				expect(cli.errors()).not.toContain(secret);
			}
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toBe(0);
	});

	it('rejects unknown options with exit code 2', async () => {
		expect(await startSandboxCli(['--bogus']).exited).toBe(2);
	});
});
