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
const {
	isTopicOpen,
	someoneMayRespond,
	chatPresence,
	checkedOpeningHours,
	checkedMembers,
} = require('./presence');
const { TicketDesk, chatTranscript, patchChatSession } = require('./requests');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {import('./types').TopicSeed} TopicSeed */
/** @typedef {import('./types').SeedSpec} SeedSpec */

class SandboxState {
	/**
	 * @param {{ now: () => Date, timeZone: string, associates: readonly AssociateSeed[], topics: readonly TopicSeed[], present: readonly number[], agentsAvailable: boolean }} opts
	 */
	constructor(opts) {
		this.now = opts.now;
		this.timeZone = opts.timeZone;
		this.associates = opts.associates;
		/** The topics as configured; `topics` is a live copy that control calls change (see restoreDesk). */
		this.configuredTopics = opts.topics;
		/** Who is present when the desk is (re)started, unless agentsAvailable was false. */
		this.configuredPresent = opts.present;
		this.startAvailable = opts.agentsAvailable;
		/** @type {TopicSeed[]} */
		this.topics = [];
		/** Associate ids of the users present in the chat now. @type {Set<number>} */
		this.present = new Set();
		this.restoreDesk();
		/** @type {Map<number, ChatSessionEntity>} */
		this.sessions = new Map();
		/** @type {Map<number, ChatMessage[]>} */
		this.messages = new Map();
		/** updatedDate of the archive, per session id (SuperOffice date string). */
		/** @type {Map<number, string>} */
		this.updated = new Map();
		this.lastMessageId = 0;
		/** @type {Set<(id: number, message: ChatMessage) => void>} */
		this.messageListeners = new Set();
		/**
		 * Topics the principal is not a member of (no Listen/Respond/Manage right): their sessions
		 * are missing from GET ChatSession/ForCurrentUser.
		 * @type {Set<number>}
		 */
		this.notMemberOfTopics = new Set();
		/** Requests (SuperOffice's Ticket) and their messages; emptied by load(). */
		this.tickets = new TicketDesk();
		/**
		 * Whether PATCH ChatSession/{id} may set Ticket (link the session to a request). Linking
		 * this way is unconfirmed for the real API: false plays a SuperOffice that refuses it (400).
		 */
		this.ticketLinkByPatch = true;
	}

	/** Topics (members, opening hours) and presence as configured at start. */
	restoreDesk() {
		this.topics = structuredClone(/** @type {TopicSeed[]} */ (this.configuredTopics));
		this.present = new Set(this.startAvailable ? this.configuredPresent : []);
	}

	/**
	 * The former global switch, kept: false = nobody is present (Reset then offers the offline
	 * form on every topic), true = the configured users are present again. Reads true while
	 * anybody is present.
	 */
	get agentsAvailable() {
		return this.present.size > 0;
	}

	set agentsAvailable(value) {
		this.present = new Set(value ? this.configuredPresent : []);
	}

	/**
	 * Marks a user present or away (an associate id or user name); the user, or undefined.
	 * @param {unknown} ref
	 * @param {boolean} present
	 */
	setPresent(ref, present) {
		const who = this.findAssociate(ref);
		if (!who) return undefined;
		if (present) this.present.add(who.associateId);
		else this.present.delete(who.associateId);
		return who;
	}

	/** GET ChatTopic/{id}/IsOpen: within the topic's opening hours (always, without any). @param {number} topicId */
	isOpen(topicId) {
		const topic = this.findTopic(topicId);
		return topic ? isTopicOpen(topic, this.now().getTime()) : false;
	}

	/** Whether a present member of the topic may respond: Reset queues, else offline form. @param {number} topicId */
	mayRespondNow(topicId) {
		return someoneMayRespond(this.findTopic(topicId), this.present);
	}

	/** POST Agents/Chat/GetChatPresence. */
	presence() {
		return chatPresence({
			associates: this.associates,
			topics: this.topics,
			present: this.present,
			sessions: this.sessions.values(),
		});
	}

