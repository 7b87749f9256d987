/**
 * The SuperOffice Trigger in n8n-core's hook and webhook contexts against the sandbox, which
 * calls the trigger over HTTP (the harness plays n8n's webhook endpoint): registration, restart,
 * reactivation, test mode beside production, deletion; signed, unsigned and tampered calls;
 * filters; the item; the readable refusals.
 */
import { createHmac, randomUUID } from 'node:crypto';

import { DELIVERY_LIMITS } from '../../nodes/SuperOfficeTrigger/delivery';
import { SANDBOX_DEFAULTS } from '../sandbox';
import { sandboxTrigger, useTriggerSandbox } from './triggerSupport';

const { sandbox, harnesses } = useTriggerSandbox();

const BOT_FILTERS = { chatbotActive: 'yes', statuses: ['active'] };

const trigger = async (parameters: Record<string, unknown> = {}) =>
	await sandboxTrigger(sandbox.webClientUrl, harnesses, {
		events: ['chatsession.changed', 'chatsession.message'],
		filters: BOT_FILTERS,
		...parameters,
	});

const webhookCalls = () =>
	sandbox.requests
		.filter((r) => r.apiPath?.toLowerCase().startsWith('/webhook'))
		.map((r) => `${r.method} ${r.apiPath} ${r.status}`);
const sign = (secret: string, body: Buffer) =>
	createHmac('sha256', secret).update(body).digest('base64');

