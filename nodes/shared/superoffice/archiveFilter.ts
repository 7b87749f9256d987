/**
 * Builds the OData `$filter` for the ChatSession archive from the Get Many filters.
 * Pure, so each filter's text is unit-tested.
 */
import { InvalidInputError } from '../input/invalidInput';
import { describeValue, parsePositiveInt32 } from '../input/values';
import { ACTIVE_STATUSES, CHAT_SESSION_STATUSES } from './statuses';

export interface ChatSessionFilters {
	status?: string[];
	topicId?: number | string;
	/** Any of these topics (the Idle Chat Trigger's topic list). */
	topicIds?: Array<number | string>;
	requestedAfter?: string;
	requestedBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
	/** Advanced: raw OData, ANDed with the rest. */
	rawFilter?: string;
}

function expandStatuses(selected: string[]): string[] {
	const names = new Set<string>();
	for (const value of selected) {
		for (const name of value === 'active' ? ACTIVE_STATUSES : [value]) {
			if (!(name in CHAT_SESSION_STATUSES)) {
				throw new InvalidInputError(`Unknown chat session status ${JSON.stringify(name)}`);
			}
			names.add(name);
		}
	}
	return [...names];
}

/**
 * Epoch ms of a UTC calendar date and time. Unlike Date.UTC, years 0-99 stay what they are
 * (Date.UTC(50, 0, 1) is 1950).
 */
function utcMs(
	year: number,
	month: number,
	day: number,
	hour = 0,
	minute = 0,
	second = 0,
	ms = 0,
): number {
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(hour, minute, second, ms);
	return date.getTime();
}

// ISO 8601 date or date-time, optionally with seconds, fraction and zone.
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** How far `timeZone` is ahead of UTC at the instant `instantMs`, in milliseconds. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		era: 'short',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(instantMs));
	const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
	// Year 0 is "1 BC" in the formatter's calendar.
	const bc = parts.find((part) => part.type === 'era')?.value === 'BC';
	const asUtc = utcMs(
		bc ? 1 - get('year') : get('year'),
		get('month'),
		get('day'),
		get('hour'),
		get('minute'),
		get('second'),
	);
	return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** A wall-clock time in `timeZone` as a UTC instant (two passes settle DST edges). */
export function wallClockToUtc(wallMs: number, timeZone: string): number {
	const first = wallMs - zoneOffsetMs(wallMs, timeZone);
	return wallMs - zoneOffsetMs(first, timeZone);
}

/** Text of a date filter value: n8n's date picker gives text, expressions may give a Luxon DateTime or a Date. */
function dateText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim();
	if (value instanceof Date) return value.toISOString();
	const toISO = (value as { toISO?: () => string | null } | null)?.toISO;
	return typeof toISO === 'function' ? (toISO.call(value) ?? undefined) : undefined;
}

/**
 * An ISO date-time for OData, or a clear error naming the filter. A value without offset
 * (what n8n's date picker gives) is read in the workflow's time zone, as n8n's own nodes do.
 */
