import type { IDataObject } from 'n8n-workflow';

import {
	isIdleCandidate,
	MAX_REMEMBERED,
	newlyIdle,
	parseIdleMinutes,
	parseSoDate,
	parseTopicIds,
	settingsKey,
} from '../../nodes/SuperOfficeIdleChatTrigger/idleSessions';
import type { IdleSettings } from '../../nodes/SuperOfficeIdleChatTrigger/idleSessions';
import { InvalidInputError } from '../../nodes/shared/input/invalidInput';

const NOW = Date.parse('2026-11-23T20:00:00Z');
const MINUTE = 60_000;
const DEFAULTS: IdleSettings = { idleMinutes: 3, botOnly: true, topicIds: [] };

/** A SuperOffice date string `minutes` before NOW, with a +01:00 offset and 7 fraction digits. */
function idleSince(minutes: number): string {
	const local = new Date(NOW - minutes * MINUTE + 60 * MINUTE).toISOString().replace('Z', '');
	return `${local.replace(/\.(\d{3})$/, '.$10000')}+01:00`;
}

function session(overrides: IDataObject = {}): IDataObject {
	return {
		ChatSessionId: 901,
		TopicId: 2,
		Status: 'CustomerLast',
		ChatbotIsActive: true,
		WhenIdle: idleSince(10),
		...overrides,
	};
}

describe('parseSoDate', () => {
	it.each([
		['2015-06-16T17:37:38.2868649+02:00', Date.parse('2015-06-16T15:37:38.286Z')],
		['2015-06-16T17:37:38+02:00', Date.parse('2015-06-16T15:37:38Z')],
		['2015-06-16T17:37:38.5-05:30', Date.parse('2015-06-16T23:07:38.500Z')],
		['2015-06-16T17:37:38Z', Date.parse('2015-06-16T17:37:38Z')],
		['2015-06-16T17:37:38.1234567+0200', Date.parse('2015-06-16T15:37:38.123Z')],
	])('%s', (text, expected) => {
		expect(parseSoDate(text)).toBe(expected);
	});

	it('reads a date without offset in the given time zone (SO-TimeZone without includeTZOffset)', () => {
		expect(parseSoDate('2026-07-01T12:00:00.0000000', 'Europe/Oslo')).toBe(
			Date.parse('2026-07-01T10:00:00Z'),
		);
		expect(parseSoDate('2026-01-01T12:00:00', 'America/New_York')).toBe(
			Date.parse('2026-01-01T17:00:00Z'),
		);
		expect(parseSoDate('2026-01-01T12:00:00')).toBe(Date.parse('2026-01-01T12:00:00Z'));
	});

	it.each([null, undefined, '', 'yesterday', '2026-13-45', 42, '2026-01-01'])(
		'%p is unreadable',
		(value) => {
			expect(parseSoDate(value)).toBeUndefined();
		},
	);
});

describe('isIdleCandidate', () => {
	it('an active bot session idle longer than the minutes is a candidate, in both active statuses', () => {
		expect(isIdleCandidate(session(), DEFAULTS, NOW)).toBe(true);
		expect(isIdleCandidate(session({ Status: 'UserLast' }), DEFAULTS, NOW)).toBe(true);
		expect(isIdleCandidate(session({ Status: 6 }), DEFAULTS, NOW)).toBe(true);
	});

	it.each([
		'InQueue',
		'Closed',
		'Finished',
		'ClosedFromQueue',
		'OfflineForm',
		'PreChatForm',
		'RequestPosted',
		'Deleted',
		4,
		9,
		null,
		undefined,
	])('status %p is never a candidate, even with the bot flag on and idle for an hour', (status) => {
		expect(
			isIdleCandidate(session({ Status: status, WhenIdle: idleSince(60) }), DEFAULTS, NOW),
		).toBe(false);
		expect(
			isIdleCandidate(
				session({ Status: status, WhenIdle: idleSince(60) }),
				{ ...DEFAULTS, botOnly: false },
				NOW,
			),
		).toBe(false);
	});

	it('idle exactly the minutes or less is not yet; a second more is', () => {
		expect(isIdleCandidate(session({ WhenIdle: idleSince(3) }), DEFAULTS, NOW)).toBe(false);
		expect(isIdleCandidate(session({ WhenIdle: idleSince(2.9) }), DEFAULTS, NOW)).toBe(false);
		expect(isIdleCandidate(session({ WhenIdle: idleSince(3 + 1 / 60) }), DEFAULTS, NOW)).toBe(true);
		expect(
			isIdleCandidate(session({ WhenIdle: idleSince(0.5) }), { ...DEFAULTS, idleMinutes: 0 }, NOW),
		).toBe(true);
	});

	it('botOnly: a human-handled session counts only with the switch off; the flag must be the boolean true', () => {
		expect(isIdleCandidate(session({ ChatbotIsActive: false }), DEFAULTS, NOW)).toBe(false);
		expect(isIdleCandidate(session({ ChatbotIsActive: 'true' }), DEFAULTS, NOW)).toBe(false);
		expect(
			isIdleCandidate(session({ ChatbotIsActive: false }), { ...DEFAULTS, botOnly: false }, NOW),
		).toBe(true);
	});

	it('topics: only the listed ones; empty means all', () => {
		expect(isIdleCandidate(session({ TopicId: 2 }), { ...DEFAULTS, topicIds: [2, 3] }, NOW)).toBe(
			true,
		);
		expect(isIdleCandidate(session({ TopicId: 1 }), { ...DEFAULTS, topicIds: [2, 3] }, NOW)).toBe(
			false,
		);
	});

	it('a missing or unreadable WhenIdle never matches', () => {
		for (const whenIdle of [null, undefined, '', 'soon'])
			expect(isIdleCandidate(session({ WhenIdle: whenIdle }), DEFAULTS, NOW)).toBe(false);
	});
});

