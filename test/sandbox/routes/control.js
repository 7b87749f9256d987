// @ts-check
'use strict';
/**
 * Control endpoints under /__sandbox/ (no auth, loopback only, never recorded, no faults):
 * for tests running in another process (n8n e2e) and for `npm run sandbox`.
 */
const { readBody, parseBody, jsonReply, HttpError } = require('../http');
const { routeWebhookControl } = require('./webhook');

/** @typedef {import('../http').Reply} Reply */
/**
 * @typedef {{
 *   info: () => Record<string, unknown>,
 *   log: import('../log').RequestLog,
 *   state: import('../state').SandboxState,
 *   faults: import('../faults').FaultController,
 *   stats: () => Record<string, number>,
 *   resetStats: () => void,
 *   reseed: (seed: import('../types').SeedSpec) => void,
 *   putSession: (entity: Record<string, unknown>) => import('../types').ChatSessionEntity,
 *   bodyLimit: number,
 *   oauth: import('../oauth').OAuthServer,
 *   webhooks: import('../webhooks').WebhookCenter,
 *   chatbot: import('../chatbot').SandboxChatbot,
 * }} ControlApi
 */

/** @param {unknown} body @returns {Record<string, unknown>} */
function objectBody(body) {
	if (body === undefined) return {};
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw new HttpError(400, 'ArgumentException', 'body must be a JSON object');
	return /** @type {Record<string, unknown>} */ (body);
}

/** @param {string} raw */
function sessionId(raw) {
	if (!/^\d{1,10}$/.test(raw))
		throw new HttpError(400, 'ArgumentException', 'session id must be a positive integer');
	return Number(raw);
}

/**
 * @param {ControlApi} api
 * @param {string} method
 * @param {string[]} parts path parts after /__sandbox
 * @param {URLSearchParams} params
 * @param {unknown} body
 * @returns {Reply}
 */
