// @ts-check
'use strict';
/**
 * SuperOffice-style date strings: ISO 8601 with a UTC offset and 7 fraction digits,
 * e.g. `2015-06-16T17:37:38.2868649+02:00`. Offsets follow an IANA time zone (default
 * Europe/Oslo, like the documentation samples' +01:00/+02:00).
 */

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/**
 * Offset of `timeZone` from UTC at instant `ms`, in minutes.
 * @param {number} ms
 * @param {string} timeZone
 */
function offsetMinutes(ms, timeZone) {
	// Offsets change on quarter-hour boundaries at most: cache per zone and 15-minute bucket.
	const key = `${timeZone}|${Math.floor(ms / 900000)}`;
	const cached = offsetCache.get(key);
	if (cached !== undefined) return cached;
	const value = computeOffset(ms, timeZone);
	if (offsetCache.size > 50000) offsetCache.clear();
	offsetCache.set(key, value);
	return value;
}

/** @type {Map<string, number>} */
const offsetCache = new Map();

/**
 * @param {number} ms
 * @param {string} timeZone
 */
function computeOffset(ms, timeZone) {
	let fmt = formatters.get(timeZone);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
		formatters.set(timeZone, fmt);
	}
	const part = fmt.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName');
	const m = part && /GMT([+-])(\d{2}):?(\d{2})?/.exec(part.value);
	if (!m) return 0; // "GMT" = UTC
	const sign = m[1] === '-' ? -1 : 1;
	return sign * (Number(m[2]) * 60 + Number(m[3] || 0));
}

/** @param {number} n @param {number} w */
const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * Format an instant as a SuperOffice date string.
 * @param {Date | number} date
 * @param {string} [timeZone] IANA zone, default Europe/Oslo
 * @param {number} [subMs] extra 1/10000 ms digits (0..9999) for the 7-digit fraction
 */
function formatSoDate(date, timeZone = 'Europe/Oslo', subMs = 0) {
	const ms = typeof date === 'number' ? date : date.getTime();
	if (!Number.isFinite(ms)) throw new TypeError('formatSoDate: invalid date');
	const whole = Math.floor(ms);
	const off = offsetMinutes(whole, timeZone);
	const local = new Date(whole + off * 60000);
	const ticks = (whole - Math.floor(whole / 1000) * 1000) * 10000 + (Math.floor(subMs) % 10000);
	const sign = off < 0 ? '-' : '+';
	const abs = Math.abs(off);
	return (
		`${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
		`T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
		`.${pad(ticks, 7)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
	);
}

const DATE_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parse an ISO 8601 date (date only, or date-time with up to 7 fraction digits, with or
 * without offset; no offset = UTC). Returns epoch milliseconds (with sub-ms fraction) or NaN.
 * @param {unknown} text
 */
function parseSoDate(text) {
	if (typeof text !== 'string') return NaN;
	const m = DATE_RE.exec(text.trim());
	if (!m) return NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
	const month = Number(mo);
	const day = Number(d);
	if (
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > 31 ||
		Number(h) > 23 ||
		Number(mi) > 59 ||
		Number(s) > 59
	) {
		return NaN;
	}
	let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s));
	if (Number(y) < 100) ms = new Date(ms).setUTCFullYear(Number(y));
	ms += Number(frac.padEnd(7, '0')) / 10000;
	if (tz && tz.toUpperCase() !== 'Z') {
		const sign = tz[0] === '-' ? -1 : 1;
		const digits = tz.slice(1).replace(':', '');
		const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
		ms -= sign * off * 60000;
	}
	return ms;
}

module.exports = { formatSoDate, parseSoDate, offsetMinutes };
