/**
 * SuperOffice's webhook API (`/api/v1/Webhook`) as the trigger uses it: read one, find by name,
 * update (JSON merge patch), register, delete. Errors are the transport's; what a 404 or a
 * refusal means to the trigger is the trigger's to say.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';

/** The subset of a SuperOffice Webhook entity the package reads. */
export interface WebhookEntity {
	WebhookId?: unknown;
	Name?: unknown;
	Events?: unknown;
	TargetUrl?: unknown;
	State?: unknown;
}

const WEBHOOK_STATES = ['Unknown', 'Active', 'Stopped', 'TooManyErrors'];

/** A webhook's State as its name, whether sent as number or text. */
export function webhookStateName(value: unknown): string {
	if (typeof value === 'number') return WEBHOOK_STATES[value] ?? String(value);
	return typeof value === 'string' ? value : '';
}

/** The entity's WebhookId when it is a positive whole number. */
export function webhookIdOf(entity: WebhookEntity | null | undefined): number | undefined {
	const id = entity?.WebhookId;
	return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** GET /Webhook/{id}. */
export async function getWebhook(send: SendRequest, id: number): Promise<WebhookEntity> {
	return await send<WebhookEntity>({
		method: 'GET',
		path: `/Webhook/${id}`,
		subject: { action: `read SuperOffice webhook ${id}` },
	});
}

/** GET /Webhook?nameFilter=…: the hooks SuperOffice lists for the name (it may list more). */
export async function findWebhooks(send: SendRequest, name: string): Promise<WebhookEntity[]> {
	const found = await send<WebhookEntity[] | null>({
		method: 'GET',
		path: '/Webhook',
		qs: { nameFilter: name },
		subject: { action: `look up SuperOffice webhooks named "${name}"` },
		answer: 'list',
		answerName: 'list of webhooks',
	});
	return Array.isArray(found) ? found : [];
}

/** The Secret a webhook body carries: scrubbed from the request's error like a credential. */
function secretsOf(body: IDataObject): string[] {
	return typeof body.Secret === 'string' && body.Secret !== '' ? [body.Secret] : [];
}

/** PATCH /Webhook/{id} (JSON merge patch). */
export async function updateWebhook(
	send: SendRequest,
	id: number,
	body: IDataObject,
): Promise<WebhookEntity> {
	return await send<WebhookEntity>({
		method: 'PATCH',
		path: `/Webhook/${id}`,
		body,
		secrets: secretsOf(body),
		subject: { action: `update SuperOffice webhook ${id}` },
	});
}

/** POST /Webhook. Not repeated on a broken connection: a second POST would register a second hook. */
export async function registerWebhook(
	send: SendRequest,
	body: IDataObject,
): Promise<WebhookEntity> {
	return await send<WebhookEntity>({
		method: 'POST',
		path: '/Webhook',
		body,
		secrets: secretsOf(body),
		idempotent: false,
		subject: { action: 'register the SuperOffice webhook' },
	});
}

/** DELETE /Webhook/{id}; SuperOffice answers 204. */
export async function deleteWebhookAt(send: SendRequest, id: number): Promise<void> {
	await send({
		method: 'DELETE',
		path: `/Webhook/${id}`,
		subject: { action: `delete SuperOffice webhook ${id}` },
		answer: 'none',
	});
}
