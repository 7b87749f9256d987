// @ts-check
'use strict';
/**
 * Builders for ChatSessionEntity objects and the deterministic 'default' seed.
 * Dates are relative to the `now` given, formatted like SuperOffice
 * (`2015-06-16T17:37:38.2868649+02:00`).
 */
const { formatSoDate } = require('./dates');
const { createPrng } = require('./prng');
const { resolveEnum, CHAT_SESSION_STATUS } = require('./enums');
const { DEFAULT_ASSOCIATES, DEFAULT_TOPICS } = require('./defaults');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').Associate} Associate */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {import('./types').TopicSeed} TopicSeed */

/** The 33 keys of ChatSessionEntity in the documentation's order. */
const SESSION_KEYS = Object.freeze(
	/** @type {Array<keyof ChatSessionEntity>} */ ([
		'ChatSessionId',
		'TopicId',
		'User',
		'Person',
		'CustomerAlias',
		'CustomerHost',
		'CustomerName',
		'CustomerEmail',
		'CustomerPhone',
		'CustomerConsented',
		'CustomerCompanyName',
		'Status',
		'FirstMessage',
		'LastMessage',
		'WhenRequested',
		'WhenStarted',
		'WhenEnded',
		'WhenIdle',
		'WhenFetched',
		'SessionKey',
		'InitialQueuePos',
		'AlertLevel',
		'Rank',
		'Flags',
		'Contact',
		'Project',
		'Sale',
		'Ticket',
		'TransferTo',
		'ChatbotIsActive',
		'Rating',
		'TableRight',
		'FieldProperties',
	]),
);

/** Keys of ChatMessage in the documentation's order. */
const MESSAGE_KEYS = Object.freeze(
	/** @type {Array<keyof ChatMessage>} */ ([
		'ChatMessageId',
		'ChatSessionId',
		'Type',
		'Message',
		'Author',
		'ReadByCustomer',
		'SpecialType',
		'SpecialParam',
		'WhenPosted',
	]),
);

/** Sample response of `POST /api/v1/ChatSession/{chatSessionId}/Reset`, verbatim from the docs page. */
const SAMPLE_SESSION_464 = Object.freeze({
	ChatSessionId: 464,
	TopicId: 371,
	User: null,
	Person: null,
	CustomerAlias: 'minus',
	CustomerHost: 'dolorem',
	CustomerName: 'Feest, Marquardt and Langworth',
	CustomerEmail: 'reid@bechtelar.co.uk',
	CustomerPhone: '614-611-7222 x1107',
	CustomerConsented: true,
	CustomerCompanyName: 'Becker, Sporer and Thiel',
	Status: 'Closed',
	FirstMessage: 'molestiae',
	LastMessage: 'ut',
	WhenRequested: '2015-06-16T17:37:38.2868649+02:00',
	WhenStarted: '1996-08-03T17:37:38.2868649+02:00',
	WhenEnded: '1999-03-15T17:37:38.2868649+01:00',
	WhenIdle: '2009-11-11T17:37:38.2868649+01:00',
	WhenFetched: '2021-12-17T17:37:38.2868649+01:00',
	SessionKey: 'asperiores',
	InitialQueuePos: 27,
	AlertLevel: 443,
	Rank: 365,
	Flags: 'CustomerIsTyping',
	Contact: null,
	Project: null,
	Sale: null,
	Ticket: null,
	TransferTo: null,
	ChatbotIsActive: false,
	Rating: 131,
	TableRight: null,
	FieldProperties: Object.freeze({
		fieldName: Object.freeze({ FieldRight: null, FieldType: 'System.Int32', FieldLength: 343 }),
	}),
});