describe('registration', () => {
	it("activation registers one hook with a fresh secret; SuperOffice's test call is answered 200 and starts nothing", async () => {
		const h = await trigger();
		await h.activate();
		const hooks = sandbox.webhooks.list();
		expect(hooks).toHaveLength(1);
		const [hook] = hooks;
		const saved = h.staticData().production as Record<string, unknown>;
		expect(hook).toMatchObject({
			TargetUrl: h.url(),
			Events: ['chatsession.changed', 'chatsession.message'],
			State: 'Active',
			Type: 'webhook',
		});
		expect(hook.Name).toBe(`n8n harness-trigger-workflow ${h.node.id}`);
		expect(saved).toEqual({ webhookId: hook.WebhookId, secret: hook.Secret, targetUrl: h.url() });
		expect(String(saved.secret)).toMatch(/^[A-Za-z0-9_-]{43}$/);
		// No recorded registration: it looks for one left by an earlier attempt first.
		expect(webhookCalls()).toEqual(['GET /Webhook 200', 'POST /Webhook 200']);
		// The test call reached the trigger, got 200, and no workflow ran.
		expect(h.received).toHaveLength(1);
		expect(h.received[0]).toMatchObject({ status: 200, json: { received: true } });
		expect(h.received[0].response.workflowData).toBeUndefined();
	});

	it('a restart (activation again) finds the hook and registers no second one; a stopped hook is set Active again with a new secret', async () => {
		const h = await trigger();
		await h.activate();
		const first = h.staticData().production as { webhookId: number; secret: string };
		sandbox.clearRequests();
		await h.activate();
		expect(webhookCalls()).toEqual([`GET /Webhook/${first.webhookId} 200`]);
		expect(h.staticData().production).toEqual(first);

		await fetch(`${sandbox.apiUrl}/Webhook/${first.webhookId}`, {
			method: 'PATCH',
			headers: {
				authorization: `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.username}:${SANDBOX_DEFAULTS.password}`).toString('base64')}`,
				'content-type': 'application/json',
			},
			body: JSON.stringify({ State: 'TooManyErrors' }),
		});
		sandbox.clearRequests();
		await h.activate();
		// checkExists reads it, create reads it again (is it still this node's?) and patches it.
		expect(webhookCalls()).toEqual([
			`GET /Webhook/${first.webhookId} 200`,
			`GET /Webhook/${first.webhookId} 200`,
			`PATCH /Webhook/${first.webhookId} 200`,
		]);
		const again = h.staticData().production as { webhookId: number; secret: string };
		expect(again.webhookId).toBe(first.webhookId);
		expect(again.secret).not.toBe(first.secret);
		expect(sandbox.webhooks.list().map((x) => [x.WebhookId, x.State, x.Secret])).toEqual([
			[first.webhookId, 'Active', again.secret],
		]);
		expect(sandbox.requestsFor('PATCH', /Webhook/)[0].body).toMatchObject({
			State: 'Active',
			Secret: again.secret,
			TargetUrl: h.url(),
		});
	});

	it('create is safe to call again: a hook left by an unrecorded registration is taken over, not doubled', async () => {
		const h = await trigger();
		await h.hook('create');
		const lost = h.staticData().production as { webhookId: number };
		// n8n retried the activation, but the static data of the first attempt was never saved.
		delete (h.workflow.staticData[`node:${h.node.name}`] as Record<string, unknown>).production;
		sandbox.clearRequests();
		await h.hook('create');
		expect(webhookCalls()).toEqual(['GET /Webhook 200', `PATCH /Webhook/${lost.webhookId} 200`]);
		expect(sandbox.requestsFor('GET', /\/Webhook$/)[0].query).toEqual({
			nameFilter: `n8n harness-trigger-workflow ${h.node.id}`,
		});
		expect(sandbox.webhooks.list()).toHaveLength(1);
		expect((h.staticData().production as { webhookId: number }).webhookId).toBe(lost.webhookId);
	});

	it('deactivation deletes the hook; a hook already gone (404) counts as deleted', async () => {
		const h = await trigger();
		await h.activate();
		const { webhookId } = h.staticData().production as { webhookId: number };
		sandbox.clearRequests();
		expect(await h.hook('delete')).toBe(true);
		expect(webhookCalls()).toEqual([
			`GET /Webhook/${webhookId} 200`,
			`DELETE /Webhook/${webhookId} 204`,
		]);
		expect(sandbox.webhooks.list()).toEqual([]);
		expect(h.staticData()).toEqual({});

		await h.activate();
		const second = (h.staticData().production as { webhookId: number }).webhookId;
		sandbox.webhooks.remove(second);
		sandbox.clearRequests();
		expect(await h.hook('delete')).toBe(true);
		expect(webhookCalls()).toEqual([`GET /Webhook/${second} 404`]);
		expect(h.staticData()).toEqual({});
	});

	it('a failed delete keeps the registration (logged), so a later activation reuses the hook', async () => {
		const h = await trigger();
		await h.activate();
		const saved = h.staticData().production;
		sandbox.faults.script([
			{
				match: { method: 'DELETE', path: /Webhook/ },
				times: 10,
				fault: { type: 'status', status: 500 },
			},
		]);
		expect(await h.hook('delete')).toBe(false);
		expect(h.staticData().production).toEqual(saved);
		expect(h.warnings.map((w) => w.message)).toContain(
			'SuperOffice Trigger could not delete its webhook at SuperOffice',
		);
	});

	it('manual test mode registers its own hook on the test URL and never touches the production hook', async () => {
		const h = await trigger();
		await h.activate();
		const production = h.staticData().production as { webhookId: number; secret: string };
		await h.activate({ test: true });
		const test = h.staticData().test as { webhookId: number; targetUrl: string };
		expect(test.webhookId).not.toBe(production.webhookId);
		expect(test.targetUrl).toBe(h.url(true));
		expect(sandbox.webhooks.list().map((x) => x.TargetUrl)).toEqual([h.url(), h.url(true)]);
		expect(sandbox.webhooks.get(test.webhookId)?.Name).toMatch(/ test$/);

		sandbox.clearRequests();
		await h.hook('delete', { test: true });
		expect(webhookCalls()).toEqual([
			`GET /Webhook/${test.webhookId} 200`,
			`DELETE /Webhook/${test.webhookId} 204`,
		]);
		expect(sandbox.webhooks.list().map((x) => x.WebhookId)).toEqual([production.webhookId]);
		expect(h.staticData()).toEqual({ production });
		expect(
			sandbox.requests.every((r) => !r.path.includes(`/Webhook/${production.webhookId}`)),
		).toBe(true);
	});

	it('readable refusals: no webhook rights (403), an http address where https is required, a test call that did not reach n8n', async () => {
		const h = await trigger();
		sandbox.webhooks.configure({ webhookRights: false });
		await expect(h.activate()).rejects.toThrow(
			/^SuperOffice refused the webhook \(HTTP 403\): the user or app of this credential has no right to manage webhooks/,
		);
		await expect(h.hook('create')).rejects.toMatchObject({
			description: expect.stringMatching(/SuperOffice Idle Chat Trigger/),
		});

		sandbox.webhooks.configure({ webhookRights: true, httpsRequired: true });
		await expect(h.hook('create')).rejects.toThrow(
			`SuperOffice accepts only https webhook addresses, and n8n's webhook address ${h.url()} is not https. Set n8n's WEBHOOK_URL (N8N_WEBHOOK_URL in newer n8n) to n8n's public https address, with a valid certificate, and restart n8n. SuperOffice says: Webhook TargetUrl must be secure: ${h.url()}`,
		);

		sandbox.webhooks.configure({ httpsRequired: false });
		await h.close(); // nothing answers at n8n's address any more
		await expect(h.hook('create')).rejects.toThrow(
			new RegExp(
				`^SuperOffice could not reach n8n at ${h.url().replace(/[.?]/g, '\\$&')}: its test call`,
			),
		);
		expect(sandbox.webhooks.list()).toEqual([]);
		expect(h.staticData()).toEqual({});
	});

	it('a bad filter fails activation with its name, before anything is registered', async () => {
		const h = await trigger({ filters: { topicIds: '2, x' } });
		await expect(h.hook('create')).rejects.toThrow(
			'Topic IDs must be a whole number from 1 to 2147483647, got "x"',
		);
		expect(webhookCalls()).toEqual([]);
	});

	it('Message From without the Chat Session Message event fails activation, naming both fixes', async () => {
		const h = await trigger({
			events: ['chatsession.changed'],
			filters: { messageFrom: 'customer' },
		});
		await expect(h.hook('create')).rejects.toThrow(
			'Message From needs the Chat Session Message event',
		);
		await expect(h.hook('create')).rejects.toMatchObject({
			description: 'Add Chat Session Message to Events, or set Filters → Message From to Anyone.',
		});
		expect(webhookCalls()).toEqual([]);
	});
});

