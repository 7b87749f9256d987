// @ts-check
'use strict';
/**
 * The sandbox's live data: chat sessions, their messages, topics and users, plus the
 * state changes the API performs (reset, pickup, transfer, add message).
 */
const { formatSoDate } = require('./dates');
const {
	buildSession,
	buildDefaultSeed,
	associateCarrier,
	findAssociate,
	MESSAGE_KEYS,
} = require('./seed');
const {
	resolveEnum,
	CHAT_MESSAGE_TYPE,
	CHAT_MESSAGE_SPECIAL_TYPE,
	ACTIVE_STATUSES,
} = require('./enums');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {import('./types').TopicSeed} TopicSeed */
/** @typedef {import('./types').SeedSpec} SeedSpec */

class SandboxState {
	/**
	 * @param {{ now: () => Date, timeZone: string, associates: readonly AssociateSeed[], topics: readonly TopicSeed[], agentsAvailable: boolean }} opts
	 */
	constructor(opts) {
		this.now = opts.now;
		this.timeZone = opts.timeZone;
		this.associates = opts.associates;
		this.topics = opts.topics;
		/** When false, Reset puts sessions into OfflineForm instead of InQueue (as the docs describe). */
		this.agentsAvailable = opts.agentsAvailable;
		/** @type {Map<number, ChatSessionEntity>} */
		this.sessions = new Map();
		/** @type {Map<number, ChatMessage[]>} */
		this.messages = new Map();
		/** updatedDate of the archive, per session id (SuperOffice date string). */
		/** @type {Map<number, string>} */
		this.updated = new Map();
		this.lastMessageId = 0;
	}

	nowString() {
		return formatSoDate(this.now(), this.timeZone);
	}

	/**
	 * Replace all sessions and messages.
	 * @param {SeedSpec | { sessions: Array<Partial<ChatSessionEntity>>, messages?: ChatMessage[] }} spec
	 */
	load(spec) {
		/** @type {{ sessions: Array<Partial<ChatSessionEntity>>, messages: ChatMessage[] }} */
		let data;
		if (spec === 'empty') {
			data = { sessions: [], messages: [] };
		} else if (spec === undefined || spec === 'default') {
			data = buildDefaultSeed({
				now: this.now(),
				timeZone: this.timeZone,
				associates: this.associates,
				topics: this.topics,
			});
		} else if (Array.isArray(spec)) {
			data = { sessions: spec, messages: [] };
		} else if (spec && typeof spec === 'object' && Array.isArray(spec.sessions)) {
			data = { sessions: spec.sessions, messages: spec.messages ?? [] };
		} else {
			throw new TypeError(
				`seed must be 'default', 'empty' or an array of ChatSessionEntity, got ${JSON.stringify(spec)}`,
			);
		}
		// Build everything first so a bad seed leaves the current state untouched.
		const built = data.sessions.map((s) => this.build(s));
		this.sessions.clear();
		this.messages.clear();
		this.updated.clear();
		this.lastMessageId = 0;
		for (const s of built) this.store(s);
		for (const m of data.messages) {
			const list = this.messages.get(m.ChatSessionId) ?? [];
			list.push({ ...m });
			this.messages.set(m.ChatSessionId, list);
			this.lastMessageId = Math.max(this.lastMessageId, m.ChatMessageId);
		}
	}

	/**
	 * Store a session (normalized to the full 33-key shape). Id 0/missing → next free id.
	 * @param {Partial<ChatSessionEntity> | Record<string, unknown>} entity
	 * @returns {ChatSessionEntity} the stored object (live)
	 */
	put(entity) {
		return this.store(this.build(entity));
	}

	/** @param {Partial<ChatSessionEntity> | Record<string, unknown>} entity */
	build(entity) {
		return buildSession(/** @type {Record<string, unknown>} */ (entity), {
			now: this.now(),
			timeZone: this.timeZone,
			associates: this.associates,
		});
	}

	/** @param {ChatSessionEntity} full */
	store(full) {
		if (!full.ChatSessionId) full.ChatSessionId = Math.max(0, ...this.sessions.keys()) + 1;
		this.sessions.set(full.ChatSessionId, full);
		this.touch(full.ChatSessionId, full.WhenIdle ?? full.WhenRequested ?? this.nowString());
		return full;
	}

	/** @param {number} id @param {string} [when] */
	touch(id, when) {
		this.updated.set(id, when ?? this.nowString());
	}

	/** @param {number} id */
	get(id) {
		return this.sessions.get(id);
	}

	/** @param {unknown} ref associate id or username */
	findAssociate(ref) {
		return findAssociate(this.associates, ref);
	}

	/** @param {number} id */
	findTopic(id) {
		return this.topics.find((t) => t.ChatTopicId === id);
	}