/** Ids of the notable sessions in the 'default' seed. */
const SEED_IDS = Object.freeze({
	/** The documentation's sample session (Status Closed). */
	sample: 464,
	/** Bulk history: ids 1..290, Closed / Finished / ClosedFromQueue / OfflineForm. */
	bulk: Object.freeze({ from: 1, to: 290 }),
	/** Active bot sessions (ChatbotIsActive true, User null), idle for the given minutes. */
	botActive: Object.freeze([901, 902, 903, 904, 905, 906]),
	botIdleMinutes: Object.freeze({ 901: 1, 902: 2, 903: 4, 904: 6, 905: 10, 906: 30 }),
	/** Human-handled, ChatbotIsActive false. 911/912 belong to the default principal (5). */
	humanActive: Object.freeze([911, 912, 913, 914, 915, 916]),
	/** 916 (Carl's) has a pending TransferTo the default principal. */
	pendingTransfer: 916,
	/** Waiting in the queue, no user. 925 was handed off by the bot earlier. */
	inQueue: Object.freeze([921, 922, 923, 924, 925]),
	/** 931 Finished, 932 Closed, 933 ClosedFromQueue, 934 OfflineForm, 935 PreChatForm. */
	other: Object.freeze([931, 932, 933, 934, 935]),
	/** Total number of sessions in the default seed. */
	total: 313,
});

/**
 * The `Associate` carrier as found in ChatSessionEntity.User / TransferTo.
 * @param {AssociateSeed} a
 * @returns {Associate}
 */
function associateCarrier(a) {
	return {
		AssociateId: a.associateId,
		Name: a.name,
		PersonId: a.personId,
		Rank: 0,
		Tooltip: a.fullName,
		Type: 'InternalAssociate',
		GroupIdx: 1,
		FullName: a.fullName,
		FormalName: `${a.lastName}, ${a.firstName}`,
		Deleted: false,
		EjUserId: 0,
		UserName: a.username,
		TableRight: null,
		FieldProperties: {},
	};
}

/**
 * Find an associate by id (number or digit string) or by username / Name (case-insensitive).
 * @param {readonly AssociateSeed[]} associates
 * @param {unknown} ref
 */
function findAssociate(associates, ref) {
	if (typeof ref === 'number' || (typeof ref === 'string' && /^\d+$/.test(ref.trim()))) {
		const id = Number(ref);
		return associates.find((a) => a.associateId === id);
	}
	if (typeof ref === 'string') {
		const lower = ref.trim().toLowerCase();
		return associates.find(
			(a) => a.username.toLowerCase() === lower || a.name.toLowerCase() === lower,
		);
	}
	return undefined;
}

/** @param {number} id */
function sessionKeyFor(id) {
	return `sk-${createPrng(id * 7919 + 17).hex(12)}`;
}

/**
 * Build a full ChatSessionEntity (33 keys, documented order) from partial overrides.
 * - `User` / `TransferTo` may be an associate id or username (resolved to the Associate carrier).
 * - Date fields may be `Date` objects (formatted) or strings (kept as-is) or null.
 * - `Status` may be the enum name (any case) or its number.
 * Unknown keys throw (catches typos in tests); `_Links` is ignored.
 * @param {Partial<Record<keyof ChatSessionEntity, unknown>> & Record<string, unknown>} [overrides]
 * @param {{ now?: Date, timeZone?: string, associates?: readonly AssociateSeed[] }} [opts]
 * @returns {ChatSessionEntity}
 */
