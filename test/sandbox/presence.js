// @ts-check
'use strict';
/**
 * Who can answer a chat: the topics' members and their rights (`ChatTopic/{id}/UserAgent`), which
 * users are present (`Agents/Chat/GetChatPresence`), and the topics' opening hours in their own
 * time zone (`ChatTopic/{id}/IsOpen`). Pure functions over the sandbox's state, so the rules that
 * Reset and the chat routes share are written once.
 *
 * SuperOffice's rule, as its docs put it: Reset "will trigger either the in-queue state or the
 * offline-form state, depending on the availability of humans"; "who can take this chat now" are
 * the present users of the topic who may respond.
 */

/** @typedef {import('./types').TopicSeed} TopicSeed */
/** @typedef {import('./types').TopicMember} TopicMember */
/** @typedef {import('./types').OpeningHours} OpeningHours */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */

/** Weekdays as the opening hours name them, in the order Intl's `weekday: 'short'` (en-US) gives. */
const WEEKDAYS = /** @type {const} */ (['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Statuses of a conversation an agent is in (counted as the agent's ongoing chats). */
const ONGOING = ['CustomerLast', 'UserLast'];

/**
 * The wall-clock weekday and time ("HH:MM") of `nowMs` in the IANA zone `timeZone`.
 * @param {number} nowMs
 * @param {string} timeZone
 * @returns {{ day: (typeof WEEKDAYS)[number], time: string }}
 */
function wallClock(nowMs, timeZone) {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(new Date(nowMs));
	const get = (/** @type {string} */ type) => parts.find((p) => p.type === type)?.value ?? '';
	const day = /** @type {(typeof WEEKDAYS)[number]} */ (get('weekday'));
	return { day, time: `${get('hour')}:${get('minute')}` };
}

/**
 * Whether the topic is open at `nowMs`: always without opening hours; with them, when the
 * weekday's range (`from` inclusive, `to` exclusive, in the topic's time zone) holds the time. A
 * range that ends before it starts runs past midnight (`22:00`-`06:00`).
 * @param {TopicSeed} topic
 * @param {number} nowMs
 */
function isTopicOpen(topic, nowMs) {
	if (!topic.OpeningHoursEnabled || !topic.OpeningHours) return true;
	const hours = topic.OpeningHours;
	const { day, time } = wallClock(nowMs, hours.timeZone);
	const today = hours.days[day];
	const yesterday = hours.days[WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]];
	if (today) {
		const [from, to] = today;
		if (from <= to ? time >= from && time < to : time >= from) return true;
	}
	// Yesterday's range past midnight.
	if (yesterday && yesterday[1] < yesterday[0] && time < yesterday[1]) return true;
	return false;
}

/**
 * Checks opening hours as a control endpoint receives them; throws a TypeError naming the problem.
 * @param {unknown} value
 * @returns {OpeningHours}
 */
function checkedOpeningHours(value) {
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw new TypeError('OpeningHours must be {timeZone, days: {Mon: ["08:00","16:00"], …}}');
	const { timeZone, days } = /** @type {Record<string, unknown>} */ (value);
	if (typeof timeZone !== 'string') throw new TypeError('OpeningHours.timeZone must be text');
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
	} catch {
		throw new TypeError(`OpeningHours.timeZone ${JSON.stringify(timeZone)} is no IANA time zone`);
	}
	if (!days || typeof days !== 'object' || Array.isArray(days))
		throw new TypeError('OpeningHours.days must be an object keyed Mon … Sun');
	/** @type {OpeningHours['days']} */
	const out = {};
	for (const [key, range] of Object.entries(days)) {
		if (!WEEKDAYS.includes(/** @type {any} */ (key)))
			throw new TypeError(`OpeningHours.days: unknown day ${JSON.stringify(key)} (Mon … Sun)`);
		if (range === null) continue;
		if (
			!Array.isArray(range) ||
			range.length !== 2 ||
			!range.every((t) => typeof t === 'string' && TIME.test(t))
		)
			throw new TypeError(`OpeningHours.days.${key} must be ["HH:MM", "HH:MM"] or null`);
		out[/** @type {(typeof WEEKDAYS)[number]} */ (key)] = [range[0], range[1]];
	}
	return { timeZone, days: out };
}