function isoDate(value: unknown, label: string, timeZone?: string): string {
	const text = dateText(value) ?? '';
	const parts = ISO_DATE.exec(text);
	const [year, month, day, hour, minute, second] = parts
		? [1, 2, 3, 4, 5, 6].map((index) => Number(parts[index] ?? 0))
		: [0, 0, 0, 0, 0, 0];
	const wallMs = utcMs(
		year,
		month,
		day,
		hour,
		minute,
		second,
		Number(`0.${parts?.[7] ?? 0}`) * 1000,
	);
	const hasZone = parts?.[8] !== undefined;
	const time = !parts
		? Number.NaN
		: hasZone
			? Date.parse(text.replace(' ', 'T'))
			: timeZone
				? wallClockToUtc(wallMs, timeZone)
				: Date.parse(text.replace(' ', 'T'));
	// Refuse what Date.parse would roll over (30 February becomes 2 March).
	const calendar = new Date(utcMs(year, month, day));
	if (
		!parts ||
		Number.isNaN(time) ||
		hour > 23 ||
		minute > 59 ||
		second > 59 ||
		calendar.getUTCMonth() !== month - 1 ||
		calendar.getUTCDate() !== day
	) {
		throw new InvalidInputError(
			`${label} is not a valid date: ${JSON.stringify(value)}`,
			'Use the date picker or an ISO 8601 date such as 2026-01-31T10:00:00Z.',
		);
	}
	// Seconds precision in UTC: SuperOffice compares on whole seconds anyway.
	return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function dateClause(
	column: string,
	operator: 'after' | 'before',
	value: unknown,
	label: string,
	timeZone?: string,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return `${column} ${operator} '${isoDate(value, label, timeZone)}'`;
}

/**
 * Why a raw OData filter could change the meaning of the filters around it, or undefined when
 * it cannot: every parenthesis outside a quoted literal ('it''s' escapes a quote) must close
 * one opened before it, and every literal must end.
 */
function rawFilterProblem(raw: string): string | undefined {
	let depth = 0;
	let literalStart = -1;
	for (let index = 0; index < raw.length; index++) {
		const char = raw[index];
		if (literalStart >= 0) {
			if (char !== "'") continue;
			if (raw[index + 1] === "'") index++;
			else literalStart = -1;
		} else if (char === "'") {
			literalStart = index;
		} else if (char === '(') {
			depth++;
		} else if (char === ')') {
			if (depth === 0)
				return `the ")" at position ${index + 1} closes a parenthesis that was never opened`;
			depth--;
		}
	}
	if (literalStart >= 0)
		return `the quoted text starting at position ${literalStart + 1} never ends`;
	if (depth > 0) return `${depth} "(" ${depth === 1 ? 'is' : 'are'} never closed`;
	return undefined;
}

/** The raw filter, trimmed; refused before any request when it could escape its parentheses. */
function checkedRawFilter(rawFilter: unknown): string | undefined {
	if (rawFilter === undefined || rawFilter === null) return undefined;
	if (typeof rawFilter !== 'string') {
		const shown =
			typeof rawFilter === 'object'
				? Array.isArray(rawFilter)
					? 'a list'
					: 'an object'
				: describeValue(rawFilter);
		throw new InvalidInputError(`Advanced Filter (OData) must be text, got ${shown}`);
	}
	const raw = rawFilter.trim();
	if (raw === '') return undefined;
	const problem = rawFilterProblem(raw);
	if (problem) {
		throw new InvalidInputError(
			`Advanced Filter (OData) ${describeValue(raw)} is not balanced: ${problem}`,
			'Every "(" needs its ")" and every quoted text its closing \' (write \'\' for a quote inside text). The filter is combined with the other filters and must not change their meaning.',
		);
	}
	return raw;
}

/**
 * Status is sent as the enum's numeric value: the archive's status column is an enum list,
 * and numbers need no translation whatever the session language is.
 */
export function buildChatSessionFilter(
	filters: ChatSessionFilters,
	timeZone?: string,
): string | undefined {
	const clauses: string[] = [];

	const statuses = expandStatuses(filters.status ?? []);
	if (statuses.length === 1) clauses.push(`status eq ${CHAT_SESSION_STATUSES[statuses[0]]}`);
	if (statuses.length > 1) {
		clauses.push(
			`(${statuses.map((name) => `status eq ${CHAT_SESSION_STATUSES[name]}`).join(' or ')})`,
		);
	}

	if (filters.topicId !== undefined && filters.topicId !== '' && filters.topicId !== 0) {
		clauses.push(`chatTopic/chatTopicId eq ${parsePositiveInt32(filters.topicId, 'Topic ID')}`);
	}

	const topicIds = [
		...new Set((filters.topicIds ?? []).map((id) => parsePositiveInt32(id, 'Topic ID'))),
	];
	if (topicIds.length === 1) clauses.push(`chatTopic/chatTopicId eq ${topicIds[0]}`);
	if (topicIds.length > 1)
		clauses.push(`(${topicIds.map((id) => `chatTopic/chatTopicId eq ${id}`).join(' or ')})`);

	for (const clause of [
		dateClause('whenRequested', 'after', filters.requestedAfter, 'Requested After', timeZone),
		dateClause('whenRequested', 'before', filters.requestedBefore, 'Requested Before', timeZone),
		dateClause('updatedDate', 'after', filters.updatedAfter, 'Updated After', timeZone),
		dateClause('updatedDate', 'before', filters.updatedBefore, 'Updated Before', timeZone),
	]) {
		if (clause) clauses.push(clause);
	}

	// Balanced, so inside its own parentheses an "or" in it cannot widen the other filters.
	const raw = checkedRawFilter(filters.rawFilter);
	if (raw) clauses.push(clauses.length > 0 ? `(${raw})` : raw);

	return clauses.length > 0 ? clauses.join(' and ') : undefined;
}
