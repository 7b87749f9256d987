/**
 * A workflow copied with its static data (export/import, duplicate) carries the original's
 * webhook record. The copy must never change or delete a hook that is not its own: before a
 * recorded hook is reused or deleted, its Name and TargetUrl are checked; another's is left
 * alone, its record forgotten, and the copy registers a hook of its own.
 */
import type { TriggerHarness } from '../harness';
import type { TriggerHarnessOptions } from '../harness/trigger';
import { callApi } from '../sandbox/testing';
import { sandboxTrigger, useTriggerSandbox } from './triggerSupport';

const FOREIGN_WARNING =
	'SuperOffice Trigger left a webhook alone that is not its own (this workflow may be a copy of another): it registers its own instead';

const { sandbox, harnesses } = useTriggerSandbox();

const trigger = async (options: Partial<TriggerHarnessOptions> = {}) =>
	await sandboxTrigger(
		sandbox.webClientUrl,
		harnesses,
		{ filters: { chatbotActive: 'yes', statuses: ['active'] } },
		options,
	);

/** The original (active, with its hook) and a copy of it: same node id, its static data. */
async function originalAndCopy() {
	const original = await trigger();
	await original.activate();
	const copy = await trigger({
		workflowId: 'copied-workflow',
		nodeId: original.node.id,
		staticData: original.staticData(),
	});
	return { original, copy };
}

interface Saved {
	webhookId: number;
	secret: string;
	targetUrl: string;
}
const saved = (h: TriggerHarness, slot = 'production') => h.staticData()[slot] as Saved | undefined;

/** Changes a hook at SuperOffice as someone else would (not through the trigger). */
async function patchHook(id: number, body: Record<string, unknown>) {
	const r = await callApi(sandbox.apiUrl, `/Webhook/${id}`, { method: 'PATCH', body });
	expect(r.status).toBe(200);
}

const webhookCalls = () =>
	sandbox.requests
		.filter((r) => r.apiPath?.toLowerCase().startsWith('/webhook'))
		.map((r) => `${r.method} ${r.apiPath} ${r.status}`);
const changesTo = (id: number) =>
	sandbox.requests.filter(
		(r) => r.method !== 'GET' && new RegExp(`/Webhook/${id}$`, 'i').test(r.path),
	);

describe('a copied workflow (the original active, its record copied along)', () => {
	it("activating the copy registers its own hook and leaves the original's untouched", async () => {
		const { original, copy } = await originalAndCopy();
		const mine = saved(original)!;
		const before = structuredClone(sandbox.webhooks.get(mine.webhookId));
		sandbox.clearRequests();

		await copy.activate();

		expect(changesTo(mine.webhookId)).toEqual([]);
		expect(sandbox.webhooks.get(mine.webhookId)).toEqual(before);
		expect(sandbox.webhooks.get(mine.webhookId)).toMatchObject({
			TargetUrl: original.url(),
			Secret: mine.secret,
			Name: `n8n harness-trigger-workflow ${original.node.id}`,
		});
		const copied = saved(copy)!;
		expect(copied.webhookId).not.toBe(mine.webhookId);
		expect(copied.targetUrl).toBe(copy.url());
		expect(copied.secret).not.toBe(mine.secret);
		expect(sandbox.webhooks.get(copied.webhookId)).toMatchObject({
			Name: `n8n copied-workflow ${original.node.id}`,
			TargetUrl: copy.url(),
			Secret: copied.secret,
			State: 'Active',
		});
		expect(sandbox.webhooks.list()).toHaveLength(2);
		// Read, found foreign, forgotten; then its own looked up by name and registered.
		expect(webhookCalls()).toEqual([
			`GET /Webhook/${mine.webhookId} 200`,
			'GET /Webhook 200',
			'POST /Webhook 200',
		]);
		expect(copy.warnings.map((w) => w.message)).toContain(FOREIGN_WARNING);
		const logged = JSON.stringify(copy.warnings);
		expect(logged).not.toContain(mine.secret);
		expect(logged).not.toContain(copied.secret);
		// The original's record is unchanged.
		expect(saved(original)).toEqual(mine);
	});

	it("deactivating the copy deletes only its own hook; the original's still gets deliveries", async () => {
		const { original, copy } = await originalAndCopy();
		await copy.activate();
		const mine = saved(original)!;
		const copied = saved(copy)!;
		sandbox.clearRequests();

		expect(await copy.hook('delete')).toBe(true);

		expect(webhookCalls()).toEqual([
			`GET /Webhook/${copied.webhookId} 200`,
			`DELETE /Webhook/${copied.webhookId} 204`,
		]);
		expect(sandbox.webhooks.list().map((h) => h.WebhookId)).toEqual([mine.webhookId]);
		expect(copy.staticData()).toEqual({});

		original.received.length = 0;
		sandbox.putSession({ ...sandbox.getSession(903)!, LastMessage: 'Anyone there?' });
		await sandbox.webhooks.settled(5000);
		expect(original.received).toHaveLength(1);
		expect(original.received[0].response.workflowData?.[0][0].json).toMatchObject({
			event: 'chatsession.changed',
			chatSessionId: 903,
		});
		expect(copy.received.filter((r) => r.response.workflowData)).toEqual([]);
	});

	it("deactivating a copy whose record was never replaced deletes nothing (another URL's record)", async () => {
		const { original, copy } = await originalAndCopy();
		sandbox.clearRequests();
		expect(await copy.hook('delete')).toBe(true);
		expect(webhookCalls()).toEqual([]);
		expect(sandbox.webhooks.list().map((h) => h.WebhookId)).toEqual([saved(original)!.webhookId]);
	});
});

