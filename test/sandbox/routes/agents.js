// @ts-check
'use strict';
/** RPC twin of Reset: POST /api/v1/Agents/Chat/ResetChatSession {"ChatSessionId": n} → entity or null. */
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
}

module.exports = { registerAgentRoutes };
