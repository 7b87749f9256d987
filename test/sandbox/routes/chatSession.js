// @ts-check
'use strict';
/** /api/v1/ChatSession… routes. */
const { jsonReply, HttpError } = require('../http');
const { runArchiveQuery } = require('../odata');
const { CHAT_SESSION_ARCHIVE } = require('../archive');
const { parseId, notFound, ARGUMENT } = require('./common');

/** @typedef {import('./env').RouteEnv} RouteEnv */
/** @typedef {import('../types').ChatSessionEntity} ChatSessionEntity */

/**
 * GET ChatSession/{id}?$select=a,b: the other fields are nulled out (as documented).
 * @param {ChatSessionEntity} s
 * @param {string | string[] | undefined} select
 */
function applyEntitySelect(s, select) {
	/** @type {Record<string, unknown>} */
	const out = structuredClone(s);
	if (typeof select !== 'string' || select.trim() === '') return out;
	const wanted = new Set(
		select
			.split(',')
			.map((x) => x.trim().toLowerCase())
			.filter(Boolean),
	);
	for (const key of Object.keys(out)) {
		if (key !== 'ChatSessionId' && !wanted.has(key.toLowerCase())) out[key] = null;
	}
	return out;
}

/**
 * @param {import('../router').Router} router
 * @param {RouteEnv} env
 */
function registerChatSessionRoutes(router, env) {
	const { state } = env;
	/** @param {string} raw */
	const session = (raw) => {
		const id = parseId(raw, 'chatSessionId');
		const s = state.get(id);
		if (!s) throw notFound('ChatSession', id);
		return s;
	};

	router.add('GET', 'ChatSession', (ctx) =>
		jsonReply(
			200,
			runArchiveQuery({
				archive: CHAT_SESSION_ARCHIVE,
				rows: [...state.sessions.values()],
				ctx: env.archiveContext(),
				query: ctx.query,
				rawQuery: ctx.rawQuery,
				linkBase: `${env.apiUrl()}${ctx.apiPath}`,
				metadataUrl: `${env.apiUrl()}/archive$metadata`,
				...env.odata,
			}),
		),
	);

	router.add('GET', 'ChatSession/ForCurrentUser', (ctx) =>
		jsonReply(200, state.forUser(ctx.principal.associateId)),
	);

	router.add('GET', 'ChatSession/:id', (ctx) => {
		const s = session(ctx.params.id);
		const body = applyEntitySelect(s, ctx.query.$select);
		body._Links = {
			Self: `${env.apiUrl()}/ChatSession/${s.ChatSessionId}`,
			Archive: `${env.apiUrl()}/ChatSession`,
		};
		return jsonReply(200, body);
	});

	router.add('POST', 'ChatSession/:id/Reset', (ctx) => {
		const id = parseId(ctx.params.id, 'chatSessionId');
		const s = state.reset(id);
		if (!s) throw notFound('ChatSession', id);
		return jsonReply(200, s);
	});

	router.add('POST', 'ChatSession/:id/Pickup', (ctx) => {
		const id = parseId(ctx.params.id, 'chatSessionId');
		const s = state.pickup(id, ctx.principal);
		if (s === undefined) throw notFound('ChatSession', id);
		return jsonReply(200, s); // null when the session was not in the queue
	});

	router.add('POST', 'ChatSession/:id/TransferTo/:to', (ctx) => {
		const s = session(ctx.params.id);
		const to = state.findAssociate(ctx.params.to);
		if (!to)
			throw new HttpError(
				400,
				ARGUMENT,
				'Unknown associate for toAssociate: expected an associate id or user name.',
			);
		return jsonReply(200, state.transfer(s.ChatSessionId, to, ctx.principal));
	});

	router.add('GET', 'ChatSession/:id/Messages', (ctx) => {
		const s = session(ctx.params.id);
		const afterRaw = ctx.query.after;
		let after;
		if (afterRaw !== undefined) {
			if (Array.isArray(afterRaw) || !/^\d{1,10}$/.test(afterRaw))
				throw new HttpError(400, ARGUMENT, "The query value 'after' must be a message id (int32).");
			after = Number(afterRaw);
		}
		return jsonReply(200, state.listMessages(s.ChatSessionId, after));
	});

	router.add('POST', 'ChatSession/:id/Messages', (ctx) => {
		const s = session(ctx.params.id);
		if (
			!ctx.bodyIsJson ||
			ctx.body === null ||
			typeof ctx.body !== 'object' ||
			Array.isArray(ctx.body)
		) {
			throw new HttpError(400, ARGUMENT, 'The request body must be a JSON ChatMessage object.');
		}
		const result = state.addMessage(
			s.ChatSessionId,
			/** @type {Record<string, unknown>} */ (ctx.body),
			ctx.principal,
		);
		if (!result) throw notFound('ChatSession', s.ChatSessionId);
		if (!result.ok) throw new HttpError(400, ARGUMENT, result.error);
		return jsonReply(200, result.message);
	});
}

module.exports = { registerChatSessionRoutes };
