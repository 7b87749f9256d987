// @ts-check
'use strict';
/**
 * What a hand-over writes beyond the chat: PATCH ChatSession/{id} (JSON Patch),
 * POST ChatSession/{id}/Transcript, and requests (Ticket, TicketMessage).
 */
const { jsonReply, HttpError } = require('../http');
const { parseId, notFound, ARGUMENT } = require('./common');

/** @typedef {import('./env').RouteEnv} RouteEnv */

/**
 * @param {import('../router').Router} router
 * @param {RouteEnv} env
 */
function registerRequestRoutes(router, env) {
	const { state } = env;

	router.add('PATCH', 'ChatSession/:id', (ctx) => {
		const id = parseId(ctx.params.id, 'chatSessionId');
		if (!state.get(id)) throw notFound('ChatSession', id);
		if (!ctx.bodyIsJson)
			throw new HttpError(400, ARGUMENT, 'The request body must be a JSON Patch document.');
		return jsonReply(200, state.patch(id, ctx.body));
	});

	router.add('POST', 'ChatSession/:id/Transcript', (ctx) => {
		const id = parseId(ctx.params.id, 'chatSessionId');
		const raw = ctx.query.html;
		const flag = Array.isArray(raw) ? raw[0] : raw;
		if (flag !== undefined && !/^(true|false)$/i.test(flag))
			throw new HttpError(400, ARGUMENT, "The query value 'html' must be true or false.");
		const transcript = state.transcript(id, flag !== undefined && flag.toLowerCase() === 'true');
		if (transcript === undefined) throw notFound('ChatSession', id);
		return jsonReply(200, transcript);
	});

	router.add('POST', 'Ticket', (ctx) => {
		if (!ctx.bodyIsJson)
			throw new HttpError(400, ARGUMENT, 'The request body must be a JSON TicketEntity object.');
		return jsonReply(201, state.tickets.create(ctx.body, ctx.principal, state.nowString()));
	});

	router.add('GET', 'Ticket/:id', (ctx) => {
		const id = parseId(ctx.params.id, 'ticketId');
		const ticket = state.tickets.get(id);
		if (!ticket) throw notFound('Ticket', id);
		return jsonReply(200, ticket);
	});

	router.add('POST', 'TicketMessage', (ctx) => {
		if (!ctx.bodyIsJson)
			throw new HttpError(
				400,
				ARGUMENT,
				'The request body must be a JSON TicketMessageEntity object.',
			);
		return jsonReply(201, state.tickets.addMessage(ctx.body, ctx.principal, state.nowString()));
	});
}

module.exports = { registerRequestRoutes };
