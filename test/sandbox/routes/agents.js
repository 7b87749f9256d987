// @ts-check
'use strict';
/**
 * The Agents (RPC) chat calls: ResetChatSession {"ChatSessionId": n} → entity or null (Reset's
 * twin), and GetChatPresence (no body) → [{UserId, DisplayName, OngoingChats, Present, ChatTopics}].
 */
const { jsonReply, HttpError } = require('../http');
const { ARGUMENT } = require('./common');

/**
 * @param {import('../router').Router} router
 * @param {import('./env').RouteEnv} env
 */
function registerAgentRoutes(router, env) {
	router.add('POST', 'Agents/Chat/ResetChatSession', (ctx) => {
		const body = /** @type {Record<string, unknown> | null} */ (
			ctx.bodyIsJson && ctx.body && typeof ctx.body === 'object' ? ctx.body : null
		);
		const id = body?.ChatSessionId;
		if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2147483647) {
			throw new HttpError(400, ARGUMENT, 'Body must be {"ChatSessionId": <positive int32>}.');
		}
		// The Agents API answers null (not 404) for a missing item.
		return jsonReply(200, env.state.reset(id) ?? null);
	});

	router.add('POST', 'Agents/Chat/GetChatPresence', () => jsonReply(200, env.state.presence()));
}

module.exports = { registerAgentRoutes };
