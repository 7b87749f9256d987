/**
 * What makes a chat session an idle candidate, and which candidates a poll emits. Pure, so
 * every rule is unit-tested without SuperOffice.
 */
import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../shared/input/invalidInput';
import { wallClockToUtc } from '../shared/superoffice/archiveFilter';
import { ACTIVE_STATUSES, statusName } from '../shared/superoffice/statuses';

const MINUTE_MS = 60_000;
/** A remembered idle period whose session no poll has seen for this long is forgotten. */
export const FORGET_UNSEEN_MS = 24 * 60 * MINUTE_MS;
/** At most this many idle periods are remembered (the oldest WhenIdle goes first). */
export const MAX_REMEMBERED = 10_000;
/** A week: anything longer is a typo, not an idle time. */
export const MAX_IDLE_MINUTES = 10_080;

export interface IdleSettings {
	idleMinutes: number;
	botOnly: boolean;
	/** Empty: every topic. */
	topicIds: number[];
}

/**
 * What the node remembers between polls: which session it emitted for which idle period. An
 * idle period is remembered until its session shows another WhenIdle or is seen ended, or no
 * poll saw the session for a day; never forgotten because one poll missed it.
 */
export interface IdleMemory {
	/** The settings the memory belongs to; other settings start over. */
	settings: string;
	/** Session id → WhenIdle (epoch ms) of the idle period it was emitted for. */
	emitted: Record<string, number>;
	/** Session id → since when (epoch ms) no poll has seen it, for emitted sessions; absent when none. */
	missing?: Record<string, number>;
	/** Active sessions the last poll could not read (403), already reported; absent when none. */
	unreadable?: number[];
}

/** Idle Minutes as a number of minutes, or a clear error. */
export function parseIdleMinutes(value: unknown): number {
	const minutes = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (
		typeof minutes !== 'number' ||
		!Number.isFinite(minutes) ||
		minutes < 0 ||
		minutes > MAX_IDLE_MINUTES
	) {
		throw new InvalidInputError(
			`Idle Minutes must be a number from 0 to ${MAX_IDLE_MINUTES}, got ${JSON.stringify(value)}`,
			'Enter how many minutes a chat session must have been idle, e.g. 3.',
		);
	}
	return minutes;
}

/** Topic IDs are read as both triggers read them (see topics.ts). */
export { parseTopicIds } from '../shared/superoffice/topics';

// SuperOffice dates: 2015-06-16T17:37:38.2868649+02:00 (7 fraction digits). The offset is
// missing only when an SO-TimeZone without ", includeTZOffset" was sent, which this package
// never does (localeHeaders appends it); the fallback below is for a server that ignores it.
const SO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A SuperOffice date as epoch ms, or undefined when missing or unreadable. A date without
 * offset (not expected: offsets are always asked for) is read in `timeZone` (the workflow's),
 * as n8n reads such dates elsewhere.
 */
export function parseSoDate(value: unknown, timeZone?: string): number | undefined {
	if (typeof value !== 'string') return undefined;
	const parts = SO_DATE.exec(value.trim());
	if (!parts) return undefined;
	const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) =>
		Number(parts[index] ?? 0),
	);
	const millis = Math.floor(Number(`0.${parts[7] ?? 0}`) * 1000);
	const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	if (Number.isNaN(wallMs)) return undefined;
	const zone = parts[8];
	if (zone === undefined) return timeZone ? wallClockToUtc(wallMs, timeZone) : wallMs;
	if (zone === 'Z') return wallMs;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return wallMs - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * MINUTE_MS;
}

/** Status as its name: entities carry the name (taken as it is), some answers the enum's number. */
function statusOf(status: unknown): string | undefined {
	if (typeof status === 'string') return status;
	return typeof status === 'number' ? statusName(status) : undefined;
}

/**
 * A session in a conversation (Customer Last or User Last, never queued, closed or finished,
 * whatever its bot flag says), with the bot in charge when `botOnly`, in one of the topics,
 * idle longer than `idleMinutes` at `nowMs`. A missing or unreadable WhenIdle never matches.
 */