	/**
	 * POST ChatSession/{id}/Reset: back to the queue, bot off, no user, no pending transfer.
	 * @param {number} id
	 * @returns {ChatSessionEntity | undefined}
	 */
	reset(id) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		const now = this.nowString();
		s.Status = this.agentsAvailable ? 'InQueue' : 'OfflineForm';
		s.ChatbotIsActive = false;
		s.User = null;
		s.TransferTo = null;
		s.WhenIdle = now;
		this.touch(id, now);
		return s;
	}

	/**
	 * POST ChatSession/{id}/Pickup: only for sessions in the queue (docs: "Returns NULL if session
	 * was not in queue"). Assigns the principal, Status UserLast, bot off, sends the welcome message.
	 * @param {number} id
	 * @param {AssociateSeed} principal
	 * @returns {ChatSessionEntity | null | undefined} undefined = unknown id, null = not in queue
	 */
	pickup(id, principal) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		if (s.Status !== 'InQueue') return null;
		const now = this.nowString();
		const topic = this.findTopic(s.TopicId);
		s.User = associateCarrier(principal);
		s.Status = 'UserLast';
		s.ChatbotIsActive = false;
		s.TransferTo = null;
		if (!s.WhenStarted) s.WhenStarted = now;
		this.appendMessage(s, {
			Type: 'ToCustomer',
			Message: topic?.WelcomeMessage ?? 'Welcome',
			Author: principal.fullName,
			SpecialType: 'Welcome',
		});
		this.touch(id, now);
		return s;
	}

	/**
	 * POST ChatSession/{id}/TransferTo/{toAssociate}: record the pending transfer.
	 * @param {number} id
	 * @param {AssociateSeed} to
	 */
	transfer(id, to) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		s.TransferTo = associateCarrier(to);
		this.touch(id);
		return s;
	}

	/**
	 * Test control: the session has been idle for `minutes` as of now (WhenIdle = now − minutes),
	 * as if nobody had written since. Nothing else changes.
	 * @param {number} id
	 * @param {number} minutes
	 * @returns {ChatSessionEntity | undefined}
	 */
	idleFor(id, minutes) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0)
			throw new TypeError('minutes must be a number >= 0');
		s.WhenIdle = formatSoDate(new Date(this.now().getTime() - minutes * 60_000), this.timeZone);
		this.touch(id, s.WhenIdle);
		return s;
	}

	/**
	 * @param {number} id
	 * @param {number} [after] only messages with a greater ChatMessageId
	 */
	listMessages(id, after) {
		const list = this.messages.get(id) ?? [];
		return list.filter((m) => after === undefined || m.ChatMessageId > after);
	}

	/**
	 * Validate and store a message posted by a client.
	 * @param {number} id
	 * @param {Record<string, unknown>} input
	 * @param {AssociateSeed} principal
	 * @returns {{ ok: true, message: ChatMessage } | { ok: false, error: string } | undefined}
	 */
	addMessage(id, input, principal) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		const type =
			input.Type === undefined || input.Type === null
				? { name: 'ToCustomer', value: 1 }
				: resolveEnum(CHAT_MESSAGE_TYPE, input.Type);
		if (!type || type.value === 0)
			return {
				ok: false,
				error: `Invalid ChatMessage.Type; use one of ToCustomer, ToUser, Special`,
			};
		const special =
			input.SpecialType === undefined || input.SpecialType === null
				? { name: 'None', value: 0 }
				: resolveEnum(CHAT_MESSAGE_SPECIAL_TYPE, input.SpecialType);
		if (!special) return { ok: false, error: 'Invalid ChatMessage.SpecialType' };
		if (
			input.Message !== undefined &&
			input.Message !== null &&
			typeof input.Message !== 'string'
		) {
			return { ok: false, error: 'ChatMessage.Message must be a string' };
		}
		if (input.Author !== undefined && input.Author !== null && typeof input.Author !== 'string') {
			return { ok: false, error: 'ChatMessage.Author must be a string' };
		}
		const message = this.appendMessage(s, {
			Type: type.name,
			Message: /** @type {string} */ (input.Message ?? ''),
			Author: /** @type {string} */ (input.Author || principal.fullName),
			SpecialType: special.name,
			SpecialParam: typeof input.SpecialParam === 'string' ? input.SpecialParam : '',
		});
		// "Posting a message will set the chat session status to 6 (user last)" (chatbot docs);
		// a customer's message makes it CustomerLast. Only for active sessions.
		if (ACTIVE_STATUSES.includes(s.Status)) {
			if (type.name === 'ToCustomer') s.Status = 'UserLast';
			if (type.name === 'ToUser') s.Status = 'CustomerLast';
		}
		return { ok: true, message };
	}

	/**
	 * @param {ChatSessionEntity} s
	 * @param {{ Type: string, Message: string, Author: string, SpecialType: string, SpecialParam?: string }} m
	 * @returns {ChatMessage}
	 */
	appendMessage(s, m) {
		const now = this.nowString();
		/** @type {ChatMessage} */
		const message = {
			ChatMessageId: ++this.lastMessageId,
			ChatSessionId: s.ChatSessionId,
			Type: m.Type,
			Message: m.Message,
			Author: m.Author,
			ReadByCustomer: 0,
			SpecialType: m.SpecialType,
			SpecialParam: m.SpecialParam ?? '',
			WhenPosted: now,
		};
		const list = this.messages.get(s.ChatSessionId) ?? [];
		list.push(message);
		this.messages.set(s.ChatSessionId, list);
		if (!s.FirstMessage) s.FirstMessage = m.Message;
		s.LastMessage = m.Message;
		s.WhenIdle = now;
		this.touch(s.ChatSessionId, now);
		return orderMessage(message);
	}

	/**
	 * Sessions for GET ChatSession/ForCurrentUser (sandbox rule, see README): not ended, and
	 * handled by or pending transfer to the principal, waiting in the queue, or bot-run and active.
	 * @param {number} associateId
	 */
	forUser(associateId) {
		const ended = ['Finished', 'Deleted', 'Closed', 'ClosedFromQueue'];
		return [...this.sessions.values()]
			.filter((s) => !ended.includes(s.Status))
			.filter(
				(s) =>
					s.User?.AssociateId === associateId ||
					s.TransferTo?.AssociateId === associateId ||
					s.Status === 'InQueue' ||
					(s.ChatbotIsActive && ACTIVE_STATUSES.includes(s.Status)),
			)
			.sort((a, b) => a.ChatSessionId - b.ChatSessionId);
	}
}

/** @param {ChatMessage} m */
function orderMessage(m) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const k of MESSAGE_KEYS) out[k] = m[k];
	return /** @type {ChatMessage} */ (/** @type {unknown} */ (out));
}

module.exports = { SandboxState };
