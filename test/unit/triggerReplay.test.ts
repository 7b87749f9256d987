/**
 * Replay protection of the SuperOffice Trigger: the payload Timestamp, the replay window with its
 * clock-skew tolerance, the Replay Window option's bounds, and the ledger of handled events
 * (claim, duplicate, a refused event claimed again, a concurrent call waiting, the size bound).
 */
import {
	DeliveryLedger,
	FUTURE_TOLERANCE_MS,
	freshness,
	replayWindowMs,
	timestampMs,
} from '../../nodes/SuperOfficeTrigger/replay';

describe('timestampMs', () => {
	it('reads SuperOffice timestamps (7 fraction digits), ISO ones, offsets; a missing zone is UTC', () => {
		const at = Date.UTC(2026, 10, 30, 6, 0, 0, 123);
		expect(timestampMs('2026-11-30T06:00:00.1230000Z')).toBe(at);
		expect(timestampMs('2026-11-30T06:00:00.123Z')).toBe(at);
		expect(timestampMs('2026-11-30T06:00:00.123')).toBe(at);
		expect(timestampMs('2026-11-30T07:00:00.123+01:00')).toBe(at);
		expect(timestampMs('2026-11-30T05:30:00.123-0030')).toBe(at);
		expect(timestampMs(' 2026-11-30T06:00:00Z ')).toBe(Date.UTC(2026, 10, 30, 6));
	});

	it('is undefined for anything else', () => {
		for (const text of [
			'',
			't',
			'yesterday',
			'2026-02-30T00:00:00Z',
			'2026-11-30T24:00:00Z',
			'1764482400',
		])
			expect(timestampMs(text)).toBeUndefined();
	});
});

describe('freshness', () => {
	const now = Date.UTC(2026, 10, 30, 6);
	const iso = (ms: number) => new Date(ms).toISOString();
	it('fresh within the window, stale beyond it, future beyond the skew tolerance', () => {
		expect(freshness(iso(now - 300_000), 300_000, now)).toEqual({
			kind: 'fresh',
			at: now - 300_000,
		});
		expect(freshness(iso(now - 300_001), 300_000, now)).toEqual({ kind: 'stale', ageMs: 300_001 });
		expect(freshness(iso(now + FUTURE_TOLERANCE_MS), 300_000, now).kind).toBe('fresh');
		expect(freshness(iso(now + FUTURE_TOLERANCE_MS + 1), 300_000, now)).toEqual({
			kind: 'future',
			aheadMs: FUTURE_TOLERANCE_MS + 1,
		});
		expect(freshness('t', 300_000, now)).toEqual({ kind: 'invalid' });
	});

	it('Replay Window: seconds, 300 by default, kept within 10 s and a day', () => {
		expect(replayWindowMs(undefined)).toBe(300_000);
		expect(replayWindowMs('60')).toBe(300_000);
		expect(replayWindowMs(60)).toBe(60_000);
		expect(replayWindowMs(1)).toBe(10_000);
		expect(replayWindowMs(1e9)).toBe(86_400_000);
		expect(replayWindowMs(Number.NaN)).toBe(300_000);
	});
});

describe('DeliveryLedger', () => {
	it('a handled event is a duplicate until it expires; a released one can be claimed again', async () => {
		let now = 1000;
		const ledger = new DeliveryLedger(100, () => now);
		const first = await ledger.claim('a', 5000, 100);
		expect(first.kind).toBe('claimed');
		if (first.kind !== 'claimed') return;
		first.claim.handled();
		first.claim.released(); // after handled: no effect
		expect(await ledger.claim('a', 5000, 100)).toEqual({ kind: 'duplicate' });
		now = 5000;
		expect((await ledger.claim('a', 9000, 100)).kind).toBe('claimed');

		const refused = await ledger.claim('b', 5000, 100);
		if (refused.kind !== 'claimed') throw new Error('not claimed');
		refused.claim.released();
		expect((await ledger.claim('b', 5000, 100)).kind).toBe('claimed');
	});

	it('a second call for an event being handled waits for the first: handled → duplicate, released → its turn', async () => {
		const ledger = new DeliveryLedger();
		const first = await ledger.claim('c', Date.now() + 60_000, 5000);
		if (first.kind !== 'claimed') throw new Error('not claimed');
		const waiting = ledger.claim('c', Date.now() + 60_000, 5000);
		first.claim.handled();
		expect(await waiting).toEqual({ kind: 'duplicate' });

		const second = await ledger.claim('d', Date.now() + 60_000, 5000);
		if (second.kind !== 'claimed') throw new Error('not claimed');
		const next = ledger.claim('d', Date.now() + 60_000, 5000);
		second.claim.released();
		expect((await next).kind).toBe('claimed');

		const third = await ledger.claim('e', Date.now() + 60_000, 5000);
		if (third.kind !== 'claimed') throw new Error('not claimed');
		expect(await ledger.claim('e', Date.now() + 60_000, 50)).toEqual({ kind: 'busy' });
		third.claim.released();
	});

	it('stays within its size: expired entries go first, then the oldest handled ones', async () => {
		let now = 0;
		const ledger = new DeliveryLedger(3, () => now);
		for (const [key, expires] of [
			['old', 10],
			['x', 1000],
			['y', 1000],
		] as const) {
			const r = await ledger.claim(key, expires, 10);
			if (r.kind === 'claimed') r.claim.handled();
		}
		now = 20;
		const z = await ledger.claim('z', 1000, 10);
		if (z.kind === 'claimed') z.claim.handled();
		expect(ledger.size).toBe(3);
		expect(await ledger.claim('x', 1000, 10)).toEqual({ kind: 'duplicate' });
		const w = await ledger.claim('w', 1000, 10);
		if (w.kind === 'claimed') w.claim.handled();
		expect(ledger.size).toBe(3);
		expect((await ledger.claim('x', 1000, 10)).kind).toBe('claimed'); // the oldest went
	});

	it('keys are fixed-size hashes of their parts', () => {
		const long = DeliveryLedger.key(['wf', 'node', 'production', 'e'.repeat(10_000)]);
		expect(long).toHaveLength(44);
		expect(DeliveryLedger.key(['a', 'bc'])).not.toBe(DeliveryLedger.key(['ab', 'c']));
	});
});
