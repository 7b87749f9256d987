// @ts-check
'use strict';
/**
 * Faults that play a careless or hostile server's error pages:
 *
 * - `echo`: an error answer whose text repeats parts of the request (the Authorization header,
 *   the password inside it, the app token, the SessionKey of the session in the path, the
 *   `Secret` of a webhook being registered), in the encodings servers use (base64 without
 *   padding, URL-/form-encoded, whitespace collapsed, hex, JSON-escaped).
 *   Template `{part|filter|...}`; parts: authorization, credentials (the header value without
 *   its scheme word), user, password, appToken, sessionKey, secret; filters: url, form, base64,
 *   base64url, nopad, collapse, lower, hex, json.
 * - `embed-session`: the real answer, with the full entity of the chat session in the path
 *   (SessionKey included) embedded in every object of it as `ChatSession`, and its key once more
 *   deeper, lower-case, in a list (`Links: [{Rel, sessionkey}]`): a server whose messages or
 *   entities carry their session along.
 * - `hostile-page`: an HTML error page of `bytes` bytes made of `unit` repeated (default `<a`,
 *   the input that makes backtracking tag patterns take seconds).
 */
const { errorBody, HTML_TYPE, JSON_TYPE, TEXT_TYPE } = require('./http');

/** @typedef {import('./http').Reply} Reply */
/** @typedef {{ type: 'echo', status?: number, template: string, body?: 'json' | 'text' | 'html' }} EchoFault  status default 400, body default 'json' */
/** @typedef {{ type: 'hostile-page', status?: number, bytes?: number, unit?: string }} HostilePageFault  defaults: 500, 1 MiB, '<a' */
/** @typedef {{ type: 'embed-session' }} EmbedSessionFault */
/** @typedef {{ headers: Record<string, string | string[] | undefined>, sessionKey?: string | null, body?: unknown }} EchoSource */

const ECHO_PARTS = [
	'authorization',
	'credentials',
	'user',
	'password',
	'appToken',
	'sessionKey',
	'secret',
];
const ECHO_FILTERS = [
	'url',
	'form',
	'base64',
	'base64url',
	'nopad',
	'collapse',
	'lower',
	'hex',
	'json',
];
const PLACEHOLDER = /\{([A-Za-z]+)((?:\|[a-z0-9]+)*)\}/g;
/** A hostile page at most this big (the sandbox keeps it in memory). */
const MAX_HOSTILE_BYTES = 16 * 1024 * 1024;

/** @param {unknown} status @param {number} fallback */
function statusOf(status, fallback) {
	const value = status ?? fallback;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599)
		throw new TypeError('fault status must be an integer 100..599');
	return value;
}

/**
 * @param {Record<string, unknown>} f
 * @returns {EchoFault}
 */
function normalizeEchoFault(f) {
	if (typeof f.template !== 'string' || f.template === '')
		throw new TypeError('echo fault needs a template, e.g. "bad credentials {credentials|nopad}"');
	for (const [, part, filters] of f.template.matchAll(PLACEHOLDER)) {
		if (!ECHO_PARTS.includes(part))
			throw new TypeError(`echo fault: unknown part {${part}}; use ${ECHO_PARTS.join(', ')}`);
		for (const filter of filters.split('|').slice(1)) {
			if (!ECHO_FILTERS.includes(filter))
				throw new TypeError(
					`echo fault: unknown filter |${filter}; use ${ECHO_FILTERS.join(', ')}`,
				);
		}
	}
	const body = f.body ?? 'json';
	if (body !== 'json' && body !== 'text' && body !== 'html')
		throw new TypeError("echo fault body must be 'json', 'text' or 'html'");
	return { type: 'echo', status: statusOf(f.status, 400), template: f.template, body };
}

/**
 * @param {Record<string, unknown>} f
 * @returns {HostilePageFault}
 */
function normalizeHostilePageFault(f) {
	const bytes = f.bytes ?? 1024 * 1024;
	if (
		typeof bytes !== 'number' ||
		!Number.isInteger(bytes) ||
		bytes < 1 ||
		bytes > MAX_HOSTILE_BYTES
	) {
		throw new TypeError(`hostile-page fault bytes must be an integer 1..${MAX_HOSTILE_BYTES}`);
	}
	const unit = f.unit ?? '<a';
	if (typeof unit !== 'string' || unit === '')
		throw new TypeError('hostile-page fault unit must be a non-empty string');
	return { type: 'hostile-page', status: statusOf(f.status, 500), bytes, unit };
}

