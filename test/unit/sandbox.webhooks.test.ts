/**
 * The sandbox's webhooks: the Webhook REST resource (CRUD, name filter, JSON Patch and merge
 * patch), the signed registration test call, signed deliveries when chat sessions change, the
 * retry rhythm and TooManyErrors, and the switches (HTTPS required, no webhook rights, bad
 * signatures). A small receiver plays the webhook target and records what arrived.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { createSandbox, DEFAULT_WEBHOOK_SETTINGS } from '../sandbox';
import { callApi, callControl } from '../sandbox/testing';

type Sandbox = Awaited<ReturnType<typeof createSandbox>>;

interface Received {
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	json: Record<string, any>;
	at: number;
}

/** A webhook target: records every POST, answers what `answer()` says (200 by default). */
async function startReceiver() {
	const received: Received[] = [];
	let answer: (r: Received) => number = () => 200;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			let json: Record<string, any> = {};
			try {
				json = JSON.parse(raw.toString('utf8'));
			} catch {
				// a body format other than JSON (bodyFormat): tests read `raw`
			}
			const r = { headers: req.headers, raw, json, at: Date.now() };
			received.push(r);
			res.writeHead(answer(r), { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as { port: number }).port;
	return {
		url: `http://127.0.0.1:${port}/webhook/so`,
		received,
		events: () => received.filter((r) => r.json.Event !== 'test'),
		answerWith: (fn: (r: Received) => number) => (answer = fn),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

const sign = (secret: string, body: Buffer) =>
	crypto.createHmac('sha256', secret).update(body).digest('base64');
const SECRET = 'receiver-secret-9Qx';

let sb: Sandbox;
let target: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
	sb = await createSandbox();
	target = await startReceiver();
});
afterAll(async () => {
	await sb.close();
	await target.close();
});
beforeEach(() => {
	sb.reseed('default');
	sb.webhooks.clear();
	sb.webhooks.configure({ ...DEFAULT_WEBHOOK_SETTINGS, retryDelaysMs: [20, 80] });
	target.received.length = 0;
	target.answerWith(() => 200);
});

const register = (body: Record<string, unknown> = {}) =>
	callApi(sb.apiUrl, '/Webhook', {
		method: 'POST',
		body: {
			Name: 'n8n hook',
			Events: ['chatsession.changed', 'chatsession.message', 'chatsession.created'],
			TargetUrl: target.url,
			Secret: SECRET,
			State: 'Active',
			Type: 'webhook',
			...body,
		},
	});

const control = (method: string, sub: string, body?: unknown) =>
	callControl(sb.controlUrl, method, sub, body);

describe('Webhook resource', () => {
	it('registers after a signed test call answered 200, and lists, reads, patches and deletes', async () => {
		const created = await register();
		expect(created.status).toBe(200);
		expect(created.json).toMatchObject({
			WebhookId: 1,
			Name: 'n8n hook',
			TargetUrl: target.url,
			State: 'Active',
			Type: 'webhook',
		});
		expect(created.json._Links.Self).toBe(`${sb.apiUrl}/Webhook/1`);

		// The test call: one POST, event "test", signed with the new secret over the raw body.
		expect(target.received).toHaveLength(1);
		const [test] = target.received;
		expect(test.json).toMatchObject({
			Event: 'test',
			WebhookName: 'n8n hook',
			ContextIdentifier: 'Cust12345',
		});
		expect(test.headers['x-superoffice-event']).toBe('test');
		expect(test.headers['x-superoffice-signature']).toBe(sign(SECRET, test.raw));

		await register({ Name: 'other hook' });
		expect((await callApi(sb.apiUrl, '/Webhook')).json.map((h: any) => h.Name)).toEqual([
			'n8n hook',
			'other hook',
		]);
		expect(
			(await callApi(sb.apiUrl, '/Webhook?nameFilter=other%20hook')).json.map(
				(h: any) => h.WebhookId,
			),
		).toEqual([2]);
		expect((await callApi(sb.apiUrl, '/Webhook?nameFilter=other')).json).toEqual([]);
		expect((await callApi(sb.apiUrl, '/Webhook/1')).json.Name).toBe('n8n hook');

		// JSON Merge Patch and JSON Patch (paths case-insensitive, leading slash optional).
		const stopped = await callApi(sb.apiUrl, '/Webhook/1', {
			method: 'PATCH',
			body: { State: 'Stopped' },
		});
		expect(stopped.json.State).toBe('Stopped');
		expect(
			(await callApi(sb.apiUrl, '/Webhook?statusFilter=Stopped')).json.map((h: any) => h.WebhookId),
		).toEqual([1]);
		const active = await callApi(sb.apiUrl, '/Webhook/1', {
			method: 'PATCH',
			body: [{ op: 'replace', path: 'state', value: 1 }],
		});
		expect(active.json.State).toBe('Active');

		const del = await callApi(sb.apiUrl, '/Webhook/1', { method: 'DELETE' });
		expect(del.status).toBe(204);
		expect((await callApi(sb.apiUrl, '/Webhook/1')).status).toBe(404);
		expect((await callApi(sb.apiUrl, '/Webhook/1', { method: 'DELETE' })).status).toBe(404);
		expect(sb.requestsFor('DELETE', /\/Webhook\/1$/).map((r) => r.status)).toEqual([204, 404]);
	});

	it('refuses a hook whose test call does not get 200, and stores nothing', async () => {
		target.answerWith(() => 404);
		const r = await register();
		expect(r.status).toBe(400);
		expect(r.json.Message).toMatch(/^Webhook test call to TargetUrl .* failed: HTTP 404/);
		expect(sb.webhooks.list()).toEqual([]);

		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as { port: number }).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const unreachable = await register({ TargetUrl: `http://127.0.0.1:${port}/webhook` });
		expect(unreachable.status).toBe(400);
		expect(unreachable.json.Message).toMatch(/failed: ECONNREFUSED/);
	});

	it('checks the definition: name, events, an http(s) TargetUrl, a known state', async () => {
		expect((await register({ Name: '' })).json.Message).toMatch(/Name is required/);
		expect((await register({ Events: [] })).json.Message).toMatch(/Events/);
		expect((await register({ TargetUrl: 'ftp://x.example/' })).status).toBe(400);
		expect((await register({ State: 'Sleeping' })).json.Message).toMatch(/State/);
		expect(target.received).toHaveLength(0);
	});

	it('"HTTPS required" refuses an http TargetUrl the way SuperOffice does', async () => {
		sb.webhooks.configure({ httpsRequired: true });
		const r = await register();
		expect(r.status).toBe(400);
		expect(r.json).toMatchObject({
			Error: true,
			ErrorType: 'ArgumentException',
			Message: `Webhook TargetUrl must be secure: ${target.url}`,
		});
		expect(target.received).toHaveLength(0);
	});

	it('"no webhook rights" answers 403 to every Webhook call', async () => {
		await register();
		await control('POST', '/webhooks/settings', { webhookRights: false });
		for (const [method, path] of [
			['GET', '/Webhook'],
			['POST', '/Webhook'],
			['GET', '/Webhook/1'],
			['PATCH', '/Webhook/1'],
			['DELETE', '/Webhook/1'],
		]) {
			const r = await callApi(sb.apiUrl, path, {
				method,
				body: method === 'POST' || method === 'PATCH' ? {} : undefined,
			});
			expect([method, path, r.status]).toEqual([method, path, 403]);
			expect(r.json.Message).toMatch(/Webhook agent is not available in Online by default/);
		}
		expect(sb.webhooks.list()).toHaveLength(1);
	});
});

