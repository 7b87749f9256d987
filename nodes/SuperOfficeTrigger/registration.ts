/**
 * The trigger's webhook at SuperOffice (`/api/v1/Webhook`): does it exist, register it, remove
 * it. What this node registered lives in its static data, one entry per kind of URL:
 * `production` (the active workflow) and `test` (the editor's "listen for test event"), so a
 * test in the editor never reads, changes or deletes the production hook. Each registration
 * gets a fresh random secret; SuperOffice signs every call with it.
 *
 * A recorded hook is read before it is reused or deleted, and only one with this node's Name and
 * this URL counts as its own: a workflow copied with its static data (export/import, duplicate)
 * carries the original's record, and must neither move nor delete the original's hook.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INode } from 'n8n-workflow';

import {
	deleteWebhookAt,
	findWebhooks,
	getWebhook,
	registerWebhook,
	updateWebhook,
	webhookIdOf,
	webhookStateName,
} from '../shared/superoffice/webhooks';
import type { WebhookEntity } from '../shared/superoffice/webhooks';
import { SuperOfficeClient } from '../shared/client';
import type { SendRequest } from '../shared/transport/request';
import { CHAT_EVENTS, checkedFilters } from './event';
import { explainRegistrationFailure } from './registrationErrors';
import { newWebhookSecret } from './signature';

/** What this node registered at SuperOffice for one URL. */
export interface Registration {
	webhookId: number;
	secret: string;
	targetUrl: string;
}

export type RegistrationSlot = 'production' | 'test';
type StaticData = Partial<Record<RegistrationSlot, Registration>> & IDataObject;

/** Checks and creates run for the editor's test URL in manual mode, else for production. */
export function slotForActivation(ctx: IHookFunctions): RegistrationSlot {
	return ctx.getMode() === 'manual' || ctx.getActivationMode() === 'manual' ? 'test' : 'production';
}

/**
 * The registration made for this URL, if any. Deletes find theirs by URL: n8n removes test
 * webhooks in another mode than it created them (but with the test URL).
 */
export function registrationFor(
	staticData: IDataObject,
	url: string | undefined,
): { slot: RegistrationSlot; registration: Registration } | undefined {
	if (url === undefined) return undefined;
	for (const slot of ['production', 'test'] as const) {
		const registration = staticData[slot] as Registration | undefined;
		if (registration && typeof registration === 'object' && registration.targetUrl === url)
			return { slot, registration };
	}
	return undefined;
}

