// @ts-check
'use strict';
/**
 * SO-TimeZone applied to answers, as SuperOffice does: `SO-TimeZone: <code>` writes the dates of
 * an answer as wall-clock time of that zone **without** an offset; `SO-TimeZone: <code>,
 * includeTZOffset` writes them in that zone **with** its offset. Without the header (or with a
 * code the sandbox does not know) dates stay as the sandbox writes them: its `timeZone`, with
 * offset.
 *
 * SuperOffice's codes are its own (`GET /api/v1/timezone` lists them), not IANA names; the
 * sandbox knows a few, below. Numeric time-zone ids are not modelled.
 */
const { offsetMinutes } = require('./dates');

/** SuperOffice time-zone code (upper case) → IANA zone. */
const SO_TIME_ZONES = Object.freeze({
	UTC: 'UTC',
	GMT: 'Europe/London',
	UK: 'Europe/London',
	NO: 'Europe/Oslo',
	SE: 'Europe/Stockholm',
	DK: 'Europe/Copenhagen',
	NL: 'Europe/Amsterdam',
	DE: 'Europe/Berlin',
	'US-NY': 'America/New_York',
	'US-CA': 'America/Los_Angeles',
	JP: 'Asia/Tokyo',
});

/**
 * What an SO-TimeZone header asks for: the IANA zone of its code (null: unknown or none) and
 * whether offsets are wanted (`, includeTZOffset`, any case).
 * @param {string | string[] | undefined} header
 * @returns {{ zone: string | null, includeOffset: boolean } | null} null = no header
 */
function parseSoTimeZone(header) {
	const value = Array.isArray(header) ? header.join(',') : header;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parts = value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	const includeOffset = parts.some((part) => part.toLowerCase() === 'includetzoffset');
	const code = parts.find((part) => part.toLowerCase() !== 'includetzoffset');
	const zone =
		code === undefined
			? null
			: (SO_TIME_ZONES[/** @type {keyof typeof SO_TIME_ZONES} */ (code.toUpperCase())] ?? null);
	return { zone, includeOffset };
}

const DATE_WITH_OFFSET =
	/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$/;
/** Keys whose values are dates: entity `When…` fields, archive `when…` and `…Date` columns. */
const DATE_KEY = /^when|date$/i;

/** @param {number} n @param {number} [w] */
const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * One SuperOffice date string rewritten for the zone; anything else unchanged.
 * @param {string} text
 * @param {string} zone
 * @param {boolean} includeOffset
 */
function rewriteDate(text, zone, includeOffset) {
	const m = DATE_WITH_OFFSET.exec(text);
	if (!m) return text;
	const [, y, mo, d, h, mi, s, fraction = '', tz] = m;
	let instant = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
	if (tz !== 'Z') {
		const sign = tz.startsWith('-') ? -1 : 1;
		instant -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
	}
	const off = offsetMinutes(instant, zone);
	const local = new Date(instant + off * 60_000);
	const wall =
		`${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
		`T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}`;
	if (!includeOffset) return wall;
	const abs = Math.abs(off);
	return `${wall}${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * @param {unknown} value
 * @param {string} zone
 * @param {boolean} includeOffset
 * @param {number} depth
 * @returns {unknown}
 */
function rewriteDates(value, zone, includeOffset, depth = 0) {
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value))
		return value.map((v) => rewriteDates(v, zone, includeOffset, depth + 1));
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const [key, v] of Object.entries(value)) {
		out[key] =
			typeof v === 'string' && DATE_KEY.test(key)
				? rewriteDate(v, zone, includeOffset)
				: rewriteDates(v, zone, includeOffset, depth + 1);
	}
	return out;
}

/**
 * A JSON reply body with its dates as SO-TimeZone asks; the body unchanged without the header,
 * for an unknown code, or when it is not JSON.
 * @param {string} body
 * @param {string | string[] | undefined} header
 */
function applySoTimeZone(body, header) {
	const wanted = parseSoTimeZone(header);
	if (!wanted || !wanted.zone) return body;
	let parsed;
	try {
		parsed = JSON.parse(body);
	} catch {
		return body;
	}
	return JSON.stringify(rewriteDates(parsed, wanted.zone, wanted.includeOffset));
}

module.exports = { SO_TIME_ZONES, parseSoTimeZone, applySoTimeZone, rewriteDate };
