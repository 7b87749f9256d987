// @ts-check
'use strict';
/** Builds the /api/v1 route table. */
const { Router } = require('../router');
const { registerChatSessionRoutes } = require('./chatSession');
const { registerChatTopicRoutes } = require('./chatTopic');
const { registerUserRoutes } = require('./user');
const { registerAgentRoutes } = require('./agents');
const { registerWebhookRoutes } = require('./webhook');
const { registerRequestRoutes } = require('./requests');

/**
 * @param {import('./env').RouteEnv} env
 * @param {string} tenant
 */
function buildApiRouter(env, tenant) {
	const router = new Router();
	registerUserRoutes(router, env, tenant);
	registerChatSessionRoutes(router, env);
	registerChatTopicRoutes(router, env);
	registerAgentRoutes(router, env);
	registerWebhookRoutes(router, env);
	registerRequestRoutes(router, env);
	return router;
}

module.exports = { buildApiRouter };