/** @param {string | string[] | undefined} value */
function single(value) {
	return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/**
 * @param {string} part
 * @param {EchoSource} source
 */
function partValue(part, source) {
	const authorization = single(source.headers.authorization);
	const credentials = authorization.replace(/^\S+\s+/, '');
	const basic = /^basic$/i.test(authorization.split(' ')[0])
		? Buffer.from(credentials, 'base64').toString('utf8')
		: '';
	const colon = basic.indexOf(':');
	switch (part) {
		case 'authorization':
			return authorization;
		case 'credentials':
			return credentials;
		case 'user':
			return colon === -1 ? '' : basic.slice(0, colon);
		case 'password':
			return colon === -1 ? '' : basic.slice(colon + 1);
		case 'appToken':
			return single(source.headers['so-apptoken']);
		case 'secret':
			return secretIn(source.body);
		default:
			return source.sessionKey ?? '';
	}
}

/**
 * The `Secret` of a JSON request body (a webhook being registered or changed), any casing.
 * @param {unknown} body
 */
function secretIn(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return '';
	const record = /** @type {Record<string, unknown>} */ (body);
	const key = Object.keys(record).find((k) => k.toLowerCase() === 'secret');
	const value = key === undefined ? undefined : record[key];
	return typeof value === 'string' ? value : '';
}

/** @param {string} value @param {string} filter */
function applyFilter(value, filter) {
	switch (filter) {
		case 'url':
			return encodeURIComponent(value);
		case 'form':
			return new URLSearchParams({ v: value }).toString().slice(2);
		case 'base64':
			return Buffer.from(value, 'utf8').toString('base64');
		case 'base64url':
			return Buffer.from(value, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
		case 'hex':
			return Buffer.from(value, 'utf8').toString('hex');
		case 'json':
			return JSON.stringify(value).slice(1, -1);
		case 'nopad':
			return value.replace(/=+$/, '');
		case 'collapse':
			return value.replace(/\s+/g, ' ');
		default:
			return value.toLowerCase();
	}
}

/**
 * @param {EchoFault} fault
 * @param {EchoSource} source
 * @returns {Reply}
 */
function echoFaultReply(fault, source) {
	const text = fault.template.replace(
		PLACEHOLDER,
		(_whole, /** @type {string} */ part, /** @type {string} */ filters) =>
			filters
				.split('|')
				.slice(1)
				.reduce(
					(/** @type {string} */ value, /** @type {string} */ filter) => applyFilter(value, filter),
					partValue(part, source),
				),
	);
	const status = fault.status ?? 400;
	switch (fault.body) {
		case 'text':
			return { status, body: text, contentType: TEXT_TYPE };
		case 'html':
			return {
				status,
				body: `<html><head><title>${text}</title></head><body><p>${text}</p></body></html>`,
				contentType: HTML_TYPE,
			};
		default:
			return {
				status,
				body: JSON.stringify(errorBody('EchoException', text, 'SuperOffice.Sandbox.Fault')),
				contentType: JSON_TYPE,
			};
	}
}

/**
 * The reply with `session` (a full entity, SessionKey included) embedded in every object of a
 * JSON answer: the object itself, or each object of a list or of an OData page's `value`.
 * Error replies and non-JSON bodies pass unchanged.
 * @param {Reply} reply
 * @param {Record<string, unknown> | null | undefined} session
 * @returns {Reply}
 */
function embedSessionReply(reply, session) {
	if (!session || reply.status < 200 || reply.status > 299) return reply;
	let value;
	try {
		value = JSON.parse(reply.body);
	} catch {
		return reply;
	}
	/** @param {unknown} item */
	const embed = (item) =>
		item && typeof item === 'object' && !Array.isArray(item)
			? {
					...item,
					ChatSession: structuredClone(session),
					Links: [{ Rel: 'session', sessionkey: session.SessionKey }],
				}
			: item;
	let out;
	if (Array.isArray(value)) out = value.map(embed);
	else if (value && typeof value === 'object' && Array.isArray(value.value))
		out = { ...value, value: value.value.map(embed) };
	else out = embed(value);
	return { ...reply, body: JSON.stringify(out) };
}

/**
 * @param {HostilePageFault} fault
 * @returns {Reply}
 */
function hostilePageReply(fault) {
	const unit = fault.unit ?? '<a';
	const bytes = fault.bytes ?? 1024 * 1024;
	const body = unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))).slice(0, bytes);
	return { status: fault.status ?? 500, body, contentType: HTML_TYPE };
}

module.exports = {
	normalizeEchoFault,
	normalizeHostilePageFault,
	echoFaultReply,
	embedSessionReply,
	hostilePageReply,
};