function sameEvents(a: unknown, b: readonly string[]): boolean {
	if (!Array.isArray(a)) return false;
	const have = new Set(a.map((e) => String(e).toLowerCase()));
	return have.size === b.length && b.every((e) => have.has(e));
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/** Everything one lifecycle call needs: the node's URL, events, name and a SuperOffice client. */
class WebhookRegistry {
	private constructor(
		private readonly ctx: IHookFunctions,
		private readonly send: SendRequest,
		readonly targetUrl: string,
		readonly staticData: StaticData,
	) {}

	static async open(ctx: IHookFunctions): Promise<WebhookRegistry> {
		const targetUrl = ctx.getNodeWebhookUrl('default');
		if (!targetUrl)
			throw new NodeOperationError(
				ctx.getNode(),
				'n8n did not give this trigger a webhook address',
			);
		const client = await SuperOfficeClient.forNode(ctx);
		const staticData = ctx.getWorkflowStaticData('node') as StaticData;
		// SuperOffice knows the recorded hooks' secrets: any webhook call's error may echo them.
		const recordedSecrets = () =>
			(['production', 'test'] as const)
				.map((slot) => staticData[slot]?.secret)
				.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
		return new WebhookRegistry(
			ctx,
			async (request) =>
				await client.request({
					...request,
					secrets: [...(request.secrets ?? []), ...recordedSecrets()],
				}),
			targetUrl,
			staticData,
		);
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	/** The selected events, checked; the filters are checked too, so a typo fails activation. */
	selectedEvents(): string[] {
		const events = this.ctx.getNodeParameter('events', []) as unknown;
		const list = Array.isArray(events) ? events.map(String) : [];
		if (list.length === 0)
			throw new NodeOperationError(this.node, 'Choose at least one event to listen to');
		const unknown = list.filter((e) => !(CHAT_EVENTS as readonly string[]).includes(e));
		if (unknown.length > 0)
			throw new NodeOperationError(
				this.node,
				`Unknown event ${unknown.join(', ')}: use ${CHAT_EVENTS.join(', ')}`,
			);
		const filters = checkedFilters(
			this.node,
			this.ctx.getNodeParameter('filters', {}) as IDataObject,
		);
		// Message From only looks at message events: without them it would filter nothing, silently
		if (filters.messageFrom !== 'any' && !list.includes('chatsession.message'))
			throw new NodeOperationError(this.node, 'Message From needs the Chat Session Message event', {
				description: 'Add Chat Session Message to Events, or set Filters → Message From to Anyone.',
			});
		return [...new Set(list)];
	}

	/** Stable per workflow, node and kind of URL: how a lost registration is found again. */
	name(slot: RegistrationSlot): string {
		const base = `n8n ${this.ctx.getWorkflow().id ?? ''} ${this.node.id}`;
		return slot === 'test' ? `${base} test` : base;
	}

	/** Whether a hook SuperOffice holds is this node's for this kind of URL: its Name and URL. */
	owns(hook: WebhookEntity, slot: RegistrationSlot): boolean {
		return hook.Name === this.name(slot) && hook.TargetUrl === this.targetUrl;
	}

	/**
	 * The recorded hook of `slot`, read: `own` when it is this node's, else the record is
	 * forgotten: `gone` (SuperOffice no longer has it) or `foreign` (another workflow's, left
	 * alone and logged), or `none` without a record.
	 */
	async checkRecord(
		slot: RegistrationSlot,
	): Promise<{ state: 'own'; hook: WebhookEntity } | { state: 'none' | 'gone' | 'foreign' }> {
		const registration = this.staticData[slot];
		if (!registration || typeof registration !== 'object') return { state: 'none' };
		const hook = await this.read(registration.webhookId);
		if (!hook) {
			delete this.staticData[slot];
			return { state: 'gone' };
		}
		if (this.owns(hook, slot)) return { state: 'own', hook };
		this.forgetForeign(slot, registration.webhookId);
		return { state: 'foreign' };
	}

	/** Forgets a record whose hook is not this node's, and says so (no secret, no URL). */
	forgetForeign(slot: RegistrationSlot, webhookId: number): void {
		delete this.staticData[slot];
		this.ctx.logger.warn(
			'SuperOffice Trigger left a webhook alone that is not its own (this workflow may be a copy of another): it registers its own instead',
			{ webhookId, expectedName: this.name(slot) },
		);
	}

	/** The readable refusal (no rights, http, unreachable n8n), else the transport's error. */
	private explained(error: unknown): unknown {
		if (!(error instanceof NodeApiError)) return error;
		return (
			explainRegistrationFailure(
				this.node,
				{ httpCode: error.httpCode ?? undefined, message: error.message },
				this.targetUrl,
			) ?? error
		);
	}

	async read(id: number): Promise<WebhookEntity | undefined> {
		try {
			return await getWebhook(this.send, id);
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw this.explained(error);
		}
	}

	/** Hooks with this name and this URL (the ones an earlier, unrecorded registration left). */
	async findOwn(name: string): Promise<number[]> {
		let found: WebhookEntity[];
		try {
			found = await findWebhooks(this.send, name);
		} catch (error) {
			throw this.explained(error);
		}
		return found
			.filter((hook) => hook?.Name === name && hook?.TargetUrl === this.targetUrl)
			.map(webhookIdOf)
			.filter((id): id is number => id !== undefined)
			.sort((a, b) => a - b);
	}

	/** PATCH (JSON merge patch) an existing hook; undefined when it is gone. */
	async update(id: number, body: IDataObject): Promise<WebhookEntity | undefined> {
		try {
			return await updateWebhook(this.send, id, body);
		} catch (error) {
			if (isNotFound(error)) return undefined;
			throw this.explained(error);
		}
	}

	async register(body: IDataObject): Promise<WebhookEntity> {
		try {
			return await registerWebhook(this.send, body);
		} catch (error) {
			throw this.explained(error);
		}
	}

	/** True when the hook is gone (404 counts as gone). */
	async remove(id: number): Promise<boolean> {
		try {
			await deleteWebhookAt(this.send, id);
			return true;
		} catch (error) {
			if (isNotFound(error)) return true;
			this.ctx.logger.warn('SuperOffice Trigger could not delete its webhook at SuperOffice', {
				webhookId: id,
				error: error instanceof Error ? error.message : String(error),
			});
			return false;
		}
	}
}

/** checkExists: the recorded hook still exists at SuperOffice, active, for this URL and these events. */
export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	const registry = await WebhookRegistry.open(this);
	const slot = slotForActivation(this);
	const registration = registry.staticData[slot];
	// A record for another URL (a copied workflow's): create() checks and replaces it.
	if (!registration || registration.targetUrl !== registry.targetUrl) return false;
	const checked = await registry.checkRecord(slot);
	if (checked.state !== 'own') return false;
	// Stopped, TooManyErrors or other events: create() brings it up to date.
	return (
		webhookStateName(checked.hook.State) === 'Active' &&
		sameEvents(checked.hook.Events, registry.selectedEvents())
	);
}

/**
 * create: registers the hook, or updates (and reactivates) the one this node registered before,
 * with a fresh secret. Safe to call again: a hook left by an earlier attempt that was never
 * recorded is found by its name and URL and taken over, duplicates are removed. A recorded hook
 * that is not this node's (a copied workflow's record) is never changed: a new one is registered.
 */
export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	const registry = await WebhookRegistry.open(this);
	const slot = slotForActivation(this);
	const name = registry.name(slot);
	const secret = newWebhookSecret();
	const body: IDataObject = {
		Name: name,
		Events: registry.selectedEvents(),
		TargetUrl: registry.targetUrl,
		Secret: secret,
		State: 'Active',
		Type: 'webhook',
	};

	const candidates: number[] = [];
	const checked = await registry.checkRecord(slot);
	if (checked.state === 'own') candidates.push(registry.staticData[slot]!.webhookId);
	else if (checked.state !== 'gone') candidates.push(...(await registry.findOwn(name)));

	let saved: WebhookEntity | undefined;
	let savedId: number | undefined;
	for (const id of candidates) {
		if (saved === undefined) {
			saved = await registry.update(id, body);
			savedId = saved ? (webhookIdOf(saved) ?? id) : undefined;
		} else if (await registry.remove(id)) {
			this.logger.info('SuperOffice Trigger removed a duplicate of its webhook', { webhookId: id });
		}
	}
	if (saved === undefined) {
		saved = await registry.register(body);
		savedId = webhookIdOf(saved);
	}
	if (savedId === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			'SuperOffice registered the webhook but did not answer with its WebhookId',
			{
				description:
					'Check the base URL of the credential: it must point at the SuperOffice WebAPI.',
			},
		);
	}
	registry.staticData[slot] = { webhookId: savedId, secret, targetUrl: registry.targetUrl };
	return true;
}

