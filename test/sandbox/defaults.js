// @ts-check
'use strict';
/**
 * Default tenant, demo secrets, users and topics. The secrets are the sandbox's own demo
 * values: distinct, recognizable strings so tests can search any output for leaks.
 */

/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {import('./types').TopicSeed} TopicSeed */

/** @template T @param {T} obj @returns {T} */
function deepFreeze(obj) {
	if (obj && typeof obj === 'object') {
		for (const v of Object.values(obj)) deepFreeze(v);
		Object.freeze(obj);
	}
	return obj;
}

const TENANT = 'Cust12345';
const PRINCIPAL_ID = 5;
const USERNAME = 'sandbox-user';
const PASSWORD = 'Sb-Password-7f3k9';
const TICKET = '7T:sandbox-ticket-Q2xZ';
const BEARER_TOKEN = '8A:Cust12345.sandbox-token-M4nP';
const EXPIRED_BEARER_TOKEN = '8A:Cust12345.sandbox-expired-token-X1yZ';
const APP_TOKEN = 'sandbox-app-token-R8vW';
const OAUTH_CLIENT_ID = 'sandbox-client-id-5c2e9a';
const OAUTH_CLIENT_SECRET = 'sandbox-client-secret-J7hQ';
const OAUTH_REFRESH_TOKEN = 'sandbox-refresh-token-W3kD';

/** Users (associates) of the sandbox tenant. AssociateId 5 is the default principal. */
/** @type {readonly AssociateSeed[]} */
const DEFAULT_ASSOCIATES = deepFreeze([
	{
		associateId: 5,
		username: 'sandbox-user',
		name: 'SBX',
		fullName: 'Sandra Box',
		firstName: 'Sandra',
		lastName: 'Box',
		email: 'sandra.box@example.com',
		personId: 105,
	},
	{
		associateId: 12,
		username: 'anna.agent',
		name: 'ANNA',
		fullName: 'Anna Agent',
		firstName: 'Anna',
		lastName: 'Agent',
		email: 'anna.agent@example.com',
		personId: 112,
	},
	{
		associateId: 13,
		username: 'bob.backup',
		name: 'BOB',
		fullName: 'Bob Backup',
		firstName: 'Bob',
		lastName: 'Backup',
		email: 'bob.backup@example.com',
		personId: 113,
	},
	{
		associateId: 14,
		username: 'carl.chat',
		name: 'CARL',
		fullName: 'Carl Chatman',
		firstName: 'Carl',
		lastName: 'Chatman',
		email: 'carl.chat@example.com',
		personId: 114,
	},
	{
		associateId: 21,
		username: 'chatbot',
		name: 'BOT',
		fullName: 'Sandbox Bot',
		firstName: 'Sandbox',
		lastName: 'Bot',
		email: 'bot@example.com',
		personId: 121,
		isBot: true,
	},
]);

/**
 * @param {number} associateId
 * @param {{ listen?: boolean, respond?: boolean, manage?: boolean, notify?: boolean }} rights
 * @returns {import('./types').TopicMember}
 */
function member(associateId, { listen = true, respond = false, manage = false, notify = false }) {
	return {
		associateId,
		canListen: listen,
		canRespond: respond,
		canManage: manage,
		canNotify: notify,
	};
}

/**
 * Chat topics (channels) with their members' rights and opening hours. 371 is the TopicId of the
 * documentation's sample session 464. The principal (5) is a member of every topic, so
 * ChatTopic/ForCurrentUser lists them all; every topic has a present user who may respond
 * (DEFAULT_PRESENT), so Reset queues sessions unless a test makes them absent. Billing has
 * opening hours (weekdays 08:00-16:00, Oslo time): its IsOpen follows the clock.
 */
