// @ts-check
'use strict';
/**
 * Webhooks the way SuperOffice sends them (reference "Webhooks"; REST Webhook resource in
 * SuperOfficeDocs/superoffice-docs): registrations (`/api/v1/Webhook`), the signed test call
 * SuperOffice makes to a TargetUrl before it accepts a registration, and signed event
 * deliveries when chat sessions change, with SuperOffice's retry rhythm (next try after 1 s,
 * then 4 s; after 9 failures in a row the hook goes to TooManyErrors until someone sets it
 * Active again).
 *
 * Switches (`configure()`): `httpsRequired` (SuperOffice's refusal of a non-https TargetUrl;
 * off by default so a local http n8n works), `webhookRights` (false = every Webhook call is
 * refused with 403, as on an Online tenant whose app was not granted webhook access),
 * `signatureMode` ('valid', or 'wrong' / 'missing' / 'tampered' to send bad signatures),
 * `retryDelaysMs`, `maxConsecutiveFailures`, `timeoutMs`, `timestampOffsetMs` (the payload's
 * Timestamp this far from now: stale or future deliveries, signed), `bodyFormat` ('json', or
 * 'multipart' / 'form' / 'xml' / 'text': the event sent in a body n8n parses itself).
 * `replay(seq)` sends a recorded delivery again, byte for byte (a captured delivery replayed).
 */
const crypto = require('node:crypto');
const { HttpError } = require('./http');
const { CHAT_SESSION_STATUS } = require('./enums');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */

/** Webhook State: index = the documented number (1 Active, 2 Stopped, 3 TooManyErrors). */
const WEBHOOK_STATES = Object.freeze(['Unknown', 'Active', 'Stopped', 'TooManyErrors']);
/** The chat events a webhook can listen to. */
const CHAT_EVENTS = Object.freeze([
	'chatsession.created',
	'chatsession.changed',
	'chatsession.message',
]);
const SIGNATURE_MODES = Object.freeze(['valid', 'wrong', 'missing', 'tampered']);
/** How an event's body is sent: JSON as SuperOffice does, or wrapped in a format n8n parses itself. */
const BODY_FORMATS = Object.freeze(['json', 'multipart', 'form', 'xml', 'text']);
const MULTIPART_BOUNDARY = 'sandbox-webhook-boundary-7Hq2';
/** Largest |timestampOffsetMs|: a week. */
const MAX_TIMESTAMP_OFFSET_MS = 7 * 24 * 3600 * 1000;
const USER_AGENT = 'NetServer-Webhook/10.3 (SuperOffice sandbox)';
/** Kept per delivery for tests; the rest of an answer is cut. */
const MAX_ANSWER_CHARS = 500;

/**
 * @typedef {{
 *   httpsRequired: boolean, webhookRights: boolean, signatureMode: 'valid' | 'wrong' | 'missing' | 'tampered',
 *   retryDelaysMs: number[], maxConsecutiveFailures: number, timeoutMs: number,
 *   timestampOffsetMs: number, bodyFormat: 'json' | 'multipart' | 'form' | 'xml' | 'text'
 * }} WebhookSettings
 *
 * @typedef {{
 *   WebhookId: number, Name: string, Events: string[], TargetUrl: string, Secret: string, State: string,
 *   Type: string, Headers: Record<string, string>, Properties: Record<string, unknown>,
 *   Registered: string, RegisteredAssociate: Record<string, unknown> | null, Updated: string,
 *   UpdatedAssociate: Record<string, unknown> | null
 * }} WebhookEntity  The REST entity, in the documented key order.
 *
 * @typedef {{ entity: WebhookEntity, consecutiveFailures: number, lastError: string | null }} StoredHook
 *
 * @typedef {{
 *   seq: number, webhookId: number | null, webhookName: string, event: string, eventId: string,
 *   chatSessionId: number | null, retry: number, targetUrl: string, signatureMode: string,
 *   body: string, headers: Record<string, string>, status: number | null, error: string | null,
 *   answer: string, startedAt: number, endedAt: number | null, test: boolean,
 *   bodyFormat: string, replayOf: number | null
 * }} DeliveryRecord  One POST to a TargetUrl (a test call or one attempt of an event delivery).
 */

