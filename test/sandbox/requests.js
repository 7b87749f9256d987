// @ts-check
'use strict';
/**
 * Requests (SuperOffice's `Ticket`) with their messages, a chat session's transcript, and JSON
 * Patch of a chat session: what a hand-over writes beyond the chat itself. Plain data and rules;
 * routes/requests.js puts them on the API.
 */
const { HttpError } = require('./http');
const { resolveEnum, CHAT_SESSION_STATUS } = require('./enums');
const { associateCarrier } = require('./seed');

/** @typedef {import('./types').ChatSessionEntity} ChatSessionEntity */
/** @typedef {import('./types').ChatMessage} ChatMessage */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */

const ARGUMENT = 'ArgumentException';

/** TicketMessage.Slevel (TicketSecurityLevel): index = numeric value. */
const TICKET_SECURITY_LEVEL = Object.freeze(['Invalid', 'Internal', 'External']);

/** Statuses that end a session: patching to one of them sets WhenEnded. */
const ENDED_STATUSES = Object.freeze(['Finished', 'Deleted', 'Closed', 'ClosedFromQueue']);

/**
 * @typedef {{
 *   TicketId: number, Title: string, CreatedAt: string, LastChanged: string,
 *   CreatedBy: import('./types').Associate, OwnedBy: null, Status: string,
 *   Category: { TicketCategoryId: number } | null, Priority: { TicketPriorityId: number } | null,
 *   Person: { PersonId: number } | null, Contact: { ContactId: number } | null,
 *   NumberOfMessages: number
 * }} TicketEntity
 * @typedef {{
 *   TicketMessageId: number, TicketId: number, CreatedAt: string, Author: string, Body: string,
 *   Slevel: string
 * }} TicketMessageEntity
 */

