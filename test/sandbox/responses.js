// @ts-check
'use strict';
/** Replies for injected faults: gateway/proxy errors, HTML pages, broken JSON. */
const { errorBody, htmlPage, JSON_TYPE, HTML_TYPE, TEXT_TYPE } = require('./http');
const { STATUS_CODES } = require('node:http');

/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./types').Fault} Fault */

/** ErrorType / message used in JSON bodies of status faults. */
const STATUS_ERRORS = /** @type {Record<number, [string, string]>} */ ({
	400: ['ArgumentException', 'Bad request (injected fault).'],
	401: ['UnauthorizedAccessException', 'Authentication failed (injected fault).'],
	403: ['SoAccessDeniedException', 'Access denied (injected fault).'],
	404: ['NotFoundException', 'Not found (injected fault).'],
	412: ['PreconditionFailedException', 'Precondition failed (injected fault).'],
	421: [
		'MisdirectedRequest',
		'Misdirected request: this tenant is served by another host (injected fault).',
	],
	429: ['TooManyRequests', 'Too many requests (injected fault).'],
	500: ['Exception', 'Internal server error (injected fault).'],
	502: ['BadGateway', 'Bad gateway (injected fault).'],
	503: [
		'ServiceUnavailable',
		'Service unavailable: the tenant is in maintenance (injected fault).',
	],
	504: ['GatewayTimeout', 'Gateway timeout (injected fault).'],
});

/** @param {number | string} v */
function retryAfterHeader(v) {
	if (typeof v === 'number') return String(Math.round(v));
	const m = /^date:\+(\d+)s$/.exec(v);
	if (m) return new Date(Date.now() + Number(m[1]) * 1000).toUTCString();
	return v; // literal value, passed through (lets tests send odd headers)
}

/**
 * @param {Extract<Fault, { type: 'status' }>} f
 * @returns {Reply}
 */
function statusFaultReply(f) {
	const reason = STATUS_CODES[f.status] ?? 'Error';
	/** @type {Record<string, string>} */
	const headers = {};
	if (f.retryAfter !== undefined) headers['Retry-After'] = retryAfterHeader(f.retryAfter);
	const [type, message] = STATUS_ERRORS[f.status] ?? ['Exception', `${reason} (injected fault).`];
	switch (f.body ?? 'json') {
		case 'html':
			return {
				status: f.status,
				body: htmlPage(f.status, reason, message),
				contentType: HTML_TYPE,
				headers,
			};
		case 'text':
			return { status: f.status, body: `${f.status} ${reason}`, contentType: TEXT_TYPE, headers };
		case 'empty':
			return { status: f.status, body: '', contentType: null, headers };
		default:
			return {
				status: f.status,
				body: JSON.stringify(errorBody(type, message, 'SuperOffice.Sandbox.Fault')),
				contentType: JSON_TYPE,
				headers,
			};
	}
}

/**
 * A page from a proxy / captive portal / maintenance banner instead of the API.
 * @param {number} status
 * @returns {Reply}
 */
function proxyHtmlReply(status) {
	const title = status === 200 ? 'Sign in' : (STATUS_CODES[status] ?? 'Error');
	const body =
		'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>' +
		title +
		'</title></head>\n<body><h1>' +
		title +
		'</h1><p>This page was served by a proxy in front of the API (injected fault).</p></body></html>\n';
	return { status, body, contentType: HTML_TYPE };
}

/**
 * Cut a JSON body in half (status 200, Content-Type JSON, complete HTTP message).
 * @param {Reply} reply
 * @returns {Reply}
 */
function truncatedJsonReply(reply) {
	const body =
		reply.body.length > 1 ? reply.body.slice(0, Math.floor(reply.body.length / 2)) : '{"Chat';
	return { status: 200, body, contentType: JSON_TYPE };
}

/** @returns {Reply} */
function malformedJsonReply() {
	return {
		status: 200,
		body: '{"ChatSessionId": 0, \'Status\': InQueue, "Extra": [1, 2,,] ',
		contentType: JSON_TYPE,
	};
}

module.exports = { statusFaultReply, proxyHtmlReply, truncatedJsonReply, malformedJsonReply };