function buildSession(overrides = {}, opts = {}) {
	const now = opts.now ?? new Date();
	const tz = opts.timeZone ?? 'Europe/Oslo';
	const associates = opts.associates ?? DEFAULT_ASSOCIATES;
	for (const key of Object.keys(overrides)) {
		if (key !== '_Links' && !SESSION_KEYS.includes(/** @type {keyof ChatSessionEntity} */ (key))) {
			throw new TypeError(`buildSession: unknown ChatSessionEntity key '${key}'`);
		}
	}
	const id = overrides.ChatSessionId === undefined ? 0 : Number(overrides.ChatSessionId);
	if (!Number.isInteger(id) || id < 0 || id > 2147483647)
		throw new TypeError('buildSession: ChatSessionId must be an int32');
	/** @type {ChatSessionEntity} */
	const defaults = {
		ChatSessionId: id,
		TopicId: 1,
		User: null,
		Person: null,
		CustomerAlias: 'Visitor',
		CustomerHost: '192.0.2.10',
		CustomerName: '',
		CustomerEmail: '',
		CustomerPhone: '',
		CustomerConsented: false,
		CustomerCompanyName: '',
		Status: 'InQueue',
		FirstMessage: '',
		LastMessage: '',
		WhenRequested: formatSoDate(now, tz),
		WhenStarted: null,
		WhenEnded: null,
		WhenIdle: formatSoDate(now, tz),
		WhenFetched: formatSoDate(now, tz),
		SessionKey: sessionKeyFor(id),
		InitialQueuePos: 1,
		AlertLevel: 0,
		Rank: 0,
		Flags: 'CustomerIsTyping',
		Contact: null,
		Project: null,
		Sale: null,
		Ticket: null,
		TransferTo: null,
		ChatbotIsActive: false,
		Rating: 0,
		TableRight: null,
		FieldProperties: {},
	};
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const key of SESSION_KEYS) {
		let value = Object.prototype.hasOwnProperty.call(overrides, key)
			? overrides[key]
			: defaults[key];
		if (
			(key === 'User' || key === 'TransferTo') &&
			(typeof value === 'number' || typeof value === 'string')
		) {
			const a = findAssociate(associates, value);
			if (!a) throw new TypeError(`buildSession: unknown associate '${String(value)}' for ${key}`);
			value = associateCarrier(a);
		}
		if (key.startsWith('When') && value instanceof Date) value = formatSoDate(value, tz);
		if (key === 'Status') {
			const st = resolveEnum(CHAT_SESSION_STATUS, value);
			if (!st) throw new TypeError(`buildSession: unknown Status '${String(value)}'`);
			value = st.name;
		}
		out[key] = value === undefined ? null : structuredClone(value);
	}
	return /** @type {ChatSessionEntity} */ (/** @type {unknown} */ (out));
}

const FIRST = [
	'Kari',
	'Ola',
	'Ingrid',
	'Lars',
	'Maja',
	'Jonas',
	'Sofie',
	'Emil',
	'Nora',
	'Henrik',
	'Ella',
	'Ali',
	'Mei',
	'Tomas',
	'Julia',
	'Omar',
];
const LAST = [
	'Nordmann',
	'Hansen',
	'Berg',
	'Larsen',
	'Dahl',
	'Lie',
	'Moen',
	'Solberg',
	'Haugen',
	'Strand',
	'Eriksen',
	'Bakke',
];
const COMPANIES = [
	'Fjord Tech AS',
	'Nordlys Retail',
	'Bergen Bikes',
	'Acme Example Ltd',
	'Tundra Foods',
	'Polar Freight',
	'Viking Software',
	'',
];
const QUESTIONS = [
	'Hi, I cannot log in to my account',
	'Where is my order?',
	'Can I change my invoice address?',
	'Do you ship to Sweden?',
	'How do I reset my password?',
	'The app crashes when I open settings',
	'I was charged twice this month',
	'Can I talk to a human please?',
	'What are your opening hours?',
	'Is the premium plan available for teams?',
];
const ANSWERS = [
	'Thanks for reaching out, let me check that for you.',
	'I have sent you a link to reset it.',
	'Your order left our warehouse yesterday.',
	'Yes, we do. Shipping takes 2-3 days.',
	'I have corrected the address on your account.',
	'I have refunded the duplicate charge.',
];
const BOT_REPLIES = [
	'I am the Sandbox Bot. Could you describe the problem in a few words?',
	'I found these articles that may help. Did that answer your question?',
	'Let me see if I can help with that.',
];
const FOLLOW_UPS = [
	'That did not help.',
	'Still broken.',
	'Can a person take over?',
	'Ok, thanks!',
	'Hello?',
];

/**
 * Build the deterministic 'default' seed: ~300 sessions and their messages.
 * @param {{ now?: Date, timeZone?: string, associates?: readonly AssociateSeed[], topics?: readonly TopicSeed[] }} [opts]
 * @returns {{ sessions: ChatSessionEntity[], messages: ChatMessage[] }}
 */