/**
 * The topic's opening hours as ChatTopicEntity.OpeningHours carries them (a sandbox rendering of
 * SuperOffice's per-weekday carrier: `MonEnabled`, `MonStart`, `MonStop`, … and the time zone).
 * @param {TopicSeed} topic
 */
function openingHoursCarrier(topic) {
	const hours = topic.OpeningHours;
	if (!hours) return null;
	/** @type {Record<string, unknown>} */
	const out = { TimeZone: hours.timeZone };
	for (const day of WEEKDAYS) {
		const range = hours.days[day];
		out[`${day}Enabled`] = Boolean(range);
		out[`${day}Start`] = range ? range[0] : null;
		out[`${day}Stop`] = range ? range[1] : null;
	}
	return out;
}

/**
 * Checks a member list as a control endpoint receives it.
 * @param {unknown} value
 * @param {(ref: unknown) => AssociateSeed | undefined} findAssociate
 * @returns {TopicMember[]}
 */
function checkedMembers(value, findAssociate) {
	if (!Array.isArray(value)) throw new TypeError('Members must be a list');
	return value.map((entry, index) => {
		if (!entry || typeof entry !== 'object')
			throw new TypeError(`Members[${index}] must be an object`);
		const m = /** @type {Record<string, unknown>} */ (entry);
		const who = findAssociate(m.associateId ?? m.user);
		if (!who) throw new TypeError(`Members[${index}]: unknown user ${JSON.stringify(m.user)}`);
		for (const flag of ['canListen', 'canRespond', 'canManage', 'canNotify'])
			if (m[flag] !== undefined && typeof m[flag] !== 'boolean')
				throw new TypeError(`Members[${index}].${flag} must be true or false`);
		return {
			associateId: who.associateId,
			canListen: m.canListen === true,
			canRespond: m.canRespond === true,
			canManage: m.canManage === true,
			canNotify: m.canNotify === true,
		};
	});
}

/**
 * Whether a present member of the topic may respond: what decides Reset's InQueue / OfflineForm.
 * @param {TopicSeed | undefined} topic
 * @param {ReadonlySet<number>} present
 */
function someoneMayRespond(topic, present) {
	return Boolean(topic?.Members.some((m) => m.canRespond && present.has(m.associateId)));
}

/**
 * How many conversations each user is in (sessions of theirs that are Customer Last / User Last).
 * @param {Iterable<ChatSessionEntity>} sessions
 */
function ongoingChats(sessions) {
	/** @type {Map<number, number>} */
	const counts = new Map();
	for (const s of sessions) {
		const id = s.User?.AssociateId;
		if (id !== undefined && ONGOING.includes(s.Status)) counts.set(id, (counts.get(id) ?? 0) + 1);
	}
	return counts;
}

/**
 * The answer of POST Agents/Chat/GetChatPresence: one entry per user who is a member of a topic,
 * by user id: `{UserId, DisplayName, OngoingChats, Present, ChatTopics}`.
 * @param {{ associates: readonly AssociateSeed[], topics: readonly TopicSeed[], present: ReadonlySet<number>, sessions: Iterable<ChatSessionEntity> }} state
 */
function chatPresence(state) {
	const counts = ongoingChats(state.sessions);
	return state.associates
		.map((a) => ({
			associate: a,
			topics: state.topics
				.filter((t) => t.Members.some((m) => m.associateId === a.associateId))
				.map((t) => t.ChatTopicId),
		}))
		.filter(({ topics }) => topics.length > 0)
		.sort((x, y) => x.associate.associateId - y.associate.associateId)
		.map(({ associate, topics }) => ({
			UserId: associate.associateId,
			DisplayName: associate.fullName,
			OngoingChats: counts.get(associate.associateId) ?? 0,
			Present: state.present.has(associate.associateId),
			ChatTopics: topics,
		}));
}

module.exports = {
	WEEKDAYS,
	wallClock,
	isTopicOpen,
	checkedOpeningHours,
	openingHoursCarrier,
	checkedMembers,
	someoneMayRespond,
	chatPresence,
};