export function isIdleCandidate(
	session: IDataObject,
	settings: IdleSettings,
	nowMs: number,
	timeZone?: string,
): boolean {
	const status = statusOf(session.Status);
	if (status === undefined || !ACTIVE_STATUSES.includes(status)) return false;
	if (settings.botOnly && session.ChatbotIsActive !== true) return false;
	if (settings.topicIds.length > 0 && !settings.topicIds.includes(Number(session.TopicId)))
		return false;
	const whenIdle = parseSoDate(session.WhenIdle, timeZone);
	return whenIdle !== undefined && nowMs - whenIdle > settings.idleMinutes * MINUTE_MS;
}

/** JSON with the keys of every object sorted: equal data, equal text, whatever the key order. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * Whether two JSON values hold the same data (key order aside: a database may store the static
 * data's keys in another order than they were written).
 */
export function sameData(a: unknown, b: unknown): boolean {
	return canonicalJson(a) === canonicalJson(b);
}

/** The memory key of the settings (and the credential): another key means start over. */
export function settingsKey(settings: IdleSettings, credential: string): string {
	return JSON.stringify([credential, settings.idleMinutes, settings.botOnly, settings.topicIds]);
}

/** What this poll saw besides its candidates. */
export interface PollView {
	/** Every session the poll saw in full (candidates or not); default: the candidates. */
	seen?: IDataObject[];
	nowMs?: number;
}

/**
 * Of the current candidates, those not yet emitted for their current idle period, and the
 * memory to keep. A remembered idle period ends when its session is seen with another WhenIdle
 * or no longer in a conversation; a session no poll sees (a failed read, a short archive page,
 * paging shifted by a new session) stays remembered, and is forgotten after a day unseen.
 */
export function newlyIdle(
	candidates: IDataObject[],
	memory: IdleMemory | undefined,
	key: string,
	timeZone?: string,
	poll: PollView = {},
): { emit: IDataObject[]; memory: IdleMemory } {
	const nowMs = poll.nowMs ?? Date.now();
	const same = memory?.settings === key;
	const known =
		same && memory.emitted !== null && typeof memory.emitted === 'object' ? memory.emitted : {};
	const knownMissing = same && memory.missing ? memory.missing : {};
	const seen = new Map<string, IDataObject>();
	for (const session of poll.seen ?? candidates) seen.set(String(session.ChatSessionId), session);

	const emitted: Record<string, number> = {};
	const missing: Record<string, number> = {};
	for (const [id, whenIdle] of Object.entries(known)) {
		if (typeof whenIdle !== 'number' || !Number.isFinite(whenIdle)) continue;
		const session = seen.get(id);
		if (session === undefined) {
			const since = Number(knownMissing[id] ?? nowMs);
			if (!(nowMs - since > FORGET_UNSEEN_MS)) {
				emitted[id] = whenIdle;
				missing[id] = Number.isFinite(since) ? since : nowMs;
			}
			continue;
		}
		const status = statusOf(session.Status);
		const ended = status === undefined || !ACTIVE_STATUSES.includes(status);
		if (!ended && parseSoDate(session.WhenIdle, timeZone) === whenIdle) emitted[id] = whenIdle;
	}

	const emit: IDataObject[] = [];
	const emittedNow = new Set<string>();
	for (const session of candidates) {
		const id = String(session.ChatSessionId);
		const whenIdle = parseSoDate(session.WhenIdle, timeZone);
		if (whenIdle === undefined || emittedNow.has(id) || emitted[id] === whenIdle) continue;
		emitted[id] = whenIdle;
		delete missing[id];
		emittedNow.add(id);
		emit.push(session);
	}

	// Bounded: beyond MAX_REMEMBERED, the oldest idle periods are forgotten first.
	const ids = Object.keys(emitted);
	if (ids.length > MAX_REMEMBERED) {
		ids.sort((a, b) => emitted[a] - emitted[b]);
		for (const id of ids.slice(0, ids.length - MAX_REMEMBERED)) {
			delete emitted[id];
			delete missing[id];
		}
	}
	const kept: IdleMemory = { settings: key, emitted };
	if (Object.keys(missing).length > 0) kept.missing = missing;
	return { emit, memory: kept };
}
