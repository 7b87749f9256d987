// @ts-check
'use strict';
/**
 * SuperOffice-WebAPI-compatible test server ("the sandbox"). Plain Node, no dependencies,
 * shares no code with the node under nodes/. See README.md in this folder.
 *
 *   const { createSandbox, SANDBOX_DEFAULTS } = require('./test/sandbox');
 *   const sb = await createSandbox({ port: 0 });
 *   // sb.webClientUrl → 'http://127.0.0.1:PORT/Cust12345'
 *   await sb.close();
 */
const http = require('node:http');
const {
	SANDBOX_DEFAULTS,
	DEFAULT_ASSOCIATES,
	DEFAULT_TOPICS,
	DEFAULT_PRESENT,
} = require('./defaults');
const { findAssociate } = require('./seed');
const { SandboxState } = require('./state');
const { FaultController } = require('./faults');
const { RequestLog } = require('./log');
const { resolveAuthConfig } = require('./auth');
const { OAuthServer, resolveOAuthConfig } = require('./oauth');
const { buildApiRouter } = require('./routes');
const { createRequestListener } = require('./server');
const {
	WebhookCenter,
	watchChatSessions,
	signBody,
	WEBHOOK_STATES,
	CHAT_EVENTS,
	DEFAULT_WEBHOOK_SETTINGS,
} = require('./webhooks');
const { SandboxChatbot } = require('./chatbot');
const {
	buildSession,
	buildDefaultSeed,
	SAMPLE_SESSION_464,
	SEED_IDS,
	SESSION_KEYS,
	MESSAGE_KEYS,
} = require('./seed');
const { formatSoDate, parseSoDate } = require('./dates');
const { CHAT_SESSION_STATUS, CHAT_MESSAGE_TYPE, CHAT_MESSAGE_SPECIAL_TYPE } = require('./enums');

/** @typedef {import('./types').SandboxOptions} SandboxOptions */
/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {import('./types').SeedSpec} SeedSpec */
/** @typedef {import('./types').Fault} Fault */
/** @typedef {import('./types').FaultRule} FaultRule */
/** @typedef {import('./types').AuthOptions} AuthOptions */
/** @typedef {import('./types').OAuthOptions} OAuthOptions */

class Sandbox {
	/**
	 * @param {{ server: http.Server, host: string, port: number, tenant: string, state: SandboxState,
	 *   faults: FaultController, log: RequestLog, stats: { inFlight: number, maxInFlight: number, total: number },
	 *   sockets: Set<import('node:net').Socket>, timers: Set<{ timer: NodeJS.Timeout, resolve: () => void }>,
	 *   closing: { value: boolean }, oauth: OAuthServer, wrongHostServer?: http.Server, wrongHostPort?: number,
	 *   webhooks: WebhookCenter, chatbot: SandboxChatbot }} p
	 */
	constructor(p) {
		/** @private */ this._p = p;
		/** The fault injector (latency, script, rate, clear). */
		this.faults = p.faults;
		/** OAuth 2.0 side: token endpoint, issued tokens, expiry controls (see README "OAuth 2.0"). */
		this.oauth = p.oauth;
		/** Webhooks: registrations, signed deliveries, switches (see README "Webhooks"). */
		this.webhooks = p.webhooks;
		/** The sandbox's own chatbot (off by default): answers every customer message in bot sessions. */
		this.chatbot = p.chatbot;
		/** The TCP port the sandbox listens on. */
		this.port = p.port;
		this.tenant = p.tenant;
		const host = p.host.includes(':') ? `[${p.host}]` : p.host;
		/** What a user pastes as base URL: `http://127.0.0.1:PORT/Cust12345`. */
		this.webClientUrl = `http://${host}:${p.port}/${p.tenant}`;
		/** API root: `http://127.0.0.1:PORT/Cust12345/api/v1`. */
		this.apiUrl = `${this.webClientUrl}/api/v1`;
		/** Control endpoints root: `http://127.0.0.1:PORT/__sandbox`. */
		this.controlUrl = `http://${host}:${p.port}/__sandbox`;
		/** Tenant status API: `http://127.0.0.1:PORT/api/state/Cust12345` → Endpoint = webClientUrl. */
		this.stateUrl = `http://${host}:${p.port}/api/state/${p.tenant}`;
		/**
		 * The same tenant on a "wrong host" (a second port): API routes answer 421 Misdirected
		 * Request; token, authorize and state endpoints work. Undefined with `wrongHostPort: false`.
		 * @type {string | undefined}
		 */
		this.wrongHostUrl =
			p.wrongHostPort === undefined ? undefined : `http://${host}:${p.wrongHostPort}/${p.tenant}`;
	}