function buildDefaultSeed(opts = {}) {
	const nowMs = (opts.now ?? new Date()).getTime();
	const tz = opts.timeZone ?? 'Europe/Oslo';
	const associates = opts.associates ?? DEFAULT_ASSOCIATES;
	const topics = opts.topics ?? DEFAULT_TOPICS;
	const rnd = createPrng(464);
	const humans = associates.filter((a) => !a.isBot);
	const bot = associates.find((a) => a.isBot);
	const botName = bot ? bot.fullName : 'Bot';
	const topicIds = topics.filter((t) => t.ChatTopicId !== 371).map((t) => t.ChatTopicId);
	const botTopic = (topics.find((t) => t.BotEnabled) ?? topics[0]).ChatTopicId;
	const MIN = 60000;
	/** @param {number} ms */
	const d = (ms) => formatSoDate(ms, tz, rnd.int(0, 9999));
	/** @param {string} username */
	const assoc = (username) => {
		const a = associates.find((x) => x.username === username) ?? humans[0];
		return associateCarrier(a);
	};

	/** @type {ChatSessionEntity[]} */
	const sessions = [];
	/** @type {ChatMessage[]} */
	const messages = [];
	let messageId = 0;

	/**
	 * @param {number} sessionId
	 * @param {'ToCustomer' | 'ToUser' | 'Special'} type
	 * @param {string} text
	 * @param {string} author
	 * @param {number} whenMs
	 * @param {string} [special]
	 */
	const msg = (sessionId, type, text, author, whenMs, special = 'None') => {
		messages.push({
			ChatMessageId: ++messageId,
			ChatSessionId: sessionId,
			Type: type,
			Message: text,
			Author: author,
			ReadByCustomer: type === 'ToCustomer' ? 1 : 0,
			SpecialType: special,
			SpecialParam: '',
			WhenPosted: d(whenMs),
		});
		return text;
	};

	const customer = () => {
		const first = rnd.pick(FIRST);
		const last = rnd.pick(LAST);
		const withContact = rnd.next() < 0.3;
		const company = rnd.pick(COMPANIES);
		const contactId = rnd.int(10, 400);
		return {
			CustomerAlias: first,
			CustomerHost: `192.0.2.${rnd.int(1, 254)}`,
			CustomerName: `${first} ${last}`,
			CustomerEmail: `${first}.${last}@example.org`.toLowerCase(),
			CustomerPhone: `+47 9${String(rnd.int(0, 9999999)).padStart(7, '0')}`,
			CustomerConsented: rnd.next() < 0.7,
			CustomerCompanyName: company,
			Contact: withContact ? { ContactId: contactId, Name: company || `${last} Family` } : null,
			Person: withContact
				? {
						PersonId: contactId * 10 + rnd.int(1, 9),
						Firstname: first,
						Lastname: last,
						FullName: `${first} ${last}`,
						ContactId: contactId,
					}
				: null,
		};
	};

	// --- bulk history: ids 1..290 ---------------------------------------------------------
	const bulkStatuses = [
		'Closed',
		'Closed',
		'Closed',
		'Closed',
		'Closed',
		'Finished',
		'Finished',
		'Finished',
		'Finished',
		'ClosedFromQueue',
		'OfflineForm',
	];
	for (let id = SEED_IDS.bulk.from; id <= SEED_IDS.bulk.to; id++) {
		const status = rnd.pick(bulkStatuses);
		const requested = nowMs - rnd.int(3 * 60, 90 * 24 * 60) * MIN - rnd.int(0, 59999);
		const c = customer();
		const question = msg(id, 'ToUser', rnd.pick(QUESTIONS), c.CustomerAlias, requested);
		let last = question;
		let started = null;
		let ended;
		let user = null;
		let rating = 0;
		if (status === 'Closed' || status === 'Finished') {
			const agent = rnd.pick(humans);
			user = associateCarrier(agent);
			started = requested + rnd.int(5, 300) * 1000;
			last = msg(id, 'ToCustomer', rnd.pick(ANSWERS), agent.fullName, started + 20000);
			ended = started + rnd.int(60, 2400) * 1000;
			if (rnd.next() < 0.5) last = msg(id, 'ToUser', 'Thanks!', c.CustomerAlias, ended - 15000);
			rating = rnd.pick([0, 0, 1, 2, 3, 4, 4, 5, 5, 5]);
		} else {
			ended = requested + rnd.int(60, 900) * 1000;
		}
		sessions.push(
			buildSession(
				{
					ChatSessionId: id,
					TopicId: rnd.pick(topicIds),
					...c,
					User: user,
					Status: status,
					FirstMessage: question,
					LastMessage: last,
					WhenRequested: d(requested),
					WhenStarted: started === null ? null : d(started),
					WhenEnded: d(ended),
					WhenIdle: d(ended),
					WhenFetched: d(ended),
					SessionKey: `sk-${rnd.hex(12)}`,
					InitialQueuePos: rnd.int(1, 6),
					Rating: rating,
				},
				{ now: new Date(nowMs), timeZone: tz, associates },
			),
		);
	}

	// --- the documentation's sample ---------------------------------------------------------
	sessions.push(
		structuredClone(/** @type {ChatSessionEntity} */ (/** @type {unknown} */ (SAMPLE_SESSION_464))),
	);
	msg(464, 'ToUser', 'molestiae', 'minus', Date.parse('2015-06-16T15:37:38.286Z'));
	msg(464, 'ToCustomer', 'ut', 'minus', Date.parse('2015-06-16T15:39:38.286Z'));

	// --- active bot sessions ------------------------------------------------------------------
	const botStatuses = [
		'CustomerLast',
		'UserLast',
		'CustomerLast',
		'UserLast',
		'CustomerLast',
		'UserLast',
	];
	SEED_IDS.botActive.forEach((id, i) => {
		const idleMin = /** @type {Record<number, number>} */ (SEED_IDS.botIdleMinutes)[id];
		const idleAt = nowMs - idleMin * MIN;
		const requested = idleAt - rnd.int(2, 5) * MIN;
		const c = customer();
		const status = botStatuses[i];
		const first = msg(id, 'ToUser', rnd.pick(QUESTIONS), c.CustomerAlias, requested + 1000);
		let last = msg(id, 'ToCustomer', rnd.pick(BOT_REPLIES), botName, requested + 3000);
		if (status === 'CustomerLast')
			last = msg(id, 'ToUser', rnd.pick(FOLLOW_UPS), c.CustomerAlias, idleAt);
		else last = msg(id, 'ToCustomer', rnd.pick(BOT_REPLIES), botName, idleAt);
		sessions.push(
			buildSession(
				{
					ChatSessionId: id,
					TopicId: botTopic,
					...c,
					Status: status,
					FirstMessage: first,
					LastMessage: last,
					WhenRequested: d(requested),
					WhenStarted: d(requested + 2000),
					WhenEnded: null,
					WhenIdle: d(idleAt),
					WhenFetched: d(nowMs - 5000),
					SessionKey: `sk-${rnd.hex(12)}`,
					InitialQueuePos: 1,
					ChatbotIsActive: true,
				},
				{ timeZone: tz, associates },
			),
		);
	});

	// --- human-handled active sessions ----------------------------------------------------------
	const humanPlan = [
		{ id: 911, status: 'UserLast', user: 'sandbox-user' },
		{ id: 912, status: 'CustomerLast', user: 'sandbox-user' },
		{ id: 913, status: 'UserLast', user: 'anna.agent' },
		{ id: 914, status: 'CustomerLast', user: 'anna.agent' },
		{ id: 915, status: 'UserLast', user: 'bob.backup' },
		{ id: 916, status: 'CustomerLast', user: 'carl.chat', transferTo: 'sandbox-user' },
	];
	humanPlan.forEach((p, i) => {
		const requested = nowMs - rnd.int(6, 25) * MIN;
		const started = requested + rnd.int(20, 90) * 1000;
		const idleAt = nowMs - rnd.int(20, 170) * 1000;
		const c = customer();
		const agent = assoc(p.user);
		const first = msg(p.id, 'ToUser', rnd.pick(QUESTIONS), c.CustomerAlias, requested);
		msg(p.id, 'ToCustomer', rnd.pick(ANSWERS), agent.FullName, started + 15000);
		const last =
			p.status === 'CustomerLast'
				? msg(p.id, 'ToUser', rnd.pick(FOLLOW_UPS), c.CustomerAlias, idleAt)
				: msg(p.id, 'ToCustomer', rnd.pick(ANSWERS), agent.FullName, idleAt);
		sessions.push(
			buildSession(
				{
					ChatSessionId: p.id,
					TopicId: rnd.pick(topicIds),
					...c,
					User: agent,
					Status: p.status,
					FirstMessage: first,
					LastMessage: last,
					WhenRequested: d(requested),
					WhenStarted: d(started),
					WhenEnded: null,
					WhenIdle: d(idleAt),
					WhenFetched: d(nowMs - 3000),
					SessionKey: `sk-${rnd.hex(12)}`,
					InitialQueuePos: rnd.int(1, 3),
					Rank: (i % 2) + 1,
					TransferTo: p.transferTo ? assoc(p.transferTo) : null,
				},
				{ timeZone: tz, associates },
			),
		);
	});

	// --- waiting in the queue -------------------------------------------------------------------
	SEED_IDS.inQueue.forEach((id, i) => {
		const requested = nowMs - (i + 1) * 90 * 1000;
		const c = customer();
		const first = msg(id, 'ToUser', rnd.pick(QUESTIONS), c.CustomerAlias, requested);
		let last = first;
		let idleAt = requested;
		if (id === 925) {
			msg(id, 'ToCustomer', rnd.pick(BOT_REPLIES), botName, requested + 2000);
			idleAt = requested + 60000;
			last = msg(id, 'ToUser', 'Can a person take over?', c.CustomerAlias, idleAt);
		}
		sessions.push(
			buildSession(
				{
					ChatSessionId: id,
					TopicId: id === 925 ? botTopic : rnd.pick(topicIds),
					...c,
					Status: 'InQueue',
					FirstMessage: first,
					LastMessage: last,
					WhenRequested: d(requested),
					WhenStarted: id === 925 ? d(requested + 1000) : null,
					WhenEnded: null,
					WhenIdle: d(idleAt),
					WhenFetched: d(nowMs - 4000),
					SessionKey: `sk-${rnd.hex(12)}`,
					InitialQueuePos: i + 1,
				},
				{ timeZone: tz, associates },
			),
		);
	});

	// --- other statuses -------------------------------------------------------------------------
	const otherPlan = [
		{ id: 931, status: 'Finished', agoMin: 60, user: 'anna.agent' },
		{ id: 932, status: 'Closed', agoMin: 120, user: 'sandbox-user' },
		{ id: 933, status: 'ClosedFromQueue', agoMin: 45, user: null },
		{ id: 934, status: 'OfflineForm', agoMin: 30, user: null },
		{ id: 935, status: 'PreChatForm', agoMin: 1, user: null },
	];
	for (const p of otherPlan) {
		const requested = nowMs - p.agoMin * MIN - 10 * MIN;
		const c = customer();
		const first = msg(p.id, 'ToUser', rnd.pick(QUESTIONS), c.CustomerAlias, requested);
		const open = p.status === 'PreChatForm';
		const ended = open ? null : nowMs - p.agoMin * MIN;
		sessions.push(
			buildSession(
				{
					ChatSessionId: p.id,
					TopicId: rnd.pick(topicIds),
					...c,
					User: p.user ? assoc(p.user) : null,
					Status: p.status,
					FirstMessage: first,
					LastMessage: first,
					WhenRequested: d(requested),
					WhenStarted: p.user ? d(requested + 30000) : null,
					WhenEnded: ended === null ? null : d(ended),
					WhenIdle: d(ended ?? requested),
					WhenFetched: d(ended ?? nowMs - 2000),
					SessionKey: `sk-${rnd.hex(12)}`,
					Rating: p.status === 'Finished' ? 5 : 0,
				},
				{ timeZone: tz, associates },
			),
		);
	}

	sessions.sort((a, b) => a.ChatSessionId - b.ChatSessionId);
	return { sessions, messages };
}

module.exports = {
	SESSION_KEYS,
	MESSAGE_KEYS,
	SAMPLE_SESSION_464,
	SEED_IDS,
	buildSession,
	buildDefaultSeed,
	associateCarrier,
	findAssociate,
};
