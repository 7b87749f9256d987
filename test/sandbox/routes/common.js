// @ts-check
'use strict';
/** Helpers the API routes share: id parsing and standard errors. */
const { HttpError } = require('../http');

const NOT_FOUND = 'NotFoundException';
const ARGUMENT = 'ArgumentException';

/**
 * Parse an int32 path part; anything else (or ≤ 0) → 400.
 * @param {string} raw
 * @param {string} name
 */
function parseId(raw, name) {
	const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
	if (!/^\d{1,10}$/.test(raw))
		throw new HttpError(
			400,
			ARGUMENT,
			`The value '${shown}' is not valid for ${name}: expected a positive 32-bit integer.`,
		);
	const n = Number(raw);
	if (n < 1 || n > 2147483647)
		throw new HttpError(
			400,
			ARGUMENT,
			`The value '${shown}' is not valid for ${name}: expected a positive 32-bit integer.`,
		);
	return n;
}

/** @param {string} what @param {number} id */
function notFound(what, id) {
	return new HttpError(404, NOT_FOUND, `${what} with id ${id} not found`);
}

module.exports = { parseId, notFound, NOT_FOUND, ARGUMENT };