function route(api, method, parts, params, body) {
	const [a, b] = parts;
	if (a === 'webhooks')
		return routeWebhookControl(api.webhooks, api.state, method, parts.slice(1), params, body);
	if (a === 'agents' || a === 'topics') return routeDesk(api.state, method, parts, body);
	const shape = parts.map((p, i) => (i === 1 && a === 'sessions' ? ':' : p)).join('/');
	const key = `${method} ${shape}`;
	switch (key) {
		case 'GET ':
			return jsonReply(200, api.info());
		case 'GET requests': {
			const since = Number(params.get('since') ?? 0);
			return jsonReply(
				200,
				api.log.entries.filter((e) => e.seq > since),
			);
		}
		case 'DELETE requests':
			api.log.clear();
			return jsonReply(200, { cleared: true });
		case 'GET sessions':
			return jsonReply(
				200,
				[...api.state.sessions.values()].sort((x, y) => x.ChatSessionId - y.ChatSessionId),
			);
		case 'POST sessions':
			if (!body || typeof body !== 'object' || Array.isArray(body))
				throw new HttpError(400, 'ArgumentException', 'body must be a ChatSessionEntity object');
			return jsonReply(200, api.putSession(/** @type {Record<string, unknown>} */ (body)));
		case 'GET sessions/:': {
			const s = api.state.get(sessionId(b));
			return s ? jsonReply(200, s) : jsonReply(404, { error: `no session ${b}` });
		}
		case 'PUT sessions/:': {
			if (!body || typeof body !== 'object' || Array.isArray(body))
				throw new HttpError(400, 'ArgumentException', 'body must be a ChatSessionEntity object');
			return jsonReply(
				200,
				api.putSession({
					.../** @type {Record<string, unknown>} */ (body),
					ChatSessionId: sessionId(b),
				}),
			);
		}
		case 'GET sessions/:/messages': {
			const id = sessionId(b);
			return api.state.get(id)
				? jsonReply(200, api.state.listMessages(id))
				: jsonReply(404, { error: `no session ${b}` });
		}
		case 'POST sessions/:/idle': {
			const minutes = objectBody(body).minutes;
			if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0)
				throw new HttpError(400, 'ArgumentException', 'minutes must be a number >= 0');
			const s = api.state.idleFor(sessionId(b), minutes);
			return s ? jsonReply(200, s) : jsonReply(404, { error: `no session ${b}` });
		}
		case 'POST sessions/:/customer': {
			// The customer in the chat window: {"text": "..."} writes, {"click": "Yes" | 1} clicks.
			const { text, click } = objectBody(body);
			const id = sessionId(b);
			if ((text === undefined) === (click === undefined))
				throw new HttpError(400, 'ArgumentException', 'give either text or click');
			if (click !== undefined && typeof click !== 'string' && typeof click !== 'number')
				throw new HttpError(400, 'ArgumentException', 'click is an option text or number');
			const result =
				text !== undefined
					? api.state.customerWrites(id, /** @type {string} */ (text))
					: api.state.customerClicks(id, /** @type {string | number} */ (click));
			if (!result) return jsonReply(404, { error: `no session ${b}` });
			if (!result.ok) throw new HttpError(400, 'ArgumentException', result.error);
			return jsonReply(200, result.message);
		}
		case 'GET chatbot':
			return jsonReply(200, api.chatbot.toJSON());
		case 'POST chatbot':
			try {
				return jsonReply(200, api.chatbot.configure(objectBody(body)));
			} catch (e) {
				throw new HttpError(400, 'ArgumentException', /** @type {Error} */ (e).message);
			}
		case 'POST reseed': {
			const seed =
				body && typeof body === 'object' && 'seed' in body
					? /** @type {{ seed: import('../types').SeedSpec }} */ (body).seed
					: 'default';
			api.reseed(seed);
			return jsonReply(200, { sessions: api.state.sessions.size });
		}
		case 'GET faults':
			return jsonReply(200, api.faults.toJSON());
		case 'POST faults':
			api.faults.configure(body);
			return jsonReply(200, api.faults.toJSON());
		case 'DELETE faults':
			api.faults.clear();
			return jsonReply(200, api.faults.toJSON());
		case 'GET stats':
			return jsonReply(200, api.stats());
		case 'DELETE stats':
			api.resetStats();
			return jsonReply(200, api.stats());
		case 'POST settings': {
			const s = /** @type {Record<string, unknown>} */ (body ?? {});
			if (s.agentsAvailable !== undefined) {
				if (typeof s.agentsAvailable !== 'boolean')
					throw new HttpError(400, 'ArgumentException', 'agentsAvailable must be a boolean');
				api.state.agentsAvailable = s.agentsAvailable;
			}
			if (s.notMemberOfTopics !== undefined) {
				const ids = s.notMemberOfTopics;
				if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id) && id > 0))
					throw new HttpError(400, 'ArgumentException', 'notMemberOfTopics must be topic ids');
				api.state.notMemberOfTopics = new Set(ids);
			}
			if (s.ticketLinkByPatch !== undefined) {
				if (typeof s.ticketLinkByPatch !== 'boolean')
					throw new HttpError(400, 'ArgumentException', 'ticketLinkByPatch must be a boolean');
				api.state.ticketLinkByPatch = s.ticketLinkByPatch;
			}
			// agentsAvailable and notMemberOfTopics always (as before), ticketLinkByPatch when it was given.
			return jsonReply(200, {
				agentsAvailable: api.state.agentsAvailable,
				notMemberOfTopics: [...api.state.notMemberOfTopics],
				...(s.ticketLinkByPatch === undefined
					? {}
					: { ticketLinkByPatch: api.state.ticketLinkByPatch }),
			});
		}
		case 'GET oauth':
			return jsonReply(200, {
				tokenUrl: api.oauth.tokenUrl,
				authorizeUrl: api.oauth.authorizeUrl,
				...api.oauth.settings,
				...api.oauth.stats(),
			});
		case 'POST oauth':
			return jsonReply(200, api.oauth.configure(/** @type {any} */ (body ?? {})));
		case 'POST oauth/expire': {
			const afterRequests = objectBody(body).afterRequests;
			const expired = api.oauth.expireAccessTokens({
				afterRequests: /** @type {number | undefined} */ (afterRequests),
			});
			return jsonReply(200, { expired, ...api.oauth.stats() });
		}
		case 'POST oauth/tokens': {
			const b = objectBody(body);
			return jsonReply(
				200,
				api.oauth.issueTokens({
					associateId: /** @type {number | undefined} */ (b.associateId),
					clientId: /** @type {string | undefined} */ (b.clientId),
				}),
			);
		}
		case 'POST oauth/codes': {
			const b = objectBody(body);
			return jsonReply(200, {
				code: api.oauth.issueCode({
					associateId: /** @type {number | undefined} */ (b.associateId),
					clientId: /** @type {string | undefined} */ (b.clientId),
					redirectUri: /** @type {string | undefined} */ (b.redirectUri),
				}),
			});
		}
		case 'POST oauth/state': {
			const { times, ...override } = /** @type {any} */ (objectBody(body));
			api.oauth.setTenantState(Object.keys(override).length > 0 ? override : null, { times });
			return jsonReply(200, { tenantState: api.oauth.tenantState });
		}
		case 'POST oauth/revoke': {
			const token = objectBody(body).refreshToken;
			if (typeof token !== 'string')
				throw new HttpError(400, 'ArgumentException', 'refreshToken must be a string');
			return jsonReply(200, { revoked: api.oauth.revokeRefreshToken(token) });
		}
		default:
			return jsonReply(404, {
				error: `no control endpoint ${method} /__sandbox/${parts.join('/')}`,
				see: 'GET /__sandbox/',
			});
	}
}