/** @type {readonly TopicSeed[]} */
const DEFAULT_TOPICS = deepFreeze([
	{
		ChatTopicId: 1,
		Name: 'Sales',
		Description: 'Questions before buying',
		WelcomeMessage: 'Hi, this is Sales. How can we help?',
		BotEnabled: false,
		SecondsPrAccept: 30,
		OpeningHoursEnabled: false,
		OpeningHours: null,
		Members: [member(5, { respond: true, manage: true }), member(12, { respond: true })],
	},
	{
		ChatTopicId: 2,
		Name: 'Support',
		Description: 'Help with existing products (bot first)',
		WelcomeMessage: 'Hi, this is Support.',
		BotEnabled: true,
		SecondsPrAccept: 45,
		OpeningHoursEnabled: false,
		OpeningHours: null,
		Members: [
			member(5, { manage: true, notify: true }),
			member(12, { respond: true }),
			member(13, { respond: true }),
			member(14, { respond: true }),
		],
	},
	{
		ChatTopicId: 3,
		Name: 'Billing',
		Description: 'Invoices and payments',
		WelcomeMessage: 'Hi, this is Billing.',
		BotEnabled: true,
		SecondsPrAccept: 60,
		OpeningHoursEnabled: true,
		OpeningHours: {
			timeZone: 'Europe/Oslo',
			days: {
				Mon: ['08:00', '16:00'],
				Tue: ['08:00', '16:00'],
				Wed: ['08:00', '16:00'],
				Thu: ['08:00', '16:00'],
				Fri: ['08:00', '16:00'],
			},
		},
		Members: [member(5, { respond: true }), member(13, { respond: true })],
	},
	{
		ChatTopicId: 371,
		Name: 'Documentation sample',
		Description: 'Topic of the documented sample session 464',
		WelcomeMessage: 'Welcome.',
		BotEnabled: false,
		SecondsPrAccept: 0,
		OpeningHoursEnabled: false,
		OpeningHours: null,
		Members: [member(5, { respond: true })],
	},
]);

/** Users present in the chat at start: Sandra (5), Anna (12) and Bob (13); Carl (14) is away. */
const DEFAULT_PRESENT = deepFreeze([5, 12, 13]);

const SANDBOX_DEFAULTS = deepFreeze({
	tenant: TENANT,
	host: '127.0.0.1',
	timeZone: 'Europe/Oslo',
	principalAssociateId: PRINCIPAL_ID,
	username: USERNAME,
	password: PASSWORD,
	ticket: TICKET,
	bearerToken: BEARER_TOKEN,
	/** Accepted as a token, but answers 403 "expired" (like Online does for stale tokens). */
	expiredBearerToken: EXPIRED_BEARER_TOKEN,
	appToken: APP_TOKEN,
	auth: {
		users: [{ username: USERNAME, password: PASSWORD, associateId: PRINCIPAL_ID }],
		tickets: [{ ticket: TICKET, associateId: PRINCIPAL_ID }],
		tokens: [
			{ token: BEARER_TOKEN, associateId: PRINCIPAL_ID, expired: false },
			{ token: EXPIRED_BEARER_TOKEN, associateId: PRINCIPAL_ID, expired: true },
		],
		appTokens: [APP_TOKEN],
		/** @type {boolean | 'soTicket'} */
		requireAppToken: false,
		/** @type {Array<import('./types').AuthScheme>} */
		schemes: ['basic', 'soTicket', 'bearer'],
	},
	/** The demo app registered with the sandbox's OAuth 2.0 token endpoint. */
	oauthClientId: OAUTH_CLIENT_ID,
	oauthClientSecret: OAUTH_CLIENT_SECRET,
	/** A refresh token valid for the demo app (principal 5) from the start. */
	oauthRefreshToken: OAUTH_REFRESH_TOKEN,
	oauth: {
		clients: [{ clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_CLIENT_SECRET }],
		refreshTokens: [
			{ refreshToken: OAUTH_REFRESH_TOKEN, clientId: OAUTH_CLIENT_ID, associateId: PRINCIPAL_ID },
		],
		/** Online's access tokens live about an hour (`expires_in: 3600` in the docs). */
		tokenLifetimeSec: 3600,
		/** What an expired issued access token answers; Online mostly says 403. */
		/** @type {401 | 403} */
		expiredStatus: 403,
		rotateRefreshTokens: false,
		idToken: true,
	},
	odata: { defaultPageSize: 200, maxPageSize: 1000 },
	bodyLimit: 1024 * 1024,
	associates: DEFAULT_ASSOCIATES,
	topics: DEFAULT_TOPICS,
	present: DEFAULT_PRESENT,
});

module.exports = {
	SANDBOX_DEFAULTS,
	DEFAULT_ASSOCIATES,
	DEFAULT_TOPICS,
	DEFAULT_PRESENT,
	deepFreeze,
};