describe('deliveries', () => {
	it('a signed chatsession.changed of a bot session becomes one item; the change the workflow causes is filtered out', async () => {
		const h = await trigger();
		await h.activate();
		h.received.length = 0;
		h.resetChangeFlag();
		const before = h.staticData();
		sandbox.putSession({
			...sandbox.getSession(903)!,
			LastMessage: 'Still there?',
			Status: 'CustomerLast',
		});
		await sandbox.webhooks.settled(5000);
		expect(h.received).toHaveLength(1);
		const [call] = h.received;
		expect(call.status).toBe(200);
		const items = call.response.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			event: 'chatsession.changed',
			eventId: call.headers['x-superoffice-eventid'],
			timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/),
			chatSessionId: 903,
			changedByAssociateId: 0,
			retry: 0,
			changes: ['lastmessage'],
			fieldValues: {
				ChatSessionId: 903,
				Status: 'CustomerLast',
				ChatbotIsactive: true,
				TopicId: 2,
				UserId: 0,
			},
		});

		// The Reset a workflow would run changes the session again: bot off, queued → no item.
		await fetch(`${sandbox.apiUrl}/ChatSession/903/Reset`, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${SANDBOX_DEFAULTS.username}:${SANDBOX_DEFAULTS.password}`).toString('base64')}`,
			},
		});
		await sandbox.webhooks.settled(5000);
		expect(h.received).toHaveLength(2);
		expect(h.received[1]).toMatchObject({ status: 200, json: { received: true } });
		expect(h.received[1].response.workflowData).toBeUndefined();
		// webhook() only read the static data.
		expect(h.staticData()).toEqual(before);
		expect(h.staticDataChanged).toBe(false);
	});

	it('unsigned, wrongly signed and tampered calls get 401, start nothing and are logged as warnings', async () => {
		const h = await trigger();
		await h.activate();
		for (const mode of ['missing', 'wrong', 'tampered'] as const) {
			sandbox.webhooks.configure({ signatureMode: mode, retryDelaysMs: [] });
			h.received.length = 0;
			sandbox.putSession({ ...sandbox.getSession(901)!, LastMessage: `ping ${mode}` });
			await sandbox.webhooks.settled(5000);
			expect(h.received.map((r) => [r.status, r.json, r.response.workflowData])).toEqual([
				[401, { message: 'Invalid or missing X-SuperOffice-Signature' }, undefined],
			]);
		}
		expect(h.warnings.map((w) => w.message)).toEqual([
			'SuperOffice Trigger refused a call without X-SuperOffice-Signature',
			'SuperOffice Trigger refused a call whose X-SuperOffice-Signature does not match',
			'SuperOffice Trigger refused a call whose X-SuperOffice-Signature does not match',
		]);
		const secret = String((h.staticData().production as { secret: string }).secret);
		expect(JSON.stringify(h.warnings)).not.toContain(secret);
		// The sandbox saw the 401s as failed deliveries.
		expect(sandbox.webhooks.deliveries.filter((d) => !d.test).map((d) => d.status)).toEqual([
			401, 401, 401,
		]);
	});

	it("a call for the test URL is checked with the test registration's secret, not production's", async () => {
		const h = await trigger();
		await h.activate();
		await h.activate({ test: true });
		const { secret: productionSecret } = h.staticData().production as { secret: string };
		const { secret: testSecret } = h.staticData().test as { secret: string };
		const body = Buffer.from(
			JSON.stringify({
				EventId: 'e-test-url',
				Timestamp: new Date().toISOString(),
				Event: 'chatsession.changed',
				PrimaryKey: 903,
				Entity: 'chatsession',
				FieldValues: { Status: 5, ChatbotIsactive: true },
			}),
		);
		expect(
			(
				await h.receive({
					body,
					headers: { 'X-SuperOffice-Signature': sign(productionSecret, body) },
					test: true,
				})
			).status,
		).toBe(401);
		expect(
			(
				await h.receive({
					body,
					headers: { 'X-SuperOffice-Signature': sign(testSecret, body) },
					test: true,
				})
			).response.workflowData,
		).toHaveLength(1);
		expect(
			(await h.receive({ body, headers: { 'X-SuperOffice-Signature': sign(testSecret, body) } }))
				.status,
		).toBe(401);
	});

	it('filters by topic; reads the session when a filter needs a fact the call lacks; Include Chat Session adds it and the newest messages', async () => {
		const h = await trigger({
			events: ['chatsession.changed', 'chatsession.message'],
			filters: { ...BOT_FILTERS, topicIds: '3' },
			options: { fetchChatSession: true },
		});
		await h.activate();
		const { secret } = h.staticData().production as { secret: string };
		const send = async (payload: Record<string, unknown>) => {
			const body = Buffer.from(
				JSON.stringify({
					EventId: randomUUID(),
					Timestamp: new Date().toISOString(),
					Entity: 'chatsession',
					ChangedByAssociateId: 21,
					...payload,
				}),
			);
			return await h.receive({
				body,
				headers: { 'X-SuperOffice-Signature': sign(secret, body), 'X-SuperOffice-Retry': '1' },
			});
		};
		// Topic 2 is filtered out (no request needed: the call carries TopicId).
		sandbox.clearRequests();
		expect(
			(
				await send({
					Event: 'chatsession.changed',
					PrimaryKey: 901,
					FieldValues: { Status: 5, ChatbotIsactive: true, TopicId: 2 },
				})
			).response.workflowData,
		).toBeUndefined();
		expect(sandbox.requests.filter((r) => r.apiPath?.startsWith('/ChatSession'))).toHaveLength(1); // Include Chat Session reads it

		// A message event without FieldValues: the session is read, then the messages.
		sandbox.putSession({ ...sandbox.getSession(906)!, TopicId: 3 });
		await sandbox.webhooks.settled(5000);
		sandbox.clearRequests();
		const r = await send({
			Event: 'chatsession.message',
			PrimaryKey: 906,
			Changes: ['chatMessage.id'],
		});
		expect(sandbox.requests.map((q) => `${q.method} ${q.apiPath}`)).toEqual([
			'GET /ChatSession/906',
			'GET /ChatSession/906/Messages',
		]);
		const item = r.response.workflowData![0][0].json;
		expect(item).toMatchObject({
			event: 'chatsession.message',
			chatSessionId: 906,
			changedByAssociateId: 21,
			retry: 1,
			fieldValues: {},
		});
		expect(item.chatSession).toMatchObject({
			ChatSessionId: 906,
			TopicId: 3,
			ChatbotIsActive: true,
		});
		const all = sandbox.getMessages(906);
		expect(item.messages).toEqual(all.slice(-10));
		expect(all.length).toBeGreaterThan(0);
	});

	it('events not chosen, other entities and unparseable bodies start nothing', async () => {
		const h = await trigger({ events: ['chatsession.created'], filters: {} });
		await h.activate();
		const { secret } = h.staticData().production as { secret: string };
		const signed = async (text: string) =>
			await h.receive({
				body: text,
				headers: { 'X-SuperOffice-Signature': sign(secret, Buffer.from(text)) },
			});
		const event = (payload: Record<string, unknown>) =>
			JSON.stringify({ EventId: randomUUID(), Timestamp: new Date().toISOString(), ...payload });
		expect(
			(await signed(event({ Event: 'chatsession.changed', PrimaryKey: 1 }))).response.workflowData,
		).toBeUndefined();
		expect(
			(await signed(event({ Event: 'chatsession.created', Entity: 'contact', PrimaryKey: 1 })))
				.response.workflowData,
		).toBeUndefined();
		expect(await signed('{"Event":')).toMatchObject({ status: 400 });
		expect(
			(await signed(event({ Event: 'chatsession.created', Entity: 'chatsession', PrimaryKey: 5 })))
				.response.workflowData,
		).toHaveLength(1);
	});
});