describe('event deliveries', () => {
	it('sends signed chatsession events when sessions change through the API or the control endpoints', async () => {
		await register();
		target.received.length = 0;

		await callApi(sb.apiUrl, '/ChatSession/903/Reset', { method: 'POST' });
		await control('PUT', '/sessions/5001', {
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			TopicId: 2,
		});
		await callApi(sb.apiUrl, '/ChatSession/901/Messages', {
			method: 'POST',
			body: { Message: 'Hello?', Type: 'ToUser' },
		});
		expect(await sb.webhooks.settled(5000)).toBe(true);

		const events = target.events();
		expect(events.map((e) => [e.json.Event, e.json.PrimaryKey])).toEqual([
			['chatsession.changed', 903],
			['chatsession.created', 5001],
			['chatsession.message', 901],
			['chatsession.changed', 901],
		]);
		for (const e of events) {
			expect(e.headers['x-superoffice-signature']).toBe(sign(SECRET, e.raw));
			expect(e.headers['x-superoffice-event']).toBe(e.json.Event);
			expect(e.headers['x-superoffice-eventid']).toBe(e.json.EventId);
			expect(e.headers['x-superoffice-retry']).toBe('0');
			expect(e.json).toMatchObject({
				Entity: 'chatsession',
				ContextIdentifier: 'Cust12345',
				WebhookName: 'n8n hook',
			});
		}
		// FieldValues: the status as its number, the bot flag as the docs spell it.
		expect(events[0].json.FieldValues).toEqual({
			ChatSessionId: 903,
			Status: 4,
			ChatbotIsactive: false,
			TopicId: 2,
			UserId: 0,
		});
		expect(events[0].json.Changes).toEqual(expect.arrayContaining(['status', 'chatbotisactive']));
		expect(events[1].json.FieldValues).toMatchObject({ Status: 5, ChatbotIsactive: true });
		expect(events[2].json.Changes.every((c: string) => c.startsWith('chatMessage.'))).toBe(true);
		expect(JSON.stringify(events[2].json)).not.toContain('Hello?');
		expect(events[3].json.ChangedByAssociateId).toBe(5);
	});

	it('only to active hooks that listen to the event; a control call sends one by hand', async () => {
		await register({ Name: 'created only', Events: ['chatsession.created'] });
		await register({ Name: 'stopped', State: 'Stopped' });
		target.received.length = 0;
		const sent = await control('POST', '/webhooks/events', {
			event: 'chatsession.changed',
			chatSessionId: 904,
		});
		expect(sent.json.hooks).toBe(0);
		await callApi(sb.apiUrl, '/ChatSession/904/Reset', { method: 'POST' });
		await sb.webhooks.settled(5000);
		expect(target.received).toHaveLength(0);

		await register({ Name: 'changed', Events: ['chatsession.changed'] });
		target.received.length = 0;
		const byHand = await control('POST', '/webhooks/events', {
			event: 'chatsession.changed',
			chatSessionId: 904,
			changedByAssociateId: 21,
		});
		expect(byHand.json.hooks).toBe(1);
		await sb.webhooks.settled(5000);
		expect(
			target.events().map((e) => [e.json.WebhookName, e.json.EventId, e.json.ChangedByAssociateId]),
		).toEqual([['changed', byHand.json.eventId, 21]]);
		expect(
			(await control('GET', '/webhooks/deliveries')).json.filter((d: any) => !d.test),
		).toHaveLength(1);
	});

	it('retries a failed delivery after the configured pauses (1 s and 4 s by default) with X-SuperOffice-Retry', async () => {
		expect(DEFAULT_WEBHOOK_SETTINGS.retryDelaysMs).toEqual([1000, 4000]);
		await register();
		target.answerWith((r) =>
			r.json.Event === 'test' || r.headers['x-superoffice-retry'] === '2' ? 200 : 500,
		);
		target.received.length = 0;
		await control('POST', '/webhooks/events', { event: 'chatsession.changed', chatSessionId: 905 });
		await sb.webhooks.settled(5000);
		const tries = target.events();
		expect(tries.map((t) => t.headers['x-superoffice-retry'])).toEqual(['0', '1', '2']);
		expect(new Set(tries.map((t) => t.json.EventId)).size).toBe(1);
		expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(18);
		expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(75);
		expect(sb.webhooks.get(1)?.State).toBe('Active');
	});

	it('sets a hook to TooManyErrors after 9 failures in a row, and sends nothing more until it is Active again', async () => {
		sb.webhooks.configure({ retryDelaysMs: [1, 1] });
		await register();
		target.answerWith((r) => (r.json.Event === 'test' ? 200 : 503));
		target.received.length = 0;
		for (let i = 0; i < 4; i++)
			await control('POST', '/webhooks/events', {
				event: 'chatsession.changed',
				chatSessionId: 901,
			});
		await sb.webhooks.settled(5000);
		expect(target.events()).toHaveLength(9);
		expect(sb.webhooks.get(1)?.State).toBe('TooManyErrors');
		expect((await callApi(sb.apiUrl, '/Webhook/1/LastError')).json).toMatch(/^HTTP 503/);

		target.answerWith(() => 200);
		const again = await callApi(sb.apiUrl, '/Webhook/1', {
			method: 'PATCH',
			body: { State: 'Active' },
		});
		expect(again.json.State).toBe('Active');
		target.received.length = 0;
		await control('POST', '/webhooks/events', { event: 'chatsession.changed', chatSessionId: 901 });
		await sb.webhooks.settled(5000);
		expect(target.events()).toHaveLength(1);
	});

	it('bad-signature modes: wrong key, no signature, a body changed after signing', async () => {
		await register();
		for (const mode of ['wrong', 'missing', 'tampered'] as const) {
			sb.webhooks.configure({ signatureMode: mode });
			target.received.length = 0;
			await control('POST', '/webhooks/events', {
				event: 'chatsession.changed',
				chatSessionId: 902,
			});
			await sb.webhooks.settled(5000);
			const [e] = target.events();
			const header = e.headers['x-superoffice-signature'];
			if (mode === 'missing') expect(header).toBeUndefined();
			else {
				expect(typeof header).toBe('string');
				expect(header).not.toBe(sign(SECRET, e.raw));
			}
		}
	});

	it('timestampOffsetMs dates the signed Timestamp; replay(seq) sends a recorded delivery again byte for byte', async () => {
		await register();
		sb.webhooks.configure({ timestampOffsetMs: -600_000 });
		target.received.length = 0;
		await control('POST', '/webhooks/events', { event: 'chatsession.changed', chatSessionId: 902 });
		await sb.webhooks.settled(5000);
		const [stale] = target.events();
		const age =
			Date.now() - Date.parse(String(stale.json.Timestamp).replace(/(\.\d{3})\d*Z$/, '$1Z'));
		expect(age).toBeGreaterThanOrEqual(600_000);
		expect(age).toBeLessThan(610_000);
		expect(stale.headers['x-superoffice-signature']).toBe(sign(SECRET, stale.raw));
		expect(() => sb.webhooks.configure({ timestampOffsetMs: 1.5 })).toThrow(TypeError);

		const original = sb.webhooks.deliveries.filter((d) => !d.test).at(-1)!;
		const again = await sb.webhooks.replay(original.seq);
		expect(again).toMatchObject({ replayOf: original.seq, eventId: original.eventId, status: 200 });
		expect(again.seq).toBeGreaterThan(original.seq);
		const [, replayed] = target.events();
		expect(replayed.raw.equals(stale.raw)).toBe(true);
		expect(replayed.headers['x-superoffice-signature']).toBe(
			stale.headers['x-superoffice-signature'],
		);
		await expect(sb.webhooks.replay(9999)).rejects.toThrow('no delivery with seq 9999');
	});

	it('bodyFormat sends the event as multipart, form, XML or text, signed over the bytes sent', async () => {
		await register();
		const seen: Array<[string, string | undefined]> = [];
		for (const format of ['multipart', 'form', 'xml', 'text'] as const) {
			sb.webhooks.configure({ bodyFormat: format });
			target.received.length = 0;
			await control('POST', '/webhooks/events', {
				event: 'chatsession.changed',
				chatSessionId: 902,
			});
			await sb.webhooks.settled(5000);
			const [e] = target.events();
			expect(e.headers['x-superoffice-signature']).toBe(sign(SECRET, e.raw));
			expect(e.raw.toString('utf8')).toMatch(/EventId/);
			seen.push([format, e.headers['content-type']?.split(';')[0]]);
		}
		expect(seen).toEqual([
			['multipart', 'multipart/form-data'],
			['form', 'application/x-www-form-urlencoded'],
			['xml', 'application/xml'],
			['text', 'text/plain'],
		]);
		expect(() => sb.webhooks.configure({ bodyFormat: 'yaml' as never })).toThrow(TypeError);
	});

	it('close() ends pending retry pauses: no attempt after close', async () => {
		const own = await createSandbox({ webhooks: { retryDelaysMs: [60_000, 60_000] } });
		try {
			await callApi(own.apiUrl, '/Webhook', {
				method: 'POST',
				body: { Name: 'h', Events: ['chatsession.changed'], TargetUrl: target.url, Secret: SECRET },
			});
			target.answerWith((r) => (r.json.Event === 'test' ? 200 : 500));
			target.received.length = 0;
			await callApi(own.apiUrl, '/ChatSession/903/Reset', { method: 'POST' });
			const deadline = Date.now() + 5000;
			while (target.events().length === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 10));
		} finally {
			await own.close();
		}
		expect(await own.webhooks.settled(2000)).toBe(true);
		expect(target.events()).toHaveLength(1);
	});
});
