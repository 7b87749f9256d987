// @ts-check
'use strict';
/**
 * Small helpers for tests that talk to the sandbox (header builders, a fetch wrapper).
 * Test-side only; the sandbox itself does not use this file.
 */
const { SANDBOX_DEFAULTS } = require('./defaults');

/** @param {string} user @param {string} password */
function basicAuth(user, password) {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * The Authorization header for one of the default demo credentials.
 * @param {'basic' | 'soTicket' | 'bearer'} scheme
 */
function defaultAuthorization(scheme) {
	if (scheme === 'basic') return basicAuth(SANDBOX_DEFAULTS.username, SANDBOX_DEFAULTS.password);
	if (scheme === 'soTicket') return `SOTicket ${SANDBOX_DEFAULTS.ticket}`;
	return `Bearer ${SANDBOX_DEFAULTS.bearerToken}`;
}

/**
 * fetch() against `${apiUrl}${path}` with default Basic auth and Accept: application/json.
 * Returns status, headers, raw text and parsed JSON (undefined when the body is not JSON).
 * @param {string} apiUrl
 * @param {string} path
 * @param {{ method?: string, headers?: Record<string, string>, body?: unknown, signal?: AbortSignal }} [init]
 */
async function callApi(apiUrl, path, init = {}) {
	/** @type {Record<string, string>} */
	const headers = {
		authorization: defaultAuthorization('basic'),
		accept: 'application/json',
		...(init.headers ?? {}),
	};
	let body;
	if (init.body !== undefined) {
		body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
		if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
			headers['content-type'] = 'application/json';
	}
	for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
	const res = await fetch(`${apiUrl}${path}`, {
		method: init.method ?? 'GET',
		headers,
		body,
		signal: init.signal,
	});
	const text = await res.text();
	/** @type {any} */
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/**
 * A call to the sandbox's control API (`${controlUrl}${sub}`), JSON in and out: what tests use
 * to switch faults and state. `json` is undefined for an empty answer.
 * @param {string} controlUrl
 * @param {string} method
 * @param {string} sub e.g. '/faults'
 * @param {unknown} [body]
 * @returns {Promise<{ status: number, json: any }>}
 */
async function callControl(controlUrl, method, sub, body) {
	const res = await fetch(`${controlUrl}${sub}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

module.exports = { basicAuth, defaultAuthorization, callApi, callControl };