	/** Topics the user is a member of (may respond, listen, manage or be notified). @param {number} associateId */
	topicsFor(associateId) {
		return this.topics.filter((t) => t.Members.some((m) => m.associateId === associateId));
	}

	/**
	 * Changes a topic's settings (control endpoint): `OpeningHoursEnabled`, `OpeningHours`
	 * ({timeZone, days} or null), `Members` ([{user | associateId, canRespond, …}]),
	 * `SecondsPrAccept`. Everything is checked before anything changes; unknown keys are refused.
	 * @param {number} topicId
	 * @param {Record<string, unknown>} patch
	 * @returns {TopicSeed | undefined}
	 */
	updateTopic(topicId, patch) {
		const topic = this.findTopic(topicId);
		if (!topic) return undefined;
		/** @type {Partial<TopicSeed>} */
		const next = {};
		for (const [key, value] of Object.entries(patch)) {
			if (key === 'OpeningHoursEnabled') {
				if (typeof value !== 'boolean')
					throw new TypeError('OpeningHoursEnabled must be a boolean');
				next.OpeningHoursEnabled = value;
			} else if (key === 'OpeningHours') {
				next.OpeningHours = value === null ? null : checkedOpeningHours(value);
			} else if (key === 'Members') {
				next.Members = checkedMembers(value, (ref) => this.findAssociate(ref));
			} else if (key === 'SecondsPrAccept') {
				if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
					throw new TypeError('SecondsPrAccept must be a whole number >= 0');
				next.SecondsPrAccept = value;
			} else {
				throw new TypeError(
					`unknown topic setting ${JSON.stringify(key)} (OpeningHoursEnabled, OpeningHours, Members, SecondsPrAccept)`,
				);
			}
		}
		Object.assign(topic, next);
		return topic;
	}

	nowString() {
		return formatSoDate(this.now(), this.timeZone);
	}

	/**
	 * Replace all sessions and messages; topics and presence go back to how they were configured.
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
		this.tickets.clear();
		this.ticketLinkByPatch = true;
		this.restoreDesk();
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
	 * POST ChatSession/{id}/Reset: back to the queue, bot off, no user, no pending transfer. The
	 * queue when a present member of the session's topic may respond, else the offline form.
	 * @param {number} id
	 * @returns {ChatSessionEntity | undefined}
	 */
	reset(id) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		const now = this.nowString();
		s.Status = this.mayRespondNow(s.TopicId) ? 'InQueue' : 'OfflineForm';
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
	 * POST ChatSession/{id}/TransferTo/{toAssociate}: record the pending transfer. As documented,
	 * "if the session does not belong to the user, nothing happens": a session of another user, or
	 * a bot's (User null), is answered unchanged.
	 * @param {number} id
	 * @param {AssociateSeed} to
	 * @param {AssociateSeed} principal the signed-in user
	 */
	transfer(id, to, principal) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		if (s.User?.AssociateId !== principal.associateId) return s;
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
	 * The customer writes in the chat window (not an API call: SuperOffice's chat widget). A
	 * ToUser message from the session's customer; an active session becomes CustomerLast, one
	 * waiting in the queue stays there.
	 * @param {number} id
	 * @param {string} text
	 * @returns {{ ok: true, message: ChatMessage } | { ok: false, error: string } | undefined}
	 */
	customerWrites(id, text) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		if (typeof text !== 'string' || text.trim() === '')
			return { ok: false, error: 'the customer writes some text' };
		// The chat window stays open while the customer waits in the queue.
		const waiting = s.Status === 'InQueue';
		if (!waiting && !ACTIVE_STATUSES.includes(s.Status))
			return { ok: false, error: `chat session ${id} is ${s.Status}: the customer cannot write` };
		const message = this.appendMessage(s, {
			Type: 'ToUser',
			Message: text,
			Author: s.CustomerName || s.CustomerAlias || 'Customer',
			SpecialType: 'None',
		});
		if (!waiting) s.Status = 'CustomerLast';
		return { ok: true, message };
	}