/**
 * delete: removes the hook registered for this URL once it is read and found to be this node's;
 * a hook SuperOffice no longer has counts as removed, another workflow's is left alone.
 */
export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	const targetUrl = this.getNodeWebhookUrl('default');
	const staticData = this.getWorkflowStaticData('node') as StaticData;
	const found = registrationFor(staticData, targetUrl);
	if (!found) return true;
	let registry: WebhookRegistry;
	try {
		registry = await WebhookRegistry.open(this);
	} catch (error) {
		this.logger.warn(
			'SuperOffice Trigger could not delete its webhook at SuperOffice: the credential could not be used',
			{
				webhookId: found.registration.webhookId,
				error: error instanceof Error ? error.message : String(error),
			},
		);
		return false;
	}
	// Kept when SuperOffice could not be asked: the next activation finds and reuses the hook.
	let checked: Awaited<ReturnType<WebhookRegistry['checkRecord']>>;
	try {
		checked = await registry.checkRecord(found.slot);
	} catch (error) {
		this.logger.warn('SuperOffice Trigger could not delete its webhook at SuperOffice', {
			webhookId: found.registration.webhookId,
			error: error instanceof Error ? error.message : String(error),
		});
		return false;
	}
	if (checked.state !== 'own') return true;
	if (!(await registry.remove(found.registration.webhookId))) return false;
	delete staticData[found.slot];
	return true;
}