/** @type {Readonly<WebhookSettings>} */
const DEFAULT_WEBHOOK_SETTINGS = Object.freeze({
	httpsRequired: false,
	webhookRights: true,
	signatureMode: 'valid',
	/** @type {number[]} */
	retryDelaysMs: [1000, 4000],
	maxConsecutiveFailures: 9,
	timeoutMs: 10_000,
	timestampOffsetMs: 0,
	/** @type {'json' | 'multipart' | 'form' | 'xml' | 'text'} */
	bodyFormat: 'json',
});

const ARGUMENT = 'ArgumentException';

/** @param {string} message */
const badRequest = (message) => new HttpError(400, ARGUMENT, message);

/** base64(HMAC-SHA256(secret, body bytes)): the X-SuperOffice-Signature value. */
/** @param {string} secret @param {Buffer} body */
function signBody(secret, body) {
	return crypto.createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * The bytes and content type of a payload sent as `format`: JSON as SuperOffice sends it, or the
 * same JSON inside a form field, an XML element or plain text (bodies n8n parses before a node sees
 * them; a multipart body is consumed, so the node cannot read its raw bytes).
 * @param {string} json @param {string} format
 * @returns {{ body: Buffer, contentType: string }}
 */
function encodeBody(json, format) {
	switch (format) {
		case 'multipart':
			return {
				body: Buffer.from(
					`--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${json}\r\n--${MULTIPART_BOUNDARY}--\r\n`,
					'utf8',
				),
				contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
			};
		case 'form':
			return {
				body: Buffer.from(`payload=${encodeURIComponent(json)}`, 'utf8'),
				contentType: 'application/x-www-form-urlencoded',
			};
		case 'xml': {
			const text = json.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
			return {
				body: Buffer.from(`<?xml version="1.0"?><payload>${text}</payload>`, 'utf8'),
				contentType: 'application/xml',
			};
		}
		case 'text':
			return { body: Buffer.from(json, 'utf8'), contentType: 'text/plain; charset=utf-8' };
		default:
			return { body: Buffer.from(json, 'utf8'), contentType: 'application/json; charset=utf-8' };
	}
}

/** A UTC timestamp the way webhook payloads carry it (7 fraction digits, Z). */
/** @param {Date} date */
function payloadTimestamp(date) {
	return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * A state given by name (any case) or number → its name; undefined when unknown.
 * @param {unknown} value
 */
function stateName(value) {
	if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
		const name = WEBHOOK_STATES[Number(value)];
		return name && name !== 'Unknown' ? name : undefined;
	}
	if (typeof value !== 'string') return undefined;
	return WEBHOOK_STATES.find(
		(s) => s !== 'Unknown' && s.toLowerCase() === value.trim().toLowerCase(),
	);
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Body of PATCH Webhook/{id}: a JSON Patch (RFC 6902: add/replace/remove/test; paths case-insensitive,
 * leading slash optional) or a JSON Merge Patch object, as the REST reference describes.
 * @param {Record<string, unknown>} current
 * @param {unknown} body
 * @returns {Record<string, unknown>}
 */
function applyPatch(current, body) {
	const keyOf = (/** @type {string} */ path) => {
		const name = path.replace(/^\//, '');
		return Object.keys(current).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
	};
	const next = { ...current };
	if (Array.isArray(body)) {
		for (const op of body) {
			if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string')
				throw badRequest('Each JSON Patch operation needs op and path.');
			const key = keyOf(op.path);
			switch (op.op.toLowerCase()) {
				case 'add':
				case 'replace':
					next[key] = op.value;
					break;
				case 'remove':
					next[key] = null;
					break;
				case 'test':
					if (JSON.stringify(next[key]) !== JSON.stringify(op.value))
						throw new HttpError(412, ARGUMENT, `JSON Patch test failed for ${op.path}.`);
					break;
				default:
					throw badRequest(
						`JSON Patch operation '${op.op}' is not supported; use add, replace, remove or test.`,
					);
			}
		}
		return next;
	}
	if (!isObject(body))
		throw badRequest('The request body must be a JSON Patch array or a JSON Merge Patch object.');
	for (const [name, value] of Object.entries(body)) next[keyOf(name)] = value;
	return next;
}

class WebhookCenter {
	/**
	 * @param {{ tenant: string, now: () => Date, settings?: Partial<WebhookSettings> }} opts
	 */
	constructor(opts) {
		this.tenant = opts.tenant;
		this.now = opts.now;
		/** @type {WebhookSettings} */
		this.settings = {
			...DEFAULT_WEBHOOK_SETTINGS,
			retryDelaysMs: [...DEFAULT_WEBHOOK_SETTINGS.retryDelaysMs],
		};
		if (opts.settings) this.configure(opts.settings);
		/** @type {Map<number, StoredHook>} */
		this.hooks = new Map();
		this.lastId = 0;
		/** @type {DeliveryRecord[]} */
		this.deliveries = [];
		this.deliverySeq = 0;
		/** Per hook: the end of its delivery queue, so its events arrive in order. */
		/** @type {Map<number, Promise<void>>} */
		this.queues = new Map();
		/** @type {Set<Promise<void>>} */
		this.inFlight = new Set();
		/** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */
		this.timers = new Set();
		this.closed = false;
	}

	/**
	 * Change switches; validated before anything changes.
	 * @param {Partial<WebhookSettings> | Record<string, unknown>} input
	 * @returns {WebhookSettings}
	 */
	configure(input) {
		if (!isObject(input)) throw new TypeError('webhook settings must be an object');
		const next = { ...this.settings };
		for (const [key, value] of Object.entries(input)) {
			switch (key) {
				case 'httpsRequired':
				case 'webhookRights':
					if (typeof value !== 'boolean') throw new TypeError(`${key} must be a boolean`);
					next[key] = value;
					break;
				case 'signatureMode':
					if (typeof value !== 'string' || !SIGNATURE_MODES.includes(value))
						throw new TypeError(`signatureMode must be one of ${SIGNATURE_MODES.join(', ')}`);
					next.signatureMode = /** @type {WebhookSettings['signatureMode']} */ (value);
					break;
				case 'retryDelaysMs':
					if (
						!Array.isArray(value) ||
						value.length > 10 ||
						!value.every((v) => Number.isInteger(v) && v >= 0 && v <= 60_000)
					) {
						throw new TypeError(
							'retryDelaysMs must be up to 10 whole numbers of milliseconds (0 to 60000)',
						);
					}
					next.retryDelaysMs = [...value];
					break;
				case 'timestampOffsetMs':
					if (
						!Number.isInteger(value) ||
						Math.abs(/** @type {number} */ (value)) > MAX_TIMESTAMP_OFFSET_MS
					)
						throw new TypeError(
							`timestampOffsetMs must be a whole number of milliseconds within ±${MAX_TIMESTAMP_OFFSET_MS}`,
						);
					next.timestampOffsetMs = /** @type {number} */ (value);
					break;
				case 'bodyFormat':
					if (typeof value !== 'string' || !BODY_FORMATS.includes(value))
						throw new TypeError(`bodyFormat must be one of ${BODY_FORMATS.join(', ')}`);
					next.bodyFormat = /** @type {WebhookSettings['bodyFormat']} */ (value);
					break;
				case 'maxConsecutiveFailures':
				case 'timeoutMs':
					if (
						!Number.isInteger(value) ||
						/** @type {number} */ (value) < 1 ||
						/** @type {number} */ (value) > 600_000
					)
						throw new TypeError(`${key} must be a positive whole number`);
					next[key] = /** @type {number} */ (value);
					break;
				default:
					throw new TypeError(`unknown webhook setting ${key}`);
			}
		}
		this.settings = next;
		return { ...next, retryDelaysMs: [...next.retryDelaysMs] };
	}

	/** Refuse every Webhook call while the app has no webhook rights (Online). */
	assertRights() {
		if (!this.settings.webhookRights) {
			throw new HttpError(
				403,
				'SoAccessDeniedException',
				'Access denied to the Webhook agent. The Webhook agent is not available in Online by default. Access must be requested specifically when app is registered.',
			);
		}
	}

	/**
	 * GET Webhook?nameFilter=&eventFilter=&statusFilter=: copies, by id.
	 * @param {{ nameFilter?: string, eventFilter?: string, statusFilter?: string }} [filter]
	 */
	list(filter = {}) {
		const status =
			filter.statusFilter === undefined || /^unknown$/i.test(filter.statusFilter)
				? undefined
				: stateName(filter.statusFilter);
		if (
			filter.statusFilter !== undefined &&
			!/^unknown$/i.test(filter.statusFilter) &&
			status === undefined
		) {
			throw badRequest(`statusFilter must be one of ${WEBHOOK_STATES.join(', ')}.`);
		}
		return [...this.hooks.values()]
			.map((h) => h.entity)
			.filter((e) => filter.nameFilter === undefined || e.Name === filter.nameFilter)
			.filter((e) => filter.eventFilter === undefined || e.Events.includes(filter.eventFilter))
			.filter((e) => status === undefined || e.State === status)
			.sort((a, b) => a.WebhookId - b.WebhookId)
			.map((e) => structuredClone(e));
	}

	/** @param {number} id */
	get(id) {
		const hook = this.hooks.get(id);
		return hook ? structuredClone(hook.entity) : undefined;
	}

	/** @param {number} id */
	lastError(id) {
		return this.hooks.get(id)?.lastError ?? null;
	}

	/**
	 * POST Webhook: checked, test-called, stored.
	 * @param {unknown} input
	 * @param {AssociateSeed | undefined} principal
	 * @param {(a: AssociateSeed) => Record<string, unknown>} carrier
	 */
	async create(input, principal, carrier) {
		if (!isObject(input)) throw badRequest('The request body must be a JSON Webhook object.');
		const now = this.now().toISOString();
		const who = principal ? carrier(principal) : null;
		const entity = this.validate(
			{ ...input, WebhookId: 0 },
			{ Registered: now, RegisteredAssociate: who, Updated: now, UpdatedAssociate: who },
		);
		await this.confirmTarget(entity);
		entity.WebhookId = ++this.lastId;
		this.hooks.set(entity.WebhookId, { entity, consecutiveFailures: 0, lastError: null });
		return structuredClone(entity);
	}

	/**
	 * PUT (replace) or PATCH (JSON Patch / merge) Webhook/{id}.
	 * @param {number} id
	 * @param {unknown} body
	 * @param {'put' | 'patch'} how
	 * @param {AssociateSeed | undefined} principal
	 * @param {(a: AssociateSeed) => Record<string, unknown>} carrier
	 */
	async update(id, body, how, principal, carrier) {
		const hook = this.hooks.get(id);
		if (!hook) return undefined;
		const current = /** @type {Record<string, unknown>} */ (structuredClone(hook.entity));
		const merged =
			how === 'put'
				? {
						...(isObject(body)
							? body
							: (() => {
									throw badRequest('The request body must be a JSON Webhook object.');
								})()),
					}
				: applyPatch(current, body);
		const entity = this.validate(
			{ ...merged, WebhookId: id },
			{
				Registered: hook.entity.Registered,
				RegisteredAssociate: hook.entity.RegisteredAssociate,
				Updated: this.now().toISOString(),
				UpdatedAssociate: principal ? carrier(principal) : null,
			},
		);
		await this.confirmTarget(entity);
		// Set Active again (by whoever): the failure count starts over.
		if (entity.State === 'Active' && hook.entity.State !== 'Active') hook.consecutiveFailures = 0;
		hook.entity = entity;
		return structuredClone(entity);
	}

	/** @param {number} id @returns {boolean} */
	remove(id) {
		this.queues.delete(id);
		return this.hooks.delete(id);
	}

	/**
	 * The stored shape of a (new or changed) webhook, or 400 with what is wrong.
	 * @param {Record<string, unknown>} input
	 * @param {Pick<WebhookEntity, 'Registered' | 'RegisteredAssociate' | 'Updated' | 'UpdatedAssociate'>} stamps
	 * @returns {WebhookEntity}
	 */
	validate(input, stamps) {
		const get = (/** @type {string} */ name) => {
			const key = Object.keys(input).find((k) => k.toLowerCase() === name.toLowerCase());
			return key === undefined ? undefined : input[key];
		};
		const name = get('Name');
		if (typeof name !== 'string' || name.trim() === '')
			throw badRequest('Webhook Name is required.');
		const events = get('Events');
		if (
			!Array.isArray(events) ||
			events.length === 0 ||
			!events.every((e) => typeof e === 'string' && /^[a-z_]+\.[a-z_]+$/i.test(e))
		) {
			throw badRequest(
				"Webhook Events must be a non-empty array of event names like 'chatsession.changed'.",
			);
		}
		const target = get('TargetUrl');
		let url;
		try {
			url = new URL(String(target));
		} catch {
			throw badRequest(`Webhook TargetUrl must be an absolute URL: ${String(target)}`);
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:')
			throw badRequest(`Webhook TargetUrl must be an http(s) URL: ${url.href}`);
		if (this.settings.httpsRequired && url.protocol !== 'https:')
			throw badRequest(`Webhook TargetUrl must be secure: ${url.href}`);
		const state =
			get('State') === undefined || get('State') === null ? 'Active' : stateName(get('State'));
		if (state === undefined)
			throw badRequest('Webhook State must be Active, Stopped or TooManyErrors (or 1, 2, 3).');
		const secret = get('Secret');
		if (secret !== undefined && secret !== null && typeof secret !== 'string')
			throw badRequest('Webhook Secret must be a string.');
		const type = get('Type');
		const headers = get('Headers');
		const properties = get('Properties');
		return {
			WebhookId: Number(input.WebhookId) || 0,
			Name: name,
			Events: [...events],
			TargetUrl: String(target),
			Secret: typeof secret === 'string' ? secret : '',
			State: state,
			Type: typeof type === 'string' && type !== '' ? type : 'webhook',
			Headers: isObject(headers) ? /** @type {Record<string, string>} */ ({ ...headers }) : {},
			Properties: isObject(properties) ? { ...properties } : {},
			...stamps,
		};
	}

	/**
	 * SuperOffice POSTs a 'test' event to the TargetUrl of an active hook it saves, and refuses
	 * the hook unless the answer is 200.
	 * @param {WebhookEntity} entity
	 */
	async confirmTarget(entity) {
		if (entity.State !== 'Active') return;
		const payload = {
			EventId: crypto.randomUUID(),
			Timestamp: payloadTimestamp(this.now()),
			Changes: [],
			Event: 'test',
			PrimaryKey: 0,
			Entity: 'webhook',
			ContextIdentifier: this.tenant,
			ChangedByAssociateId: 0,
			WebhookName: entity.Name,
		};
		const record = await this.post(entity, payload, {
			retry: 0,
			test: true,
			chatSessionId: null,
			signatureMode: 'valid',
			bodyFormat: 'json',
		});
		if (record.status !== 200) {
			const why = record.status === null ? record.error : `HTTP ${record.status}`;
			throw badRequest(
				`Webhook test call to TargetUrl ${entity.TargetUrl} failed: ${why}. The target must answer 200 OK.`,
			);
		}
	}

	/**
	 * A chat session event happened: deliver it to every active hook listening to it (in the
	 * background). Returns the event id and how many hooks get it.
	 * @param {string} event
	 * @param {ChatSessionEntity} session
	 * @param {{ changes?: string[], changedByAssociateId?: number }} [details]
	 */
	emit(event, session, details = {}) {
		const eventId = crypto.randomUUID();
		if (this.closed) return { eventId, hooks: 0 };
		const payload = {
			EventId: eventId,
			Timestamp: payloadTimestamp(new Date(this.now().getTime() + this.settings.timestampOffsetMs)),
			Changes: details.changes ?? [],
			Event: event,
			PrimaryKey: session.ChatSessionId,
			Entity: 'chatsession',
			ContextIdentifier: this.tenant,
			ChangedByAssociateId: details.changedByAssociateId ?? 0,
			WebhookName: '',
			FieldValues: {
				ChatSessionId: session.ChatSessionId,
				Status: Math.max(0, CHAT_SESSION_STATUS.indexOf(session.Status)),
				ChatbotIsactive: session.ChatbotIsActive,
				TopicId: session.TopicId,
				UserId: session.User?.AssociateId ?? 0,
			},
		};
		let hooks = 0;
		for (const hook of this.hooks.values()) {
			if (hook.entity.State !== 'Active' || !hook.entity.Events.includes(event)) continue;
			hooks++;
			const id = hook.entity.WebhookId;
			const queued = (this.queues.get(id) ?? Promise.resolve()).then(() =>
				this.deliver(id, { ...payload, WebhookName: hook.entity.Name }),
			);
			this.queues.set(id, queued);
			this.inFlight.add(queued);
			queued.finally(() => this.inFlight.delete(queued));
		}
		return { eventId, hooks };
	}

	/**
	 * One event to one hook: the first try and up to `retryDelaysMs.length` retries; each failure
	 * counts towards TooManyErrors, a success resets the count.
	 * @param {number} id
	 * @param {Record<string, unknown>} payload
	 */
	async deliver(id, payload) {
		const attempts = 1 + this.settings.retryDelaysMs.length;
		for (let retry = 0; retry < attempts; retry++) {
			const hook = this.hooks.get(id);
			if (this.closed || !hook || hook.entity.State !== 'Active') return;
			const record = await this.post(hook.entity, payload, {
				retry,
				test: false,
				chatSessionId: /** @type {number} */ (payload.PrimaryKey),
				signatureMode: this.settings.signatureMode,
				bodyFormat: this.settings.bodyFormat,
			});
			if (record.status !== null && record.status >= 200 && record.status <= 299) {
				hook.consecutiveFailures = 0;
				return;
			}
			hook.consecutiveFailures++;
			hook.lastError =
				record.status === null ? String(record.error) : `HTTP ${record.status}: ${record.answer}`;
			if (hook.consecutiveFailures >= this.settings.maxConsecutiveFailures) {
				hook.entity.State = 'TooManyErrors';
				return;
			}
			if (retry < attempts - 1) await this.sleep(this.settings.retryDelaysMs[retry]);
		}
	}

	/**
	 * POST a payload to a hook's TargetUrl, signed as the mode says, in the body format asked for
	 * (the signature covers the bytes sent), and record it.
	 * @param {WebhookEntity} entity
	 * @param {Record<string, unknown>} payload
	 * @param {{ retry: number, test: boolean, chatSessionId: number | null, signatureMode: WebhookSettings['signatureMode'], bodyFormat: WebhookSettings['bodyFormat'] }} how
	 * @returns {Promise<DeliveryRecord>}
	 */
	async post(entity, payload, how) {
		const { body: signed, contentType } = encodeBody(JSON.stringify(payload), how.bodyFormat);
		// 'tampered': the signature belongs to the payload as signed, but a field changed on the way.
		const sent =
			how.signatureMode === 'tampered'
				? encodeBody(
						JSON.stringify({
							...payload,
							ChangedByAssociateId: Number(payload.ChangedByAssociateId) + 1,
						}),
						how.bodyFormat,
					).body
				: signed;
		/** @type {Record<string, string>} */
		const headers = {
			'Content-Type': contentType,
			'User-Agent': USER_AGENT,
			'X-SuperOffice-Event': String(payload.Event),
			'X-SuperOffice-EventId': String(payload.EventId),
			'X-SuperOffice-Retry': String(how.retry),
			...entity.Headers,
		};
		if (entity.Secret !== '' && how.signatureMode !== 'missing') {
			const key = how.signatureMode === 'wrong' ? `${entity.Secret}-not-the-secret` : entity.Secret;
			headers['X-SuperOffice-Signature'] = signBody(key, signed);
		}
		/** @type {DeliveryRecord} */
		const record = {
			seq: ++this.deliverySeq,
			webhookId: entity.WebhookId || null,
			webhookName: entity.Name,
			event: String(payload.Event),
			eventId: String(payload.EventId),
			chatSessionId: how.chatSessionId,
			retry: how.retry,
			targetUrl: entity.TargetUrl,
			signatureMode: how.signatureMode,
			bodyFormat: how.bodyFormat,
			replayOf: null,
			body: sent.toString('utf8'),
			headers,
			status: null,
			error: null,
			answer: '',
			startedAt: Date.now(),
			endedAt: null,
			test: how.test,
		};
		return await this.send(record, sent);
	}

	/**
	 * Sends a recorded delivery again, exactly as it went (same bytes, same headers, same
	 * signature): what someone who captured a delivery could do with it. Recorded as a delivery of
	 * its own with `replayOf` = the original's `seq`. Throws for an unknown seq.
	 * @param {number} seq
	 * @returns {Promise<DeliveryRecord>}
	 */
	async replay(seq) {
		const original = this.deliveries.find((d) => d.seq === seq);
		if (!original) throw new TypeError(`no delivery with seq ${seq}`);
		/** @type {DeliveryRecord} */
		const record = {
			...original,
			headers: { ...original.headers },
			seq: ++this.deliverySeq,
			replayOf: original.seq,
			status: null,
			error: null,
			answer: '',
			startedAt: Date.now(),
			endedAt: null,
		};
		return await this.send(record, Buffer.from(original.body, 'utf8'));
	}

	/**
	 * The POST itself (within `timeoutMs`); the answer or the error goes into the record.
	 * @param {DeliveryRecord} record
	 * @param {Buffer} body
	 * @returns {Promise<DeliveryRecord>}
	 */
	async send(record, body) {
		this.deliveries.push(record);
		try {
			const res = await fetch(record.targetUrl, {
				method: 'POST',
				headers: record.headers,
				body,
				signal: AbortSignal.timeout(this.settings.timeoutMs),
				redirect: 'manual',
			});
			record.status = res.status;
			record.answer = (await res.text()).slice(0, MAX_ANSWER_CHARS);
		} catch (e) {
			const err = /** @type {{ message?: string, cause?: { code?: string, message?: string } }} */ (
				e
			);
			record.error = err.cause?.code ?? err.cause?.message ?? err.message ?? 'request failed';
		}
		record.endedAt = Date.now();
		return record;
	}

	/** @param {number} ms */
	sleep(ms) {
		return new Promise((resolve) => {
			if (this.closed) return resolve(undefined);
			const entry = {
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve(undefined);
				}, ms),
				resolve: () => resolve(undefined),
			};
			this.timers.add(entry);
		});
	}

	/**
	 * Resolves when every queued delivery (with its retries) has ended, or after `timeoutMs`.
	 * @param {number} [timeoutMs]
	 * @returns {Promise<boolean>} false when it timed out
	 */
	async settled(timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		while (this.inFlight.size > 0) {
			const left = deadline - Date.now();
			if (left <= 0) return false;
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			await Promise.race([
				Promise.allSettled([...this.inFlight]),
				new Promise((resolve) => (timer = setTimeout(resolve, left))),
			]);
			clearTimeout(timer);
		}
		return true;
	}

	/** Forget all hooks and deliveries (settings stay); ids start at 1 again. */
	clear() {
		this.hooks.clear();
		this.lastId = 0;
		this.queues.clear();
		this.deliveries.length = 0;
	}

	/** Stop delivering: pending retry pauses end at once, no new attempt starts. */
	close() {
		this.closed = true;
		for (const t of this.timers) {
			clearTimeout(t.timer);
			t.resolve();
		}
		this.timers.clear();
	}

	/** What the control endpoint shows. */
	toJSON() {
		return {
			settings: { ...this.settings, retryDelaysMs: [...this.settings.retryDelaysMs] },
			hooks: [...this.hooks.values()].map((h) => ({
				...structuredClone(h.entity),
				consecutiveFailures: h.consecutiveFailures,
				lastError: h.lastError,
			})),
			deliveries: this.deliveries.length,
			inFlight: this.inFlight.size,
		};
	}
}

/** Entity fields whose change SuperOffice reports in `Changes` (as lower-case column-like names). */
const WATCHED_FIELDS = Object.freeze([
	'Status',
	'ChatbotIsActive',
	'User',
	'TransferTo',
	'TopicId',
	'LastMessage',
	'WhenIdle',
	'WhenStarted',
	'WhenEnded',
	'Flags',
	'Rating',
]);

/**
 * @param {ChatSessionEntity | undefined} before
 * @param {ChatSessionEntity} after
 */
function changedFields(before, after) {
	if (!before) return Object.keys(after).map((k) => k.toLowerCase());
	return WATCHED_FIELDS.filter(
		(k) =>
			JSON.stringify(before[/** @type {keyof ChatSessionEntity} */ (k)]) !==
			JSON.stringify(after[/** @type {keyof ChatSessionEntity} */ (k)]),
	).map((k) => k.toLowerCase());
}

/**
 * Make the state's changes fire chat events: a new session → chatsession.created, a session whose
 * fields changed → chatsession.changed, a new message → chatsession.message (plus .changed when
 * the message changed the session's status or last message). Reseeding fires nothing.
 * @param {import('./state').SandboxState} state
 * @param {WebhookCenter} center
 */
function watchChatSessions(state, center) {
	const copy = (/** @type {number} */ id) => {
		const s = state.get(id);
		return s ? structuredClone(s) : undefined;
	};
	const changed = (
		/** @type {ChatSessionEntity | undefined} */ before,
		/** @type {number} */ id,
		/** @type {number | undefined} */ by,
	) => {
		const after = state.get(id);
		if (!after) return;
		if (!before) {
			center.emit('chatsession.created', after, {
				changes: changedFields(undefined, after),
				changedByAssociateId: by,
			});
			return;
		}
		const fields = changedFields(before, after);
		if (fields.length > 0)
			center.emit('chatsession.changed', after, { changes: fields, changedByAssociateId: by });
	};
	const messageChanges = [
		'chatMessage.id',
		'chatMessage.chatsession_id',
		'chatMessage.type',
		'chatMessage.author',
		'chatMessage.when_posted',
	];

	const put = state.put.bind(state);
	state.put = (entity) => {
		const id = Number(/** @type {Record<string, unknown>} */ (entity).ChatSessionId) || 0;
		const before = id ? copy(id) : undefined;
		const stored = put(entity);
		changed(before, stored.ChatSessionId, 0);
		return stored;
	};
	for (const name of /** @type {const} */ (['reset', 'transfer'])) {
		const original = /** @type {(id: number, ...rest: any[]) => ChatSessionEntity | undefined} */ (
			state[name].bind(state)
		);
		state[name] = /** @type {any} */ (
			(/** @type {number} */ id, /** @type {any[]} */ ...rest) => {
				const before = copy(id);
				const result = original(id, ...rest);
				if (before) changed(before, id, 0);
				return result;
			}
		);
	}
	for (const name of /** @type {const} */ ([
		'addMessage',
		'pickup',
		'customerWrites',
		'customerClicks',
	])) {
		const original = /** @type {(id: number, ...rest: any[]) => unknown} */ (
			state[name].bind(state)
		);
		state[name] = /** @type {any} */ (
			(/** @type {number} */ id, /** @type {any[]} */ ...rest) => {
				const before = copy(id);
				const messagesBefore = state.listMessages(id).length;
				const result = original(id, ...rest);
				const principal = /** @type {AssociateSeed | undefined} */ (rest[rest.length - 1]);
				const after = state.get(id);
				// One event per message the call appended (Add Message, Pickup's welcome), after the
				// session took its new status.
				const added = after ? state.listMessages(id).length - messagesBefore : 0;
				for (let i = 0; i < added && after; i++) {
					center.emit('chatsession.message', after, {
						changes: messageChanges,
						changedByAssociateId: principal?.associateId,
					});
				}
				if (before) changed(before, id, principal?.associateId);
				return result;
			}
		);
	}
}

module.exports = {
	WebhookCenter,
	watchChatSessions,
	signBody,
	applyPatch,
	WEBHOOK_STATES,
	CHAT_EVENTS,
	SIGNATURE_MODES,
	BODY_FORMATS,
	DEFAULT_WEBHOOK_SETTINGS,
};
