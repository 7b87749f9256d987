// @ts-check
'use strict';
/**
 * Faults of a hostile or broken server: redirects (to any host), raw bodies with any status,
 * bodies trickled byte by byte, oversized bodies, broken gzip, and answers of the wrong shape
 * (`reshape`: an entity wrapped in an OData page, a page whose value is no list, an object that
 * is no entity). They live apart from the
 * basic faults (faults.js) so each family can grow on its own; faults.js validates them
 * through `normalizeHostileFault` and server.js sends them through the functions below.
 */

/** @typedef {import('./types').HostileFault} HostileFault */
/** @typedef {import('./http').Reply} Reply */

const HOSTILE_FAULT_TYPES = ['redirect', 'raw', 'trickle', 'oversize', 'broken-gzip', 'reshape'];
/** What `reshape` turns a success into. */
const RESHAPE_MODES = ['page', 'value-text', 'object'];
const REDIRECT_STATUSES = [300, 301, 302, 303, 307, 308];
/** Upper bound of an oversized body (the sandbox builds it in memory). */
const MAX_OVERSIZE_BYTES = 64 * 1024 * 1024;

/** @param {unknown} status @param {string} what @param {number} [fallback] */
function httpStatus(status, what, fallback) {
	const value = status ?? fallback;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
		throw new TypeError(`${what} needs an integer status 100..599`);
	}
	return value;
}

/** @param {unknown} v @param {string} what @param {number} min */
function atLeast(v, what, min) {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
		throw new TypeError(`${what} must be an integer of at least ${min}`);
	return v;
}

/**
 * The validated fault, or undefined when `f.type` is not one of this family.
 * @param {Record<string, unknown>} f
 * @returns {HostileFault | undefined}
 */
function normalizeHostileFault(f) {
	switch (f.type) {
		case 'redirect': {
			const status = httpStatus(f.status, 'redirect fault', 302);
			if (!REDIRECT_STATUSES.includes(status))
				throw new TypeError(`redirect fault status must be one of ${REDIRECT_STATUSES.join(', ')}`);
			if (f.location !== undefined && typeof f.location !== 'string')
				throw new TypeError('redirect fault location must be a string (absolute or relative URL)');
			return {
				type: 'redirect',
				status,
				...(f.location !== undefined ? { location: f.location } : {}),
			};
		}
		case 'raw': {
			const status = httpStatus(f.status, 'raw fault', 200);
			if (typeof (f.body ?? '') !== 'string')
				throw new TypeError('raw fault body must be a string (sent as-is)');
			if (f.contentType !== undefined && typeof f.contentType !== 'string')
				throw new TypeError('raw fault contentType must be a string');
			return {
				type: 'raw',
				status,
				body: /** @type {string} */ (f.body ?? ''),
				...(f.contentType !== undefined ? { contentType: f.contentType } : {}),
			};
		}
		case 'trickle': {
			const intervalMs = atLeast(f.intervalMs, 'trickle fault intervalMs', 1);
			const bytes = f.bytes === undefined ? 1 : atLeast(f.bytes, 'trickle fault bytes', 1);
			return { type: 'trickle', intervalMs, bytes };
		}
		case 'oversize': {
			const status = httpStatus(f.status, 'oversize fault', 200);
			const bytes = atLeast(f.bytes, 'oversize fault bytes', 64);
			if (bytes > MAX_OVERSIZE_BYTES)
				throw new TypeError(`oversize fault bytes must be at most ${MAX_OVERSIZE_BYTES}`);
			return { type: 'oversize', status, bytes };
		}
		case 'broken-gzip':
			return { type: 'broken-gzip', status: httpStatus(f.status, 'broken-gzip fault', 200) };
		case 'reshape': {
			if (typeof f.as !== 'string' || !RESHAPE_MODES.includes(f.as))
				throw new TypeError(`reshape fault 'as' must be one of ${RESHAPE_MODES.join(', ')}`);
			return { type: 'reshape', as: /** @type {'page' | 'value-text' | 'object'} */ (f.as) };
		}
		default:
			return undefined;
	}
}

/**
 * @param {import('./types').Fault | undefined} fault
 * @returns {fault is Exclude<HostileFault, { type: 'trickle' | 'reshape' }>}
 */
function isReplacingHostileFault(fault) {
	return fault !== undefined && ['redirect', 'raw', 'oversize', 'broken-gzip'].includes(fault.type);
}

/**
 * A body of exactly `bytes` bytes: a JSON object for a success (valid, so only a size limit
 * can refuse it), an HTML page for an error status.
 * @param {number} status @param {number} bytes
 */