	/**
	 * The customer clicks one of the options of the session's newest Options message (by its text
	 * or its number, 1 = first): a ClickedOption special message holding the option's text.
	 * @param {number} id
	 * @param {string | number} option
	 * @returns {{ ok: true, message: ChatMessage } | { ok: false, error: string } | undefined}
	 */
	customerClicks(id, option) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		if (!ACTIVE_STATUSES.includes(s.Status))
			return { ok: false, error: `chat session ${id} is ${s.Status}: the customer cannot click` };
		const offer = [...this.listMessages(id)].reverse().find((m) => m.SpecialType === 'Options');
		/** @type {unknown} */
		let offered = [];
		try {
			offered = offer ? JSON.parse(offer.SpecialParam) : [];
		} catch {
			offered = [];
		}
		const options = Array.isArray(offered) ? offered.map(String) : [];
		if (options.length === 0) return { ok: false, error: `chat session ${id} offers no options` };
		const picked =
			typeof option === 'number' || /^\d+$/.test(String(option).trim())
				? options[Number(option) - 1]
				: options.find((o) => o.toLowerCase() === String(option).trim().toLowerCase());
		if (picked === undefined)
			return {
				ok: false,
				error: `no option ${JSON.stringify(option)}; offered: ${options.join(' · ')}`,
			};
		const message = this.appendMessage(s, {
			Type: 'Special',
			Message: picked,
			Author: s.CustomerName || s.CustomerAlias || 'Customer',
			SpecialType: 'ClickedOption',
			SpecialParam: picked,
		});
		s.Status = 'CustomerLast';
		return { ok: true, message };
	}

	/**
	 * Calls `listener(sessionId, message)` after each message added to any session (by an API
	 * client, the customer or the sandbox's bot).
	 * @param {(id: number, message: ChatMessage) => void} listener
	 * @returns {() => void} removes it
	 */
	onMessage(listener) {
		this.messageListeners.add(listener);
		return () => this.messageListeners.delete(listener);
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
		const ordered = orderMessage(message);
		// After the caller's status change: listeners run on a later turn.
		for (const listener of this.messageListeners)
			queueMicrotask(() => listener(s.ChatSessionId, ordered));
		return ordered;
	}

	/**
	 * PATCH ChatSession/{id}: applies a JSON Patch document all or nothing (see requests.js);
	 * undefined for an unknown id, throws HttpError 400 / 409.
	 * @param {number} id
	 * @param {unknown} ops
	 * @returns {ChatSessionEntity | undefined}
	 */
	patch(id, ops) {
		const s = this.sessions.get(id);
		if (!s) return undefined;
		const now = this.nowString();
		const next = patchChatSession(s, ops, {
			now,
			ticket: (ticketId) => this.tickets.get(ticketId),
			ticketLinkByPatch: this.ticketLinkByPatch,
		});
		Object.assign(s, next);
		this.touch(id, now);
		return s;
	}

	/**
	 * POST ChatSession/{id}/Transcript: the conversation as one text (or HTML); undefined for an
	 * unknown id.
	 * @param {number} id
	 * @param {boolean} html
	 */
	transcript(id, html) {
		if (!this.sessions.has(id)) return undefined;
		return chatTranscript(this.listMessages(id), html);
	}

	/**
	 * Sessions for GET ChatSession/ForCurrentUser (sandbox rule, see README): not ended, of a topic
	 * the principal is a member of (not in `notMemberOfTopics`), and
	 * handled by or pending transfer to the principal, waiting in the queue, or bot-run and active.
	 * @param {number} associateId
	 */
	forUser(associateId) {
		const ended = ['Finished', 'Deleted', 'Closed', 'ClosedFromQueue'];
		return [...this.sessions.values()]
			.filter((s) => !ended.includes(s.Status))
			.filter((s) => !this.notMemberOfTopics.has(s.TopicId))
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