/** @param {unknown} v */
function isRecord(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** @param {unknown} v */
function positiveInt(v) {
	return typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2147483647;
}

/**
 * A reference such as `{"TicketCategoryId": 3}` (or `{"Id": 3}`) → its id; null/absent → null.
 * @param {unknown} value
 * @param {string} field e.g. 'Category'
 * @param {string} idKey e.g. 'TicketCategoryId'
 * @returns {number | null}
 */
function referenceId(value, field, idKey) {
	if (value === undefined || value === null) return null;
	if (isRecord(value)) {
		const record = /** @type {Record<string, unknown>} */ (value);
		const key = Object.keys(record).find(
			(k) => k.toLowerCase() === idKey.toLowerCase() || k.toLowerCase() === 'id',
		);
		const id = key === undefined ? undefined : record[key];
		if (positiveInt(id)) return /** @type {number} */ (id);
	}
	throw new HttpError(400, ARGUMENT, `${field} must be an object with a positive ${idKey}.`);
}

/** Requests and their messages. */
class TicketDesk {
	constructor() {
		/** @type {Map<number, TicketEntity>} */
		this.tickets = new Map();
		/** @type {Map<number, TicketMessageEntity[]>} */
		this.messages = new Map();
		this.lastTicketId = 0;
		this.lastMessageId = 0;
	}

	clear() {
		this.tickets.clear();
		this.messages.clear();
		this.lastTicketId = 0;
		this.lastMessageId = 0;
	}

	/** @param {number} id */
	get(id) {
		return this.tickets.get(id);
	}

	/**
	 * POST Ticket: Title required; Category, Priority, Person, Contact as references by id.
	 * @param {unknown} input
	 * @param {AssociateSeed} principal
	 * @param {string} now
	 * @returns {TicketEntity}
	 */
	create(input, principal, now) {
		if (!isRecord(input))
			throw new HttpError(400, ARGUMENT, 'The request body must be a JSON TicketEntity object.');
		const body = /** @type {Record<string, unknown>} */ (input);
		if (typeof body.Title !== 'string' || body.Title.trim() === '')
			throw new HttpError(400, ARGUMENT, 'Ticket.Title must be a non-empty string.');
		const category = referenceId(body.Category, 'Category', 'TicketCategoryId');
		const priority = referenceId(body.Priority, 'Priority', 'TicketPriorityId');
		const person = referenceId(body.Person, 'Person', 'PersonId');
		const contact = referenceId(body.Contact, 'Contact', 'ContactId');
		/** @type {TicketEntity} */
		const ticket = {
			TicketId: ++this.lastTicketId,
			Title: body.Title,
			CreatedAt: now,
			LastChanged: now,
			CreatedBy: associateCarrier(principal),
			OwnedBy: null,
			Status: 'Active',
			Category: category === null ? null : { TicketCategoryId: category },
			Priority: priority === null ? null : { TicketPriorityId: priority },
			Person: person === null ? null : { PersonId: person },
			Contact: contact === null ? null : { ContactId: contact },
			NumberOfMessages: 0,
		};
		this.tickets.set(ticket.TicketId, ticket);
		this.messages.set(ticket.TicketId, []);
		return ticket;
	}

	/**
	 * POST TicketMessage: TicketId of a known request, Body text, Slevel Internal (1, the
	 * sandbox's default) or External (2), by name or number; Author defaults to the principal.
	 * @param {unknown} input
	 * @param {AssociateSeed} principal
	 * @param {string} now
	 * @returns {TicketMessageEntity}
	 */
	addMessage(input, principal, now) {
		if (!isRecord(input))
			throw new HttpError(
				400,
				ARGUMENT,
				'The request body must be a JSON TicketMessageEntity object.',
			);
		const body = /** @type {Record<string, unknown>} */ (input);
		if (!positiveInt(body.TicketId))
			throw new HttpError(400, ARGUMENT, 'TicketMessage.TicketId must be a positive integer.');
		const ticket = this.tickets.get(/** @type {number} */ (body.TicketId));
		if (!ticket)
			throw new HttpError(400, ARGUMENT, `Ticket with id ${String(body.TicketId)} does not exist.`);
		if (typeof body.Body !== 'string')
			throw new HttpError(400, ARGUMENT, 'TicketMessage.Body must be a string.');
		const level =
			body.Slevel === undefined || body.Slevel === null
				? { name: 'Internal', value: 1 }
				: resolveEnum(TICKET_SECURITY_LEVEL, body.Slevel);
		if (!level || level.value === 0)
			throw new HttpError(
				400,
				ARGUMENT,
				'TicketMessage.Slevel must be Internal (1) or External (2).',
			);
		if (body.Author !== undefined && body.Author !== null && typeof body.Author !== 'string')
			throw new HttpError(400, ARGUMENT, 'TicketMessage.Author must be a string.');
		/** @type {TicketMessageEntity} */
		const message = {
			TicketMessageId: ++this.lastMessageId,
			TicketId: ticket.TicketId,
			CreatedAt: now,
			Author: /** @type {string} */ (body.Author || principal.fullName),
			Body: body.Body,
			Slevel: level.name,
		};
		this.messages.get(ticket.TicketId)?.push(message);
		ticket.NumberOfMessages += 1;
		ticket.LastChanged = now;
		return message;
	}

	/** @param {number} ticketId */
	messagesOf(ticketId) {
		return this.messages.get(ticketId) ?? [];
	}
}

/** @param {string} text */
function escapeHtml(text) {
	return text.replace(
		/[&<>"']/g,
		(c) =>
			/** @type {Record<string, string>} */ ({
				'&': '&amp;',
				'<': '&lt;',
				'>': '&gt;',
				'"': '&quot;',
				"'": '&#39;',
			})[c],
	);
}

/**
 * POST ChatSession/{id}/Transcript: the conversation as one string (sandbox format; SuperOffice's
 * own layout is not documented). Plain: `[WhenPosted] Author: Message` per line. HTML: one
 * `<p>` per message, text escaped.
 * @param {readonly ChatMessage[]} messages
 * @param {boolean} html
 */
function chatTranscript(messages, html) {
	const lines = messages.map((m) => {
		const text = m.Message !== '' ? m.Message : `(${m.SpecialType})`;
		return html
			? `<p><span class="time">${escapeHtml(m.WhenPosted)}</span> <b>${escapeHtml(m.Author)}</b>: ${escapeHtml(text)}</p>`
			: `[${m.WhenPosted}] ${m.Author}: ${text}`;
	});
	return lines.join(html ? '' : '\n');
}

/** The entity fields a PATCH may change, and how (references by id, text, the status). */
const PATCHABLE = Object.freeze({
	Status: 'status',
	Person: 'reference',
	Contact: 'reference',
	Project: 'reference',
	Sale: 'reference',
	Ticket: 'reference',
	CustomerAlias: 'text',
	CustomerName: 'text',
	CustomerEmail: 'text',
	CustomerPhone: 'text',
	CustomerCompanyName: 'text',
});

/** @param {string} field */
function idKeyOf(field) {
	return `${field}Id`;
}

/**
 * @typedef {{
 *   now: string,
 *   ticket: (id: number) => TicketEntity | undefined,
 *   ticketLinkByPatch: boolean,
 * }} PatchEnv
 */

/**
 * The value a field would take: a status name, a reference carrier, or text. Throws 400.
 * @param {string} field
 * @param {unknown} value
 * @param {PatchEnv} env
 */
function fieldValue(field, value, env) {
	const kind = /** @type {Record<string, string>} */ (PATCHABLE)[field];
	if (kind === 'status') {
		const status = resolveEnum(CHAT_SESSION_STATUS, value);
		if (!status || status.value === 0)
			throw new HttpError(400, ARGUMENT, `Invalid ChatSessionStatus ${JSON.stringify(value)}.`);
		return status.name;
	}
	if (kind === 'text') {
		if (value !== null && typeof value !== 'string')
			throw new HttpError(400, ARGUMENT, `${field} must be a string.`);
		return value ?? '';
	}
	const idKey = idKeyOf(field);
	const id = positiveInt(value) ? /** @type {number} */ (value) : referenceId(value, field, idKey);
	if (id === null) return null;
	if (field === 'Ticket') {
		const ticket = env.ticket(id);
		if (!ticket) throw new HttpError(400, ARGUMENT, `Ticket with id ${id} does not exist.`);
		return { TicketId: ticket.TicketId, Title: ticket.Title };
	}
	return { [idKey]: id };
}

/**
 * Whether the stored value equals the test value (status by name or number, references by id).
 * @param {string} field
 * @param {unknown} current
 * @param {unknown} wanted
 */
function sameValue(field, current, wanted) {
	const kind = /** @type {Record<string, string>} */ (PATCHABLE)[field];
	if (kind === 'status') return resolveEnum(CHAT_SESSION_STATUS, wanted)?.name === current;
	if (kind === 'reference') {
		const idKey = idKeyOf(field);
		const currentId = isRecord(current)
			? /** @type {Record<string, unknown>} */ (current)[idKey]
			: null;
		if (wanted === null) return current === null;
		const id = positiveInt(wanted)
			? wanted
			: isRecord(wanted)
				? referenceId(wanted, field, idKey)
				: undefined;
		return id === currentId;
	}
	return JSON.stringify(current ?? '') === JSON.stringify(wanted ?? '');
}

/**
 * PATCH ChatSession/{id}: a JSON Patch document (`add`, `replace`, `remove`, `test`), paths
 * case-insensitive (`/status`, `/Ticket`, `/Ticket/TicketId`). All or nothing: the operations
 * are applied to a copy, a failed `test` answers 409 and nothing changes.
 * @param {ChatSessionEntity} session
 * @param {unknown} ops
 * @param {PatchEnv} env
 * @returns {ChatSessionEntity} the patched copy (the caller stores it)
 */
function patchChatSession(session, ops, env) {
	if (!Array.isArray(ops) || ops.length === 0)
		throw new HttpError(
			400,
			ARGUMENT,
			'The request body must be a JSON Patch document: a non-empty array of operations.',
		);
	const next = structuredClone(session);
	const patchable = Object.keys(PATCHABLE);
	for (const [index, raw] of ops.entries()) {
		if (!isRecord(raw)) throw new HttpError(400, ARGUMENT, `Operation ${index} must be an object.`);
		const op = /** @type {Record<string, unknown>} */ (raw);
		const verb = typeof op.op === 'string' ? op.op.toLowerCase() : '';
		if (!['add', 'replace', 'remove', 'test'].includes(verb))
			throw new HttpError(
				400,
				ARGUMENT,
				`Operation ${index}: op must be add, replace, remove or test, got ${JSON.stringify(op.op)}.`,
			);
		if (typeof op.path !== 'string' || !op.path.startsWith('/'))
			throw new HttpError(400, ARGUMENT, `Operation ${index}: path must start with "/".`);
		const segments = op.path.split('/').slice(1);
		const field = patchable.find((k) => k.toLowerCase() === segments[0].toLowerCase());
		const entityKey = Object.keys(next).find((k) => k.toLowerCase() === segments[0].toLowerCase());
		if (!field)
			throw new HttpError(
				400,
				ARGUMENT,
				entityKey
					? `Operation ${index}: ${entityKey} cannot be changed.`
					: `Operation ${index}: the path ${JSON.stringify(op.path)} is not a field of ChatSessionEntity.`,
			);
		const nested =
			segments.length === 2 &&
			PATCHABLE[/** @type {keyof typeof PATCHABLE} */ (field)] === 'reference' &&
			segments[1].toLowerCase() === idKeyOf(field).toLowerCase();
		if (segments.length > 1 && !nested)
			throw new HttpError(
				400,
				ARGUMENT,
				`Operation ${index}: the path ${JSON.stringify(op.path)} is not supported.`,
			);
		if (field === 'Ticket' && verb !== 'test' && !env.ticketLinkByPatch)
			throw new HttpError(400, ARGUMENT, `Operation ${index}: Ticket cannot be changed.`);
		const key = /** @type {keyof ChatSessionEntity} */ (field);
		if (verb === 'test') {
			if (!('value' in op))
				throw new HttpError(400, ARGUMENT, `Operation ${index}: test needs a value.`);
			const current = next[key];
			const holds = nested
				? (isRecord(current)
						? /** @type {Record<string, unknown>} */ (current)[idKeyOf(field)]
						: null) === op.value
				: sameValue(field, current, op.value);
			if (!holds)
				throw new HttpError(
					409,
					'ConflictException',
					`Test failed: ${field} is ${JSON.stringify(current)}, not ${JSON.stringify(op.value)}.`,
				);
			continue;
		}
		if (verb === 'remove') {
			if (field === 'Status')
				throw new HttpError(400, ARGUMENT, `Operation ${index}: Status cannot be removed.`);
			/** @type {Record<string, unknown>} */ (next)[key] =
				PATCHABLE[/** @type {keyof typeof PATCHABLE} */ (field)] === 'text' ? '' : null;
			continue;
		}
		if (!('value' in op))
			throw new HttpError(400, ARGUMENT, `Operation ${index}: ${verb} needs a value.`);
		/** @type {Record<string, unknown>} */ (next)[key] = fieldValue(field, op.value, env);
	}
	if (next.Status !== session.Status && ENDED_STATUSES.includes(next.Status) && !next.WhenEnded)
		next.WhenEnded = env.now;
	return next;
}

module.exports = {
	TicketDesk,
	chatTranscript,
	patchChatSession,
	TICKET_SECURITY_LEVEL,
	PATCHABLE,
};