describe('hardened deliveries', () => {
	/** A trigger activated at the sandbox, and a sender of signed deliveries with its secret. */
	async function signedTrigger(parameters: Record<string, unknown> = {}) {
		const h = await trigger(parameters);
		await h.activate();
		const { secret } = h.staticData().production as { secret: string };
		const body = (payload: Record<string, unknown> = {}) =>
			Buffer.from(
				JSON.stringify({
					EventId: randomUUID(),
					Timestamp: new Date().toISOString(),
					Event: 'chatsession.changed',
					PrimaryKey: 903,
					Entity: 'chatsession',
					FieldValues: { Status: 5, ChatbotIsactive: true, TopicId: 2 },
					...payload,
				}),
			);
		const send = async (raw: Buffer, headers: Record<string, string> = {}) =>
			await h.receive({
				body: raw,
				headers: { 'X-SuperOffice-Signature': sign(secret, raw), ...headers },
			});
		return { h, secret, body, send };
	}
	const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
	const started = (r: { response: { workflowData?: unknown[] } }) =>
		r.response.workflowData !== undefined;

	it('the same signed delivery again starts nothing (200); a retry of an event that already ran starts nothing', async () => {
		const { h, body, send } = await signedTrigger();
		const raw = body();
		const first = await send(raw);
		expect(started(first)).toBe(true);
		const again = await send(raw);
		expect(again).toMatchObject({ status: 200, json: { received: true } });
		expect(started(again)).toBe(false);
		const retry = await send(raw, { 'X-SuperOffice-Retry': '1' });
		expect([retry.status, started(retry)]).toEqual([200, false]);
		// Another event is not a duplicate.
		expect(started(await send(body()))).toBe(true);
		expect(h.warnings).toEqual([]);
	});

	it('a signed Timestamp outside the replay window is refused (401, logged); small clock skew ahead is allowed', async () => {
		const { h, body, send } = await signedTrigger();
		const stale = await send(body({ Timestamp: ago(301_000) }));
		expect([stale.status, stale.json, started(stale)]).toEqual([
			401,
			{ message: 'Delivery outside the replay window: its Timestamp is too old or too far ahead' },
			false,
		]);
		expect(started(await send(body({ Timestamp: ago(-120_000) })))).toBe(false);
		// SuperOffice's own format, 7 fraction digits; 30 s ahead of n8n's clock is tolerated.
		const ahead = new Date(Date.now() + 30_000).toISOString().replace(/Z$/, '0000Z');
		expect(started(await send(body({ Timestamp: ahead })))).toBe(true);
		expect(started(await send(body({ Timestamp: ago(290_000) })))).toBe(true);
		expect(
			h.warnings.map((w) => [w.message, (w.meta as Record<string, unknown>).replayWindowSeconds]),
		).toEqual([
			[
				'SuperOffice Trigger refused a signed delivery whose Timestamp is outside the replay window',
				300,
			],
			[
				'SuperOffice Trigger refused a signed delivery whose Timestamp is outside the replay window',
				300,
			],
		]);
		// Without a Timestamp or an EventId a signed call is no event (400).
		expect((await send(body({ Timestamp: undefined }))).status).toBe(400);
		expect((await send(body({ Timestamp: 'yesterday' }))).status).toBe(400);
		expect((await send(body({ EventId: '' }))).status).toBe(400);
	});

	it('Replay Window sets the window: 60 s refuses a 90 s old delivery the default would take', async () => {
		const { body, send } = await signedTrigger({ options: { replayWindow: 60 } });
		expect((await send(body({ Timestamp: ago(90_000) }))).status).toBe(401);
		expect(started(await send(body({ Timestamp: ago(50_000) })))).toBe(true);
	});

	it('sandbox: a replayed delivery is answered 200 and starts nothing; a stale one gets 401', async () => {
		const h = await trigger();
		await h.activate();
		h.received.length = 0;
		sandbox.putSession({ ...sandbox.getSession(905)!, LastMessage: 'Once' });
		await sandbox.webhooks.settled(5000);
		const delivered = sandbox.webhooks.deliveries.filter((d) => !d.test);
		expect(delivered.map((d) => d.status)).toEqual([200]);
		const replay = await sandbox.webhooks.replay(delivered[0].seq);
		expect([replay.status, replay.eventId]).toEqual([200, delivered[0].eventId]);
		sandbox.webhooks.configure({ timestampOffsetMs: -600_000, retryDelaysMs: [] });
		sandbox.putSession({ ...sandbox.getSession(906)!, LastMessage: 'Long ago' });
		await sandbox.webhooks.settled(5000);
		expect(h.received.map((r) => [r.status, started(r)])).toEqual([
			[200, true],
			[200, false],
			[401, false],
		]);
	});

	it('a body n8n already parsed (multipart) gets 401 and starts nothing, signed or not', async () => {
		const { h, body, secret } = await signedTrigger();
		const raw = body();
		const variants: Array<Record<string, string>> = [
			{},
			{ 'X-SuperOffice-Signature': sign(secret, raw) },
		];
		for (const headers of variants) {
			const r = await h.receive({ body: raw, headers, consumed: true });
			expect([r.status, r.json, started(r)]).toEqual([
				401,
				{ message: 'Invalid or missing X-SuperOffice-Signature' },
				false,
			]);
		}
		expect(h.warnings.map((w) => w.message)).toEqual([
			'SuperOffice Trigger refused a call whose body n8n had already parsed (only a JSON body can be verified)',
			'SuperOffice Trigger refused a call whose body n8n had already parsed (only a JSON body can be verified)',
		]);
	});

	it('an unsigned body is never parsed beyond a few kilobytes: a 10 MB "test call" gets 401', async () => {
		const { h } = await signedTrigger();
		const big = Buffer.from(
			JSON.stringify({ Event: 'test', Padding: 'x'.repeat(10 * 1024 * 1024) }),
		);
		const parse = jest.spyOn(JSON, 'parse');
		try {
			const r = await h.receive({ body: big });
			expect([r.status, started(r)]).toEqual([401, false]);
			// The harness parses the body once, as n8n does before the node runs; the trigger does not.
			const ofBig = parse.mock.calls.filter(([text]) => String(text).length >= big.length);
			expect(ofBig).toHaveLength(1);
		} finally {
			parse.mockRestore();
		}
		// A small unsigned test call (registration, before the secret is saved) is still answered 200.
		const small = await h.receive({ body: JSON.stringify({ Event: 'test', EventId: 'x' }) });
		expect([small.status, small.json]).toEqual([200, { received: true }]);
		const justOver = JSON.stringify({ Event: 'test', Padding: 'x'.repeat(4096) });
		expect((await h.receive({ body: justOver })).status).toBe(401);
	});
});