function oversizeBody(status, bytes) {
	if (status < 400) {
		const head = '{"ChatSessionId":903,"Padding":"';
		return `${head}${'a'.repeat(bytes - head.length - 2)}"}`;
	}
	const head = `<html><head><title>${status} - Oversized error page</title></head><body><!--`;
	const tail = '--></body></html>';
	return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`;
}

/**
 * Sends a fault that replaces the answer (the request is not processed).
 * @param {import('node:http').ServerResponse} res
 * @param {Exclude<HostileFault, { type: 'trickle' }>} fault
 */
function sendHostileFault(res, fault) {
	if (res.destroyed || res.headersSent) return;
	switch (fault.type) {
		case 'redirect': {
			/** @type {Record<string, string>} */
			const headers = { 'Content-Length': '0' };
			if (fault.location !== undefined) headers.Location = fault.location;
			res.writeHead(fault.status ?? 302, headers);
			res.end();
			return;
		}
		case 'raw': {
			const status = fault.status ?? 200;
			const body = fault.body ?? '';
			const noBody = status === 204 || status === 304 || status < 200;
			/** @type {Record<string, string | number>} */
			const headers = { 'Content-Type': fault.contentType ?? 'application/json; charset=utf-8' };
			if (!noBody) headers['Content-Length'] = Buffer.byteLength(body);
			res.writeHead(status, headers);
			res.end(noBody ? undefined : body);
			return;
		}
		case 'oversize': {
			const status = fault.status ?? 200;
			const body = oversizeBody(status, fault.bytes);
			const contentType = status < 400 ? 'application/json; charset=utf-8' : 'text/html';
			res.writeHead(status, {
				'Content-Type': contentType,
				'Content-Length': Buffer.byteLength(body),
			});
			res.end(body);
			return;
		}
		case 'broken-gzip': {
			// A gzip header followed by bytes no inflater accepts.
			const body = Buffer.concat([
				Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]),
				Buffer.from('this is not deflate data', 'latin1'),
			]);
			res.writeHead(fault.status ?? 200, {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Encoding': 'gzip',
				'Content-Length': body.length,
			});
			res.end(body);
			return;
		}
		default:
	}
}

/**
 * Sends the real answer with its full Content-Length, but `bytes` bytes every `intervalMs`:
 * a server (or proxy) that keeps the connection busy without ever finishing. Stops when the
 * client goes away or the sandbox closes.
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {{ intervalMs: number, bytes?: number }} fault
 * @param {(ms: number) => Promise<void>} delay
 * @param {() => boolean} isClosing
 */
async function trickleReply(res, reply, fault, delay, isClosing) {
	if (res.destroyed || res.headersSent) return;
	const body = Buffer.from(reply.body, 'utf8');
	/** @type {Record<string, string | number>} */
	const headers = { ...(reply.headers ?? {}), 'Content-Length': body.length };
	if (reply.contentType) headers['Content-Type'] = reply.contentType;
	res.writeHead(reply.status, headers);
	res.flushHeaders();
	const step = fault.bytes ?? 1;
	for (let offset = 0; offset < body.length; offset += step) {
		if (offset > 0) await delay(fault.intervalMs);
		if (res.destroyed || isClosing()) {
			res.destroy();
			return;
		}
		res.write(body.subarray(offset, offset + step));
	}
	res.end();
}

/**
 * A success in the wrong shape (the state change happened): `page` wraps the real answer in an
 * OData page (`{"value": [entity]}`, a list as its rows), `value-text` answers a page whose value
 * is a text (`{"value": "not a list"}`), `object` answers an object that is no entity
 * (`{"Success": true}`). Error replies pass unchanged.
 * @param {Reply} reply
 * @param {{ as: 'page' | 'value-text' | 'object' }} fault
 * @returns {Reply}
 */
function reshapeReply(reply, fault) {
	if (reply.status < 200 || reply.status > 299) return reply;
	let value;
	try {
		value = JSON.parse(reply.body);
	} catch {
		value = null;
	}
	const reshaped =
		fault.as === 'page'
			? { value: Array.isArray(value) ? value : [value] }
			: fault.as === 'value-text'
				? { value: 'not a list' }
				: { Success: true };
	return { ...reply, status: 200, body: JSON.stringify(reshaped) };
}

module.exports = {
	HOSTILE_FAULT_TYPES,
	reshapeReply,
	normalizeHostileFault,
	isReplacingHostileFault,
	sendHostileFault,
	trickleReply,
	oversizeBody,
};
