// @ts-check
'use strict';
/**
 * Response shapes: JSON bodies, SuperOffice error bodies, IIS/proxy-like HTML pages,
 * and reading request bodies.
 */

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** @typedef {{ status: number, body: string, contentType: string | null, headers?: Record<string, string> }} Reply */

/** An error a route throws to answer with a SuperOffice error body. */
class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {string} errorType e.g. 'ArgumentException'
	 * @param {string} message
	 * @param {Record<string, string>} [headers]
	 */
	constructor(status, errorType, message, headers) {
		super(message);
		this.status = status;
		this.errorType = errorType;
		this.headers = headers;
	}
}

/**
 * @param {string} errorType
 * @param {string} message
 * @param {string} [source]
 */
function errorBody(errorType, message, source = 'SuperOffice.Sandbox') {
	return { Error: true, ErrorType: errorType, Message: message, ErrorSource: source };
}

/**
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
function jsonReply(status, value, headers) {
	return {
		status,
		body: JSON.stringify(value === undefined ? null : value),
		contentType: JSON_TYPE,
		headers,
	};
}

/**
 * @param {number} status
 * @param {string} errorType
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
function errorReply(status, errorType, message, headers) {
	return jsonReply(status, errorBody(errorType, message), headers);
}

/** @param {number} status @param {string} title @param {string} detail */
function htmlPage(status, title, detail) {
	return (
		'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n' +
		'<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n' +
		`<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>\n<title>${status} - ${title}</title>\n` +
		'</head>\n<body>\n<div id="header"><h1>Server Error</h1></div>\n<div id="content">\n' +
		`<div class="content-container"><fieldset>\n<h2>${status} - ${title}</h2>\n<h3>${detail}</h3>\n` +
		'</fieldset></div>\n</div>\n</body>\n</html>\n'
	);
}

/** The page IIS shows for a path that is not an application route. */
function iisNotFoundReply() {
	return {
		status: 404,
		body: htmlPage(
			404,
			'File or directory not found.',
			'The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.',
		),
		contentType: HTML_TYPE,
	};
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit bytes
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () =>
			tooLarge
				? reject(new HttpError(413, 'ArgumentException', `Request body larger than ${limit} bytes`))
				: resolve(Buffer.concat(chunks)),
		);
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('request aborted')));
	});
}

/**
 * Parse a body for the log and the routes: JSON when it parses, else the raw string,
 * undefined when empty.
 * @param {Buffer} buf
 * @returns {{ value: unknown, json: boolean }}
 */
function parseBody(buf) {
	if (buf.length === 0) return { value: undefined, json: false };
	const text = buf.toString('utf8');
	try {
		return { value: JSON.parse(text), json: true };
	} catch {
		return { value: text, json: false };
	}
}

module.exports = {
	JSON_TYPE,
	HTML_TYPE,
	TEXT_TYPE,
	HttpError,
	errorBody,
	jsonReply,
	errorReply,
	htmlPage,
	iisNotFoundReply,
	readBody,
	parseBody,
};
