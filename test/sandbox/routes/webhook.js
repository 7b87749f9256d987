// @ts-check
'use strict';
/**
 * /api/v1/Webhook… routes (the REST reference's Webhook resource) and the /__sandbox/webhooks
 * control endpoints. The behaviour lives in ../webhooks.js.
 */
const { jsonReply, HttpError } = require('../http');
const { associateCarrier } = require('../seed');
const { parseId, notFound } = require('./common');

/** @typedef {import('./env').RouteEnv} RouteEnv */
/** @typedef {import('../http').Reply} Reply */

/**
 * @param {import('../router').Router} router
 * @param {RouteEnv} env
 */
function registerWebhookRoutes(router, env) {
	const { webhooks } = env;
	/** @param {Record<string, unknown>} entity */
	const withLinks = (entity) => ({
		...entity,
		_Links: {
			Self: `${env.apiUrl()}/Webhook/${entity.WebhookId}`,
			Archive: `${env.apiUrl()}/Webhook`,
		},
	});
	/** @param {string | string[] | undefined} v */
	const single = (v) => (Array.isArray(v) ? v[0] : v);
	/** @param {string} raw */
	const hookId = (raw) => parseId(raw, 'webhookId');

	router.add('GET', 'Webhook', (ctx) => {
		webhooks.assertRights();
		return jsonReply(
			200,
			webhooks.list({
				nameFilter: single(ctx.query.nameFilter),
				eventFilter: single(ctx.query.eventFilter),
				statusFilter: single(ctx.query.statusFilter),
			}),
		);
	});

	router.add('POST', 'Webhook', async (ctx) => {
		webhooks.assertRights();
		return jsonReply(
			200,
			withLinks(await webhooks.create(ctx.body, ctx.principal, associateCarrier)),
		);
	});

	router.add('POST', 'Webhook/Test', async (ctx) => {
		webhooks.assertRights();
		try {
			const entity = webhooks.validate(
				{ .../** @type {Record<string, unknown>} */ (ctx.body ?? {}), WebhookId: 0 },
				{ Registered: '', RegisteredAssociate: null, Updated: '', UpdatedAssociate: null },
			);
			await webhooks.confirmTarget({ ...entity, State: 'Active' });
			return jsonReply(200, {
				Success: true,
				Message: 'HTTP 200',
				TableRight: null,
				FieldProperties: {},
			});
		} catch (e) {
			if (e instanceof HttpError && e.status === 400)
				return jsonReply(200, {
					Success: false,
					Message: e.message,
					TableRight: null,
					FieldProperties: {},
				});
			throw e;
		}
	});

	router.add('GET', 'Webhook/:id', (ctx) => {
		webhooks.assertRights();
		const id = hookId(ctx.params.id);
		const entity = webhooks.get(id);
		if (!entity) throw notFound('Webhook', id);
		return jsonReply(200, withLinks(entity));
	});

	for (const method of /** @type {const} */ (['PUT', 'PATCH'])) {
		router.add(method, 'Webhook/:id', async (ctx) => {
			webhooks.assertRights();
			const id = hookId(ctx.params.id);
			if (!ctx.bodyIsJson)
				throw new HttpError(400, 'ArgumentException', 'The request body must be JSON.');
			const entity = await webhooks.update(
				id,
				ctx.body,
				method === 'PUT' ? 'put' : 'patch',
				ctx.principal,
				associateCarrier,
			);
			if (!entity) throw notFound('Webhook', id);
			return jsonReply(200, withLinks(entity));
		});
	}

	router.add('DELETE', 'Webhook/:id', (ctx) => {
		webhooks.assertRights();
		const id = hookId(ctx.params.id);
		if (!webhooks.remove(id)) throw notFound('Webhook', id);
		return { status: 204, body: '', contentType: null };
	});

	router.add('GET', 'Webhook/:id/LastError', (ctx) => {
		webhooks.assertRights();
		const id = hookId(ctx.params.id);
		if (!webhooks.get(id)) throw notFound('Webhook', id);
		return jsonReply(200, webhooks.lastError(id) ?? '');
	});
}

/**
 * /__sandbox/webhooks…: switches, hooks, deliveries, and events sent by hand.
 * @param {import('../webhooks').WebhookCenter} webhooks
 * @param {import('../state').SandboxState} state
 * @param {string} method
 * @param {string[]} parts path parts after /__sandbox/webhooks
 * @param {URLSearchParams} params
 * @param {unknown} body
 * @returns {Reply}
 */
function routeWebhookControl(webhooks, state, method, parts, params, body) {
	const key = `${method} ${parts.join('/')}`;
	switch (key) {
		case 'GET ':
			return jsonReply(200, webhooks.toJSON());
		case 'DELETE ':
			webhooks.clear();
			return jsonReply(200, webhooks.toJSON());
		case 'POST settings':
			return jsonReply(
				200,
				webhooks.configure(/** @type {Record<string, unknown>} */ (body ?? {})),
			);
		case 'GET deliveries': {
			const since = Number(params.get('since') ?? 0);
			return jsonReply(
				200,
				webhooks.deliveries.filter((d) => d.seq > since),
			);
		}
		case 'POST events': {
			const b = /** @type {Record<string, unknown>} */ (body ?? {});
			const event = String(b.event ?? '');
			if (!/^chatsession\.(created|changed|message)$/.test(event))
				throw new HttpError(
					400,
					'ArgumentException',
					'event must be chatsession.created, chatsession.changed or chatsession.message',
				);
			const session = state.get(Number(b.chatSessionId));
			if (!session) return jsonReply(404, { error: `no session ${String(b.chatSessionId)}` });
			const changes = Array.isArray(b.changes) ? b.changes.map(String) : undefined;
			return jsonReply(
				200,
				webhooks.emit(event, session, {
					changes,
					changedByAssociateId: Number(b.changedByAssociateId ?? 0),
				}),
			);
		}
		default:
			return jsonReply(404, {
				error: `no control endpoint ${method} /__sandbox/webhooks/${parts.join('/')}`,
				see: 'GET /__sandbox/',
			});
	}
}

module.exports = { registerWebhookRoutes, routeWebhookControl };