describe('a record for this URL whose hook is not this node’s', () => {
	/** Static data naming this trigger's URL, but the original's hook id. */
	async function copyRecordingForeignHookAtOwnUrl() {
		const original = await trigger();
		await original.activate();
		const mine = saved(original)!;
		const copy = await trigger({ workflowId: 'copied-workflow', nodeId: original.node.id });
		copy.workflow.staticData[`node:${copy.node.name}`] = {
			production: { ...mine, targetUrl: copy.url() },
		};
		return { original, copy, mine };
	}

	it('checkExists says no and forgets it; create registers a fresh hook and never PATCHes the other', async () => {
		const { copy, mine } = await copyRecordingForeignHookAtOwnUrl();
		const before = structuredClone(sandbox.webhooks.get(mine.webhookId));
		sandbox.clearRequests();
		expect(await copy.hook('checkExists')).toBe(false);
		expect(copy.staticData()).toEqual({});
		expect(copy.warnings.map((w) => w.message)).toContain(FOREIGN_WARNING);
		await copy.hook('create');
		expect(changesTo(mine.webhookId)).toEqual([]);
		expect(sandbox.webhooks.get(mine.webhookId)).toEqual(before);
		expect(saved(copy)!.webhookId).not.toBe(mine.webhookId);
	});

	it('create alone (no checkExists first) reads the recorded hook before reusing it', async () => {
		const { copy, mine } = await copyRecordingForeignHookAtOwnUrl();
		sandbox.clearRequests();
		await copy.hook('create');
		expect(webhookCalls()[0]).toBe(`GET /Webhook/${mine.webhookId} 200`);
		expect(changesTo(mine.webhookId)).toEqual([]);
		expect(saved(copy)!.webhookId).not.toBe(mine.webhookId);
		expect(sandbox.webhooks.list()).toHaveLength(2);
	});

	it('delete leaves it alone, forgets the record and counts as done', async () => {
		const { copy, mine } = await copyRecordingForeignHookAtOwnUrl();
		sandbox.clearRequests();
		expect(await copy.hook('delete')).toBe(true);
		expect(webhookCalls()).toEqual([`GET /Webhook/${mine.webhookId} 200`]);
		expect(sandbox.webhooks.get(mine.webhookId)).toBeDefined();
		expect(copy.staticData()).toEqual({});
		expect(copy.warnings.map((w) => w.message)).toContain(FOREIGN_WARNING);
		expect(JSON.stringify(copy.warnings)).not.toContain(mine.secret);
	});

	it("a hook with this node's name but another address (n8n's address changed) is left alone too", async () => {
		const h = await trigger();
		await h.activate();
		const mine = saved(h)!;
		const elsewhere = 'http://127.0.0.1:9/webhook/moved/webhook';
		// What SuperOffice holds after n8n moved: the hook points at the old address.
		await patchHook(mine.webhookId, { TargetUrl: elsewhere, State: 'Stopped' });
		sandbox.clearRequests();
		expect(await h.hook('checkExists')).toBe(false);
		await h.hook('create');
		expect(changesTo(mine.webhookId)).toEqual([]);
		expect(sandbox.webhooks.get(mine.webhookId)?.TargetUrl).toBe(elsewhere);
		expect(saved(h)!.webhookId).not.toBe(mine.webhookId);
	});

	it("the node's own hook is still reused: read, then PATCHed when stopped", async () => {
		const h = await trigger();
		await h.activate();
		const mine = saved(h)!;
		await patchHook(mine.webhookId, { State: 'Stopped' });
		sandbox.clearRequests();
		await h.activate();
		expect(webhookCalls()).toEqual([
			`GET /Webhook/${mine.webhookId} 200`,
			`GET /Webhook/${mine.webhookId} 200`,
			`PATCH /Webhook/${mine.webhookId} 200`,
		]);
		expect(saved(h)!.webhookId).toBe(mine.webhookId);
		expect(h.warnings.map((w) => w.message)).not.toContain(FOREIGN_WARNING);
	});

	it('a recorded hook that cannot be read on delete is kept on record (logged), not deleted blind', async () => {
		const h = await trigger();
		await h.activate();
		const mine = saved(h)!;
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /Webhook/ },
				times: 10,
				fault: { type: 'status', status: 500 },
			},
		]);
		sandbox.clearRequests();
		expect(await h.hook('delete')).toBe(false);
		expect(sandbox.requestsFor('DELETE', /Webhook/)).toEqual([]);
		expect(saved(h)).toEqual(mine);
		expect(JSON.stringify(h.warnings)).not.toContain(mine.secret);
	});
});
