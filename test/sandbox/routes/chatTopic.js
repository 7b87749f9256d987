// @ts-check
'use strict';
/** /api/v1/ChatTopic… routes. The REST API documents no "list all topics" GET; see README. */
const { jsonReply, errorReply } = require('../http');
const { runArchiveQuery } = require('../odata');
const { CHAT_SESSION_ARCHIVE } = require('../archive');
const { parseId, notFound } = require('./common');
const { associateCarrier } = require('../seed');
const { openingHoursCarrier } = require('../presence');

/** @typedef {import('./env').RouteEnv} RouteEnv */
/** @typedef {import('../types').TopicSeed} TopicSeed */

/**
 * ChatTopicEntity with the documented keys (sandbox values for the settings).
 * @param {TopicSeed} t
 */
function topicEntity(t) {
	return {
		ChatTopicId: t.ChatTopicId,
		Name: t.Name,
		Description: t.Description,
		WelcomeMessage: t.WelcomeMessage ?? '',
		Language: null,
		LastAccept: null,
		SecondsPrAccept: t.SecondsPrAccept ?? 0,
		AlertRecipient: '',
		AlertTemplate: null,
		CollectConsent: false,
		BadgeHeader: t.Name,
		CustomQueueTextEnabled: false,
		CustomQueueText: '',
		WarnNewChatMinutes: 0,
		WarnManagerNewChatMinutes: 0,
		TicketEnabled: false,
		TicketCategory: null,
		TicketPriority: null,
		OpeningHoursEnabled: Boolean(t.OpeningHoursEnabled),
		OpeningHours: openingHoursCarrier(t),
		Widget: null,
		BotEnabled: Boolean(t.BotEnabled),
		BotSettings: null,
		OfflineCollectConsent: false,
		WarnChatMessageMinutes: 0,
		WarnManagerChatMessageMinutes: 0,
		UseQueueOfflineForm: false,
		OfflineFormTimeLimit: 0,
		OfflineFormQueueLength: 0,
		WidgetEnableRating: false,
		WidgetRatingText: '',
		TableRight: null,
		FieldProperties: {},
	};
}

/**
 * @param {import('../router').Router} router
 * @param {RouteEnv} env
 */
function registerChatTopicRoutes(router, env) {
	const { state } = env;
	/** @param {string} raw */
	const topic = (raw) => {
		const id = parseId(raw, 'id');
		const t = state.findTopic(id);
		if (!t) throw notFound('ChatTopic', id);
		return t;
	};

	// POST ChatTopic exists in the real API (creates a topic); the sandbox does not create topics.
	// Registering it makes GET ChatTopic answer 405, as a server without a list route would.
	router.add('POST', 'ChatTopic', () =>
		errorReply(501, 'NotSupportedException', 'The sandbox does not create chat topics.'),
	);

	// The topics where the user may respond, listen, manage or be notified.
	router.add('GET', 'ChatTopic/ForCurrentUser', (ctx) =>
		jsonReply(200, state.topicsFor(ctx.principal.associateId).map(topicEntity)),
	);

	// Within the opening hours, in the topic's time zone (a topic without hours is always open).
	router.add('GET', 'ChatTopic/:id/IsOpen', (ctx) =>
		jsonReply(200, state.isOpen(topic(ctx.params.id).ChatTopicId)),
	);

	// The topic's members and their rights: [{TopicId, User (Associate), CanListen, CanRespond, …}].
	router.add('GET', 'ChatTopic/:id/UserAgent', (ctx) => {
		const t = topic(ctx.params.id);
		return jsonReply(
			200,
			t.Members.flatMap((m) => {
				const who = state.findAssociate(m.associateId);
				return who
					? [
							{
								TopicId: t.ChatTopicId,
								User: associateCarrier(who),
								CanListen: m.canListen,
								CanRespond: m.canRespond,
								CanManage: m.canManage,
								CanNotify: m.canNotify,
								TableRight: null,
								FieldProperties: {},
							},
						]
					: [];
			}),
		);
	});

	router.add('GET', 'ChatTopic/:id', (ctx) => {
		const t = topic(ctx.params.id);
		return jsonReply(200, {
			...topicEntity(t),
			_Links: {
				Self: `${env.apiUrl()}/ChatTopic/${t.ChatTopicId}`,
				Sessions: `${env.apiUrl()}/ChatTopic/${t.ChatTopicId}/Sessions`,
			},
		});
	});

	router.add('GET', 'ChatTopic/:id/Sessions', (ctx) => {
		const t = topic(ctx.params.id);
		return jsonReply(
			200,
			runArchiveQuery({
				archive: CHAT_SESSION_ARCHIVE,
				rows: [...state.sessions.values()].filter((s) => s.TopicId === t.ChatTopicId),
				ctx: env.archiveContext(),
				query: ctx.query,
				rawQuery: ctx.rawQuery,
				linkBase: `${env.apiUrl()}${ctx.apiPath}`,
				metadataUrl: `${env.apiUrl()}/archive$metadata`,
				...env.odata,
			}),
		);
	});
}

module.exports = { registerChatTopicRoutes, topicEntity };