describe('read deadline', () => {
	const limits = { ...DELIVERY_LIMITS };
	beforeEach(() => (DELIVERY_LIMITS.readDeadlineMs = 600));
	afterEach(() => Object.assign(DELIVERY_LIMITS, limits));

	it('Include Chat Session: a slow or failing read emits the event without the session, with chatSessionError', async () => {
		const h = await trigger({ filters: {}, options: { fetchChatSession: true } });
		await h.activate();
		const { secret } = h.staticData().production as { secret: string };
		const send = async () => {
			const raw = Buffer.from(
				JSON.stringify({
					EventId: randomUUID(),
					Timestamp: new Date().toISOString(),
					Event: 'chatsession.changed',
					PrimaryKey: 903,
					Entity: 'chatsession',
				}),
			);
			const began = Date.now();
			const r = await h.receive({
				body: raw,
				headers: { 'X-SuperOffice-Signature': sign(secret, raw) },
			});
			return { r, ms: Date.now() - began, json: r.response.workflowData?.[0]?.[0]?.json };
		};
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /ChatSession\/903$/ },
				fault: { type: 'slow', delayMs: 5000 },
			},
		]);
		const slow = await send();
		expect(slow.ms).toBeLessThan(4000); // answered at the deadline, long before the read ends
		expect(slow.json).toMatchObject({
			chatSessionId: 903,
			chatSessionError: "SuperOffice did not answer within 0.6 s, the trigger's read deadline",
		});
		expect(slow.json).not.toHaveProperty('chatSession');

		sandbox.faults.script([
			{
				match: { method: 'GET', path: /ChatSession\/903$/ },
				times: 5,
				fault: { type: 'status', status: 500 },
			},
		]);
		// A failure, not the deadline: time enough for the 500, its one retry and a loaded machine.
		DELIVERY_LIMITS.readDeadlineMs = 5000;
		const failed = await send();
		expect(failed.json?.chatSessionError).toMatch(/^Could not get chat session 903: .*HTTP 500/);
		expect(failed.json).not.toHaveProperty('chatSession');
		expect(JSON.stringify(failed.json)).not.toContain(SANDBOX_DEFAULTS.password);
	});

	it('a filter that needs the session refuses the event (503) when the read fails; its retry runs, once', async () => {
		const h = await trigger({ filters: { statuses: ['active'] } });
		await h.activate();
		const { secret } = h.staticData().production as { secret: string };
		// No Status in the event: the filter needs the session.
		const raw = Buffer.from(
			JSON.stringify({
				EventId: randomUUID(),
				Timestamp: new Date().toISOString(),
				Event: 'chatsession.changed',
				PrimaryKey: 903,
				Entity: 'chatsession',
			}),
		);
		const send = async (retry: number) =>
			await h.receive({
				body: raw,
				headers: {
					'X-SuperOffice-Signature': sign(secret, raw),
					'X-SuperOffice-Retry': String(retry),
				},
			});
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /ChatSession\/903$/ },
				times: 5,
				fault: { type: 'status', status: 503 },
			},
		]);
		const refused = await send(0);
		expect([refused.status, refused.json, refused.response.workflowData]).toEqual([
			503,
			{ message: 'Could not read the chat session from SuperOffice in time' },
			undefined,
		]);
		expect(h.warnings.map((w) => w.message)).toContain(
			'SuperOffice Trigger could not read the chat session its filters need; SuperOffice will send the event again',
		);
		sandbox.faults.clear();
		const retried = await send(1);
		expect(retried.response.workflowData?.[0]?.[0]?.json).toMatchObject({
			chatSessionId: 903,
			retry: 1,
		});
		const again = await send(2);
		expect([again.status, again.response.workflowData]).toEqual([200, undefined]);
	});

	it("sandbox: reads slower than the sender's timeout, with its retries: one event, one item", async () => {
		const h = await trigger({
			events: ['chatsession.created'],
			filters: {},
			options: { fetchChatSession: true },
		});
		await h.activate();
		h.received.length = 0;
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /ChatSession\/902$/ },
				times: 10,
				fault: { type: 'slow', delayMs: 1500 },
			},
		]);
		// The sender gives up after 0.3 s and tries again after 0.1 s and 0.2 s, with the same EventId.
		sandbox.webhooks.configure({ timeoutMs: 300, retryDelaysMs: [100, 200] });
		const { eventId } = sandbox.webhooks.emit('chatsession.created', sandbox.getSession(902)!);
		await sandbox.webhooks.settled(5000);
		const tries = sandbox.webhooks.deliveries.filter((d) => d.eventId === eventId);
		// The first try timed out at the sender (the read was slower), so it was sent again.
		expect(tries[0]).toMatchObject({ retry: 0, status: null });
		expect(tries.length).toBeGreaterThanOrEqual(2);
		expect(tries.map((d) => d.retry)).toEqual([...tries.keys()]);
		// Every try reached the trigger and got its answer (after the sender gave up, for some).
		const deadline = Date.now() + 5000;
		while (h.received.length < tries.length && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 50));
		expect(h.received).toHaveLength(tries.length);
		const items = h.received.flatMap((r) => r.response.workflowData?.[0] ?? []);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			eventId,
			retry: 0,
			chatSessionError: expect.stringMatching(/did not answer within/),
		});
		expect(h.received.every((r) => r.status === 200)).toBe(true);
	});
});