describe('newlyIdle', () => {
	const key = settingsKey(DEFAULTS, 'superOfficeApi:1');

	it('the first poll emits every candidate and remembers each with its WhenIdle', () => {
		const candidates = [
			session({ ChatSessionId: 1 }),
			session({ ChatSessionId: 2, WhenIdle: idleSince(5) }),
		];
		const { emit, memory } = newlyIdle(candidates, undefined, key);
		expect(emit).toEqual(candidates);
		expect(memory).toEqual({
			settings: key,
			emitted: { 1: parseSoDate(idleSince(10)), 2: parseSoDate(idleSince(5)) },
		});
	});

	it('once per idle period: the same WhenIdle is not emitted again; a new WhenIdle is', () => {
		const first = newlyIdle(
			[session({ ChatSessionId: 1 }), session({ ChatSessionId: 2 })],
			undefined,
			key,
		);
		const again = newlyIdle(
			[session({ ChatSessionId: 1 }), session({ ChatSessionId: 2 })],
			first.memory,
			key,
		);
		expect(again.emit).toEqual([]);
		expect(again.memory).toEqual(first.memory);
		const newPeriod = session({ ChatSessionId: 2, WhenIdle: idleSince(4) });
		const later = newlyIdle([session({ ChatSessionId: 1 }), newPeriod], again.memory, key);
		expect(later.emit).toEqual([newPeriod]);
	});

	it('the same instant in another time-zone format is the same idle period', () => {
		const first = newlyIdle(
			[session({ WhenIdle: '2026-11-23T19:50:00.0000000+01:00' })],
			undefined,
			key,
		);
		expect(
			newlyIdle([session({ WhenIdle: '2026-11-23T18:50:00.0000000Z' })], first.memory, key).emit,
		).toEqual([]);
	});

	it('a session one poll did not see stays remembered: back with the same WhenIdle, it is not emitted again', () => {
		const both = [session({ ChatSessionId: 1 }), session({ ChatSessionId: 2 })];
		const first = newlyIdle(both, undefined, key, undefined, { nowMs: NOW });
		// 2 missing from this poll (a 404, a short archive page): remembered, and since when.
		const without2 = newlyIdle([both[0]], first.memory, key, undefined, { nowMs: NOW + MINUTE });
		expect(without2.emit).toEqual([]);
		expect(without2.memory).toEqual({
			settings: key,
			emitted: first.memory.emitted,
			missing: { 2: NOW + MINUTE },
		});
		// Still missing a minute later: the same memory (nothing to write).
		const still = newlyIdle([both[0]], without2.memory, key, undefined, {
			nowMs: NOW + 2 * MINUTE,
		});
		expect(still.memory).toEqual(without2.memory);
		const back = newlyIdle(both, still.memory, key, undefined, { nowMs: NOW + 3 * MINUTE });
		expect(back.emit).toEqual([]);
		expect(back.memory).toEqual(first.memory);
	});

	it('an idle period ends when its session is seen with a new WhenIdle or no longer in a conversation', () => {
		const first = newlyIdle(
			[session({ ChatSessionId: 1 }), session({ ChatSessionId: 2 }), session({ ChatSessionId: 3 })],
			undefined,
			key,
		);
		const seen = [
			session({ ChatSessionId: 1, WhenIdle: idleSince(1) }), // written in: not a candidate now
			session({ ChatSessionId: 2, Status: 'InQueue', ChatbotIsActive: false }), // handed over
			session({ ChatSessionId: 3, ChatbotIsActive: false }), // a human took it, same idle period
		];
		const next = newlyIdle([], first.memory, key, undefined, { seen });
		expect(next.memory).toEqual({ settings: key, emitted: { 3: first.memory.emitted[3] } });
		// 2 back in a conversation with the bot and the same WhenIdle: a new hand-over is due.
		const again = newlyIdle([session({ ChatSessionId: 2 })], next.memory, key);
		expect(again.emit.map((s) => s.ChatSessionId)).toEqual([2]);
	});

	it('forgets a session no poll saw for a day', () => {
		const first = newlyIdle([session()], undefined, key, undefined, { nowMs: NOW });
		const missed = newlyIdle([], first.memory, key, undefined, { nowMs: NOW });
		expect(missed.memory.missing).toEqual({ 901: NOW });
		const day = 24 * 60 * MINUTE;
		expect(
			newlyIdle([], missed.memory, key, undefined, { nowMs: NOW + day }).memory.emitted,
		).toEqual(first.memory.emitted);
		expect(newlyIdle([], missed.memory, key, undefined, { nowMs: NOW + day + 1 }).memory).toEqual({
			settings: key,
			emitted: {},
		});
	});

	it('remembers at most MAX_REMEMBERED idle periods, forgetting the oldest first', () => {
		const many = Array.from({ length: MAX_REMEMBERED + 3 }, (_v, index) =>
			session({
				ChatSessionId: index + 1,
				WhenIdle: new Date(NOW - (index + 1) * 1000).toISOString(),
			}),
		);
		const { emit, memory } = newlyIdle(many, undefined, key);
		expect(emit).toHaveLength(MAX_REMEMBERED + 3);
		const ids = Object.keys(memory.emitted).map(Number);
		expect(ids).toHaveLength(MAX_REMEMBERED);
		for (const oldest of [MAX_REMEMBERED + 1, MAX_REMEMBERED + 2, MAX_REMEMBERED + 3])
			expect(ids).not.toContain(oldest);
	});

	it('reads the memory of earlier releases (WhenIdle per session, nothing missing)', () => {
		const old = { settings: key, emitted: { 901: parseSoDate(idleSince(10))! } };
		expect(newlyIdle([session()], old, key).emit).toEqual([]);
	});

	it('starts over when the settings (or the credential) change', () => {
		const first = newlyIdle([session()], undefined, key);
		for (const other of [
			settingsKey({ ...DEFAULTS, idleMinutes: 5 }, 'superOfficeApi:1'),
			settingsKey({ ...DEFAULTS, botOnly: false }, 'superOfficeApi:1'),
			settingsKey({ ...DEFAULTS, topicIds: [2] }, 'superOfficeApi:1'),
			settingsKey(DEFAULTS, 'superOfficeApi:2'),
			settingsKey(DEFAULTS, 'superOfficeOAuth2Api:1'),
		]) {
			expect(other).not.toBe(key);
			const { emit, memory } = newlyIdle([session()], first.memory, other);
			expect(emit).toEqual([session()]);
			expect(memory.settings).toBe(other);
		}
		expect(settingsKey({ ...DEFAULTS }, 'superOfficeApi:1')).toBe(key);
	});

	it('a session listed twice is emitted once', () => {
		expect(newlyIdle([session(), session()], undefined, key).emit).toHaveLength(1);
	});
});

describe('settings parsing', () => {
	it.each([
		[3, 3],
		['5', 5],
		[0, 0],
		[1.5, 1.5],
	])('idle minutes %p → %p', (value, expected) => {
		expect(parseIdleMinutes(value)).toBe(expected);
	});

	it.each([-1, 'abc', '', null, undefined, Number.NaN, Infinity, 10081])(
		'idle minutes %p is refused with advice',
		(value) => {
			expect(() => parseIdleMinutes(value)).toThrow(InvalidInputError);
			expect(() => parseIdleMinutes(value)).toThrow(
				/^Idle Minutes must be a number from 0 to 10080/,
			);
		},
	);

	it.each([
		['', []],
		[undefined, []],
		[0, []],
		['2', [2]],
		[' 3, 2 ,2, ', [2, 3]],
		[
			[3, '2'],
			[2, 3],
		],
		[7, [7]],
	])('topic ids %p → %p', (value, expected) => {
		expect(parseTopicIds(value)).toEqual(expected);
	});

	it.each(['abc', '1,-4', '2,x'])('topic ids %p are refused', (value) => {
		expect(() => parseTopicIds(value)).toThrow(
			/Topic IDs must be a whole number from 1 to 2147483647/,
		);
	});
});
