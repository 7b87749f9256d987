// @ts-check
'use strict';
/**
 * The request log: what every client sent (headers exactly as received, including
 * Authorization and SO-AppToken, so tests can prove what went over the wire). It lives in
 * memory and is served by GET /__sandbox/requests; nothing here is ever printed.
 */

/** @typedef {import('./types').RecordedRequest} RecordedRequest */

class RequestLog {
	constructor() {
		/** @type {RecordedRequest[]} */
		this.entries = [];
		this.seq = 0;
	}

	/**
	 * @param {{ method: string, path: string, apiPath: string | null, query: Record<string, string | string[]>, url: string, headers: import('node:http').IncomingHttpHeaders }} r
	 * @returns {RecordedRequest}
	 */
	start(r) {
		/** @type {RecordedRequest} */
		const rec = {
			seq: ++this.seq,
			method: r.method,
			path: r.path,
			apiPath: r.apiPath,
			query: r.query,
			url: r.url,
			headers: { ...r.headers },
			body: undefined,
			startedAt: Date.now(),
			endedAt: null,
			status: null,
		};
		this.entries.push(rec);
		return rec;
	}

	/** Empty the log in place (sequence numbers keep counting). */
	clear() {
		this.entries.length = 0;
	}

	/**
	 * @param {string | undefined} method '*' or undefined = any
	 * @param {RegExp | string} [pathRegex] tested against the full path (without query)
	 */
	filter(method, pathRegex) {
		const re =
			pathRegex === undefined
				? undefined
				: typeof pathRegex === 'string'
					? new RegExp(pathRegex)
					: pathRegex;
		return this.entries.filter((e) => {
			if (method && method !== '*' && e.method !== method.toUpperCase()) return false;
			if (re) {
				re.lastIndex = 0;
				return re.test(e.path);
			}
			return true;
		});
	}
}

/**
 * URLSearchParams → object (repeated keys become arrays).
 * @param {URLSearchParams} params
 */
function queryObject(params) {
	/** @type {Record<string, string | string[]>} */
	const out = {};
	for (const [k, v] of params) {
		const prev = out[k];
		if (prev === undefined) out[k] = v;
		else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
	}
	return out;
}

module.exports = { RequestLog, queryObject };
