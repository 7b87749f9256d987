/**
 * Replay protection for the trigger's public URL: a delivery's signed `Timestamp` must lie within
 * the replay window, and an event (its `EventId`) that already got its answer starts nothing
 * again while a replay of it could still pass the window. The memory of handled events is this
 * process's own (see DeliveryLedger); n8n's static data is not saved reliably from webhook calls.
 */
import { createHash } from 'node:crypto';

import { startDeadline } from '../shared/transport/wait';

/** Default of the Replay Window option, in seconds (five minutes, as n8n's Stripe trigger). */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;
export const MIN_REPLAY_WINDOW_SECONDS = 10;
export const MAX_REPLAY_WINDOW_SECONDS = 86_400;
/** How far a Timestamp may lie ahead of n8n's clock (clock skew between SuperOffice and n8n). */
export const FUTURE_TOLERANCE_MS = 60_000;
/** Events remembered per process at most; the oldest handled ones are forgotten first. */
export const MAX_REMEMBERED_EVENTS = 10_000;

/** The Replay Window option in milliseconds: a number of seconds, kept within its bounds. */
export function replayWindowMs(value: unknown): number {
	const seconds =
		typeof value === 'number' && Number.isFinite(value) ? value : DEFAULT_REPLAY_WINDOW_SECONDS;
	return Math.min(MAX_REPLAY_WINDOW_SECONDS, Math.max(MIN_REPLAY_WINDOW_SECONDS, seconds)) * 1000;
}

const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A payload Timestamp ("2026-11-30T06:00:00.1230000Z": up to 7 fraction digits) as epoch
 * milliseconds; one without a zone is UTC, as SuperOffice's are. undefined when it is none.
 */
export function timestampMs(text: string): number | undefined {
	const m = TIMESTAMP.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
	const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
	const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
	const check = new Date(utc);
	if (
		check.getUTCFullYear() !== +y ||
		check.getUTCMonth() !== +mo - 1 ||
		check.getUTCDate() !== +d ||
		+h > 23 ||
		+mi > 59 ||
		+s > 59
	)
		return undefined;
	if (zone.toUpperCase() === 'Z') return utc;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	return utc - sign * offset;
}

export type Freshness =
	| { kind: 'fresh'; at: number }
	| { kind: 'stale'; ageMs: number }
	| { kind: 'future'; aheadMs: number }
	| { kind: 'invalid' };

/** Whether a delivery's Timestamp lies within the window (and not too far ahead) at `now`. */
export function freshness(timestamp: string, windowMs: number, now: number): Freshness {
	const at = timestampMs(timestamp);
	if (at === undefined) return { kind: 'invalid' };
	if (now - at > windowMs) return { kind: 'stale', ageMs: now - at };
	if (at - now > FUTURE_TOLERANCE_MS) return { kind: 'future', aheadMs: at - now };
	return { kind: 'fresh', at };
}

/** A claimed event: `handled()` once it got a 2xx answer, `released()` when it was refused. */
export interface EventClaim {
	handled: () => void;
	released: () => void;
}

export type ClaimResult =
	| { kind: 'claimed'; claim: EventClaim }
	/** Already answered 2xx within the window: start nothing, answer 200. */
	| { kind: 'duplicate' }
	/** Another call for the same event is still being handled after the wait. */
	| { kind: 'busy' };

interface Entry {
	/** Epoch ms after which the entry is forgotten (a replay is stale by then). */
	expiresAt: number;
	/** While a call handles the event: resolves when it has answered. */
	pending?: Promise<void>;
}

/**
 * Which events this process has handled, so a retry or replay of one starts nothing again.
 * Keyed by workflow, node, test/production and EventId (hashed: the memory per entry is fixed).
 * A call claims an event; a second call for the same event waits (bounded) for the first one's
 * answer: handled → duplicate, refused → the second call handles it. Bounded in size: expired
 * entries go first, then the oldest handled ones.
 */
export class DeliveryLedger {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly maxEntries = MAX_REMEMBERED_EVENTS,
		private readonly now: () => number = Date.now,
	) {}

	get size(): number {
		return this.entries.size;
	}

	static key(parts: string[]): string {
		return createHash('sha256').update(parts.join('\u0000')).digest('base64');
	}

	/**
	 * Claims the event `key` until `expiresAt`; waits at most `waitMs` for another call that is
	 * handling it.
	 */
	async claim(key: string, expiresAt: number, waitMs: number): Promise<ClaimResult> {
		for (let round = 0; round < 2; round++) {
			const entry = this.entries.get(key);
			if (entry !== undefined && entry.pending === undefined && entry.expiresAt <= this.now())
				this.entries.delete(key);
			const current = this.entries.get(key);
			if (current === undefined) return { kind: 'claimed', claim: this.take(key, expiresAt) };
			if (current.pending === undefined) return { kind: 'duplicate' };
			if (round > 0) break;
			const deadline = startDeadline(waitMs);
			try {
				await Promise.race([current.pending, deadline.expired]);
			} finally {
				deadline.stop();
			}
		}
		return { kind: 'busy' };
	}

	private take(key: string, expiresAt: number): EventClaim {
		this.makeRoom();
		let settle: () => void = () => undefined;
		const pending = new Promise<void>((resolve) => (settle = resolve));
		const entry: Entry = { expiresAt, pending };
		this.entries.set(key, entry);
		let done = false;
		return {
			handled: () => {
				if (done) return;
				done = true;
				entry.pending = undefined;
				settle();
			},
			released: () => {
				if (done) return;
				done = true;
				if (this.entries.get(key) === entry) this.entries.delete(key);
				settle();
			},
		};
	}

	/** Below the size limit before a new entry: expired ones go, then the oldest handled ones. */
	private makeRoom(): void {
		if (this.entries.size < this.maxEntries) return;
		const now = this.now();
		for (const [key, entry] of this.entries) {
			if (entry.pending === undefined && entry.expiresAt <= now) this.entries.delete(key);
		}
		for (const [key, entry] of this.entries) {
			if (this.entries.size < this.maxEntries) break;
			if (entry.pending === undefined) this.entries.delete(key);
		}
	}
}

/** The process's ledger: every SuperOffice Trigger in this n8n process shares it. */
export const deliveryLedger = new DeliveryLedger();