	/** Live request log (oldest first). Cleared in place by clearRequests(). @returns {RecordedRequest[]} */
	get requests() {
		return this._p.log.entries;
	}

	clearRequests() {
		this._p.log.clear();
	}

	/**
	 * Recorded requests with this method ('*' = any) whose path (without query) matches.
	 * @param {string} method
	 * @param {RegExp | string} [pathRegex]
	 */
	requestsFor(method, pathRegex) {
		return this._p.log.filter(method, pathRegex);
	}

	/**
	 * Recorded API requests per endpoint, e.g. `{'GET ChatSession': 1, 'GET ChatSession/ForCurrentUser': 1,
	 * 'GET ChatSession/{id}': 3}` (numeric path segments as `{id}`), from request `sinceSeq` on (exclusive).
	 * @param {number} [sinceSeq]
	 * @returns {Record<string, number>}
	 */
	requestCounts(sinceSeq = 0) {
		/** @type {Record<string, number>} */
		const counts = {};
		for (const r of this._p.log.entries) {
			if (r.seq <= sinceSeq || r.apiPath === null) continue;
			const key = `${r.method} ${r.apiPath.replace(/^\//, '').replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
			counts[key] = (counts[key] ?? 0) + 1;
		}
		return counts;
	}

	/**
	 * Topics the principal is not a member of: their sessions are missing from
	 * GET ChatSession/ForCurrentUser (all other endpoints serve them as before). [] = member of all.
	 * @param {Iterable<number>} topicIds
	 */
	setNotMemberOfTopics(topicIds) {
		const ids = [...topicIds];
		if (!ids.every((id) => Number.isInteger(id) && id > 0))
			throw new TypeError('notMemberOfTopics must be positive topic ids');
		this._p.state.notMemberOfTopics = new Set(ids);
	}

	/** Requests being handled right now. */
	get inFlight() {
		return this._p.stats.inFlight;
	}

	/** Most requests handled at the same time since start / resetStats(). */
	get maxInFlight() {
		return this._p.stats.maxInFlight;
	}

	/** @returns {{ inFlight: number, maxInFlight: number, totalRequests: number }} */
	stats() {
		const s = this._p.stats;
		return { inFlight: s.inFlight, maxInFlight: s.maxInFlight, totalRequests: s.total };
	}

	resetStats() {
		const s = this._p.stats;
		s.maxInFlight = s.inFlight;
		s.total = 0;
	}

	/** Live state: ChatSessionId → entity. Mutating these objects changes what the API serves. */
	get sessions() {
		return this._p.state.sessions;
	}

	/** The underlying state (topics, associates, messages, presence, agentsAvailable). */
	get state() {
		return this._p.state;
	}

	/**
	 * Marks a user (associate id or user name) present in the chat or away. Reset queues a
	 * session only while a present member of its topic may respond. Returns whether the user exists.
	 * @param {number | string} user
	 * @param {boolean} present
	 */
	setPresent(user, present) {
		return this._p.state.setPresent(user, present) !== undefined;
	}

	/**
	 * Changes a topic: `OpeningHoursEnabled`, `OpeningHours` ({timeZone, days: {Mon: ['08:00',
	 * '16:00'], …}} or null), `Members` ([{user, canRespond, canListen, canManage, canNotify}]),
	 * `SecondsPrAccept`. A copy of the topic, or undefined for an unknown id; bad input throws.
	 * @param {number} topicId
	 * @param {Record<string, unknown>} patch
	 */
	setTopic(topicId, patch) {
		const topic = this._p.state.updateTopic(topicId, patch);
		return topic ? structuredClone(topic) : undefined;
	}

	/**
	 * A copy of one request (SuperOffice's Ticket), or undefined.
	 * @param {number} id
	 */
	getTicket(id) {
		const t = this._p.state.tickets.get(id);
		return t ? structuredClone(t) : undefined;
	}

	/** Copies of every request, by id. */
	getTickets() {
		return [...this._p.state.tickets.tickets.values()].map((t) => structuredClone(t));
	}

	/**
	 * Copies of the messages of one request (TicketMessage), oldest first.
	 * @param {number} id
	 */
	getTicketMessages(id) {
		return this._p.state.tickets.messagesOf(id).map((m) => structuredClone(m));
	}

	/**
	 * A deep copy of one session, or undefined.
	 * @param {number} id
	 * @returns {ChatSessionEntity | undefined}
	 */
	getSession(id) {
		const s = this._p.state.get(id);
		return s ? structuredClone(s) : undefined;
	}

	/**
	 * Insert or replace a session. Partial input is completed with defaults (see buildSession);
	 * a missing/0 ChatSessionId gets the next free id. Returns a copy of what is stored.
	 * @param {Partial<ChatSessionEntity> | Record<string, unknown>} entity
	 * @returns {ChatSessionEntity}
	 */
	putSession(entity) {
		return structuredClone(this._p.state.put(entity));
	}

	/**
	 * Make a session idle for `minutes` as of now (WhenIdle = now − minutes); a copy, or
	 * undefined for an unknown id. What an idle trigger waits for, without waiting.
	 * @param {number} id
	 * @param {number} minutes
	 * @returns {ChatSessionEntity | undefined}
	 */
	setIdle(id, minutes) {
		const s = this._p.state.idleFor(id, minutes);
		return s ? structuredClone(s) : undefined;
	}

	/**
	 * Messages of one session (copies).
	 * @param {number} id
	 * @returns {ChatMessage[]}
	 */
	getMessages(id) {
		return structuredClone(this._p.state.listMessages(id));
	}

	/**
	 * Calls `listener(sessionId, message)` (a copy) after each message added to a session.
	 * @param {(id: number, message: ChatMessage) => void} listener
	 * @returns {() => void} removes it
	 */
	onMessage(listener) {
		return this._p.state.onMessage((id, message) => listener(id, structuredClone(message)));
	}

	/**
	 * The customer writes `text` in the chat window of session `id` (fires chatsession.message).
	 * @param {number} id
	 * @param {string} text
	 * @returns {ChatMessage} a copy of the message
	 */
	customerWrites(id, text) {
		return customerResult(id, this._p.state.customerWrites(id, text));
	}

	/**
	 * The customer clicks an option (its text, or its number from 1) of the session's newest
	 * Options message (fires chatsession.message).
	 * @param {number} id
	 * @param {string | number} option
	 * @returns {ChatMessage} a copy of the ClickedOption message
	 */
	customerClicks(id, option) {
		return customerResult(id, this._p.state.customerClicks(id, option));
	}

	/**
	 * Replace all sessions and messages: 'default', 'empty' or an array of (partial) entities.
	 * @param {SeedSpec} seed
	 */
	reseed(seed) {
		this._p.state.load(seed);
	}

	/**
	 * Stop listening, destroy every socket (keep-alive ones too), cut pending delays short.
	 * @returns {Promise<void>}
	 */
	close() {
		const p = this._p;
		if (p.closing.value) return closed.get(this) ?? Promise.resolve();
		p.closing.value = true;
		p.webhooks.close();
		const done = new Promise((resolve) => {
			p.server.close(() => resolve(undefined));
		}).then(() => undefined);
		for (const t of p.timers) {
			clearTimeout(t.timer);
			t.resolve();
		}
		p.timers.clear();
		/** @type {Promise<void>} */
		let all = done;
		if (p.wrongHostServer) {
			const second = p.wrongHostServer;
			all = Promise.all([
				done,
				new Promise((resolve) => second.close(() => resolve(undefined))),
			]).then(() => undefined);
			second.closeAllConnections();
		}
		p.server.closeAllConnections();
		for (const s of p.sockets) s.destroy();
		closed.set(this, all);
		return all;
	}
}

/**
 * @param {number} id
 * @param {{ ok: true, message: ChatMessage } | { ok: false, error: string } | undefined} result
 * @returns {ChatMessage}
 */
function customerResult(id, result) {
	if (!result) throw new Error(`no chat session ${id}`);
	if (!result.ok) throw new Error(result.error);
	return structuredClone(result.message);
}

/** @type {WeakMap<Sandbox, Promise<void>>} */
const closed = new WeakMap();

/**
 * Start a sandbox on 127.0.0.1 (OS-chosen port unless `port` is given).
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function createSandbox(options = {}) {
	const tenant = options.tenant ?? SANDBOX_DEFAULTS.tenant;
	if (!/^[A-Za-z0-9_.-]+$/.test(tenant))
		throw new TypeError('tenant must be letters, digits, _ . -');
	const host = options.host ?? SANDBOX_DEFAULTS.host;
	const now = options.now ?? (() => new Date());
	const timeZone = options.timeZone ?? SANDBOX_DEFAULTS.timeZone;
	const authConfig = resolveAuthConfig(
		options.auth,
		/** @type {import('./auth').AuthConfig} */ (/** @type {unknown} */ (SANDBOX_DEFAULTS.auth)),
	);
	const odata = {
		defaultPageSize: options.odata?.defaultPageSize ?? SANDBOX_DEFAULTS.odata.defaultPageSize,
		maxPageSize: options.odata?.maxPageSize ?? SANDBOX_DEFAULTS.odata.maxPageSize,
	};
	const absent = (options.absentAgents ?? []).map((ref) => {
		const who = findAssociate(DEFAULT_ASSOCIATES, ref);
		if (!who) throw new TypeError(`absentAgents: unknown user ${JSON.stringify(ref)}`);
		return who.associateId;
	});
	const state = new SandboxState({
		now,
		timeZone,
		associates: DEFAULT_ASSOCIATES,
		topics: DEFAULT_TOPICS,
		present: DEFAULT_PRESENT.filter((id) => !absent.includes(id)),
		agentsAvailable: options.agentsAvailable ?? true,
	});
	state.load(options.seed ?? 'default');
	const webhooks = new WebhookCenter({ tenant, now, settings: options.webhooks });
	watchChatSessions(state, webhooks);
	const oauthConfig = resolveOAuthConfig(
		options.oauth,
		/** @type {Required<OAuthOptions>} */ (/** @type {unknown} */ (SANDBOX_DEFAULTS.oauth)),
	);
	const wrongHostPortOption = options.wrongHostPort ?? 0;
	if (
		wrongHostPortOption !== false &&
		(typeof wrongHostPortOption !== 'number' ||
			!Number.isInteger(wrongHostPortOption) ||
			wrongHostPortOption < 0)
	) {
		throw new TypeError('wrongHostPort must be a port number (0 = OS-chosen) or false');
	}
	const faults = new FaultController(options.faultSeed ?? 42);
	if (options.latency) faults.latency(options.latency);
	const log = new RequestLog();
	const stats = { inFlight: 0, maxInFlight: 0, total: 0 };
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
	const timers = new Set();
	const closing = { value: false };
	let apiUrl = '';
	let origin = '';
	const urlHost = host.includes(':') ? `[${host}]` : host;
	const oauth = new OAuthServer({
		config: oauthConfig,
		tenant,
		now,
		defaultAssociateId: SANDBOX_DEFAULTS.principalAssociateId,
		webClientUrl: () => `${origin}/${tenant}`,
		origin: () => origin,
		findAssociate: (id) => state.findAssociate(id),
		log,
	});

	/** @param {number} ms @returns {Promise<void>} */
	const delay = (ms) =>
		new Promise((resolve) => {
			if (closing.value) return resolve();
			const entry = {
				timer: setTimeout(() => {
					timers.delete(entry);
					resolve();
				}, ms),
				resolve: () => resolve(),
			};
			timers.add(entry);
		});

	const chatbot = new SandboxChatbot(state, delay, () => closing.value);

	const routeEnv = {
		state,
		apiUrl: () => apiUrl,
		// A getter: routes spread these settings per request, so a paging fault applies at once.
		odata: {
			...odata,
			get paging() {
				return faults.pagingMode;
			},
		},
		archiveContext: () => ({
			nowMs: now().getTime(),
			updated: state.updated,
			topicName: (/** @type {number} */ id) => state.findTopic(id)?.Name ?? '',
		}),
		webhooks,
	};
	/** @type {Sandbox | undefined} */
	let sandbox;
	/** @type {import('./server').Internals} */
	const internals = {
		tenant,
		apiUrl: () => apiUrl,
		state,
		faults,
		log,
		stats,
		authConfig,
		router: buildApiRouter(routeEnv, tenant),
		bodyLimit: options.bodyLimit ?? SANDBOX_DEFAULTS.bodyLimit,
		delay,
		isClosing: () => closing.value,
		control: {
			info: () => ({
				name: 'superoffice-sandbox',
				tenant,
				webClientUrl: sandbox?.webClientUrl,
				apiUrl,
				sessions: state.sessions.size,
				tokenUrl: oauth.tokenUrl,
				authorizeUrl: oauth.authorizeUrl,
				stateUrl: sandbox?.stateUrl,
				wrongHostUrl: sandbox?.wrongHostUrl,
				endpoints: [
					'GET /__sandbox/requests[?since=seq]',
					'DELETE /__sandbox/requests',
					'GET /__sandbox/sessions',
					'POST /__sandbox/sessions',
					'GET|PUT /__sandbox/sessions/{id}',
					'GET /__sandbox/sessions/{id}/messages',
					'POST /__sandbox/sessions/{id}/idle',
					'POST /__sandbox/sessions/{id}/customer',
					'GET|POST /__sandbox/chatbot',
					'POST /__sandbox/reseed',
					'GET|POST|DELETE /__sandbox/faults',
					'GET|DELETE /__sandbox/stats',
					'POST /__sandbox/settings',
					'GET /__sandbox/agents',
					'POST /__sandbox/agents/{user}/presence',
					'GET /__sandbox/topics',
					'PATCH /__sandbox/topics/{id}',
					'GET|POST /__sandbox/oauth',
					'POST /__sandbox/oauth/expire',
					'POST /__sandbox/oauth/tokens',
					'POST /__sandbox/oauth/codes',
					'POST /__sandbox/oauth/revoke',
					'POST /__sandbox/oauth/state',
					'GET|DELETE /__sandbox/webhooks',
					'POST /__sandbox/webhooks/settings',
					'GET /__sandbox/webhooks/deliveries[?since=seq]',
					'POST /__sandbox/webhooks/events',
				],
			}),
			oauth,
			webhooks,
			log,
			state,
			faults,
			stats: () => (sandbox ? sandbox.stats() : { inFlight: 0, maxInFlight: 0, totalRequests: 0 }),
			resetStats: () => sandbox?.resetStats(),
			reseed: (seed) => state.load(seed),
			putSession: (entity) => state.put(entity),
			chatbot,
			bodyLimit: options.bodyLimit ?? SANDBOX_DEFAULTS.bodyLimit,
		},
		oauth,
	};

	/** @param {import('node:http').RequestListener} listener @param {number} port @returns {Promise<{ server: http.Server, port: number }>} */
	const listen = async (listener, port) => {
		const server = http.createServer(listener);
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		server.on('clientError', (_err, socket) => {
			if (socket.writable)
				socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			else socket.destroy();
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve(undefined);
			});
		});
		const address = server.address();
		return { server, port: address && typeof address === 'object' ? address.port : 0 };
	};

	const { server, port } = await listen(createRequestListener(internals), options.port ?? 0);
	origin = `http://${urlHost}:${port}`;
	/** @type {{ server: http.Server, port: number } | undefined} */
	let wrongHost;
	if (wrongHostPortOption !== false) {
		try {
			wrongHost = await listen(
				createRequestListener({ ...internals, wrongHost: true }),
				wrongHostPortOption,
			);
		} catch (e) {
			await new Promise((resolve) => server.close(() => resolve(undefined)));
			throw e;
		}
	}
	sandbox = new Sandbox({
		server,
		host,
		port,
		tenant,
		state,
		faults,
		log,
		stats,
		sockets,
		timers,
		closing,
		oauth,
		webhooks,
		chatbot,
		wrongHostServer: wrongHost?.server,
		wrongHostPort: wrongHost?.port,
	});
	apiUrl = sandbox.apiUrl;
	return sandbox;
}

module.exports = {
	createSandbox,
	Sandbox,
	SANDBOX_DEFAULTS,
	DEFAULT_ASSOCIATES,
	DEFAULT_TOPICS,
	DEFAULT_PRESENT,
	SAMPLE_SESSION_464,
	SEED_IDS,
	SESSION_KEYS,
	MESSAGE_KEYS,
	CHAT_SESSION_STATUS,
	CHAT_MESSAGE_TYPE,
	CHAT_MESSAGE_SPECIAL_TYPE,
	buildSession,
	buildDefaultSeed,
	formatSoDate,
	parseSoDate,
	WebhookCenter,
	signBody,
	WEBHOOK_STATES,
	CHAT_EVENTS,
	DEFAULT_WEBHOOK_SETTINGS,
};