/** @param {import('../state').SandboxState} state */
function agentList(state) {
	const presence = new Map(state.presence().map((p) => [p.UserId, p]));
	return state.associates.map((who) => ({
		associateId: who.associateId,
		username: who.username,
		fullName: who.fullName,
		present: state.present.has(who.associateId),
		ongoingChats: presence.get(who.associateId)?.OngoingChats ?? 0,
		topics: presence.get(who.associateId)?.ChatTopics ?? [],
	}));
}

/**
 * Who is present, and the topics' members and opening hours:
 * GET agents · POST agents/{user}/presence {present} · GET topics · PATCH topics/{id} {…}.
 * @param {import('../state').SandboxState} state
 * @param {string} method
 * @param {string[]} parts
 * @param {unknown} body
 * @returns {Reply}
 */
function routeDesk(state, method, parts, body) {
	const [a, b, c] = parts;
	if (a === 'agents' && method === 'GET' && parts.length === 1)
		return jsonReply(200, agentList(state));
	if (a === 'agents' && method === 'POST' && c === 'presence' && parts.length === 3) {
		const present = objectBody(body).present;
		if (typeof present !== 'boolean')
			throw new HttpError(400, 'ArgumentException', 'present must be true or false');
		const who = state.setPresent(decodeURIComponent(b), present);
		if (!who) return jsonReply(404, { error: `no user ${b}` });
		return jsonReply(
			200,
			agentList(state).find((x) => x.associateId === who.associateId),
		);
	}
	if (a === 'topics' && method === 'GET' && parts.length === 1)
		return jsonReply(
			200,
			state.topics.map((t) => ({ ...t, IsOpen: state.isOpen(t.ChatTopicId) })),
		);
	if (a === 'topics' && method === 'PATCH' && parts.length === 2) {
		const topic = state.updateTopic(sessionId(b), objectBody(body));
		if (!topic) return jsonReply(404, { error: `no topic ${b}` });
		return jsonReply(200, { ...topic, IsOpen: state.isOpen(topic.ChatTopicId) });
	}
	return jsonReply(404, {
		error: `no control endpoint ${method} /__sandbox/${parts.join('/')}`,
		see: 'GET /__sandbox/',
	});
}

/**
 * @param {ControlApi} api
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {(res: import('node:http').ServerResponse, reply: Reply) => void} send
 */
async function handleControl(api, req, res, send) {
	const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
	const parts = url.pathname.split('/').filter(Boolean).slice(1);
	let reply;
	try {
		const parsed = parseBody(await readBody(req, api.bodyLimit));
		if (parsed.value !== undefined && !parsed.json)
			throw new HttpError(400, 'ArgumentException', 'body must be JSON');
		reply = route(api, (req.method ?? 'GET').toUpperCase(), parts, url.searchParams, parsed.value);
	} catch (e) {
		if (e instanceof HttpError) reply = jsonReply(e.status, { error: e.message });
		else if (e instanceof TypeError) reply = jsonReply(400, { error: e.message });
		else throw e;
	}
	send(res, reply);
}

module.exports = { handleControl };
