/**
 * How far the trigger has read each chat session's messages (Message From): the newest
 * ChatMessageId seen, so the next message event reads only what came after it and a message
 * starts a workflow once. This process's own memory, as the replay ledger (n8n's static data is
 * not saved reliably from webhook calls): after a restart, messageFrom.ts decides without it.
 * Deliveries of one session take turns, so two events racing never hand on one message twice.
 * Bounded: sessions unseen for a day are forgotten, and at most MAX_REMEMBERED_SESSIONS are kept.
 */
import { startDeadline } from '../shared/transport/wait';

/** Sessions remembered per process at most; the least recently seen go first. */
export const MAX_REMEMBERED_SESSIONS = 10_000;
/** A session unseen this long is forgotten (a chat that long idle has ended). */
export const FORGET_AFTER_MS = 24 * 3600 * 1000;

export class MessageCursors {
	/** Key → newest ChatMessageId seen; Map order = least recently seen first. */
	private readonly seen = new Map<string, { upTo: number; at: number }>();
	private readonly turns = new Map<string, Promise<void>>();

	constructor(
		private readonly maxSessions = MAX_REMEMBERED_SESSIONS,
		private readonly now: () => number = Date.now,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/** The newest ChatMessageId seen for `key`, or undefined when this process has none. */
	seenUpTo(key: string): number | undefined {
		const entry = this.seen.get(key);
		if (entry === undefined) return undefined;
		if (this.now() - entry.at > FORGET_AFTER_MS) {
			this.seen.delete(key);
			return undefined;
		}
		return entry.upTo;
	}

	/** Records that the messages up to `id` were read; never moves back. */
	markSeen(key: string, id: number): void {
		const upTo = Math.max(id, this.seenUpTo(key) ?? id);
		this.seen.delete(key);
		this.seen.set(key, { upTo, at: this.now() });
		while (this.seen.size > this.maxSessions) {
			const oldest = this.seen.keys().next().value as string;
			this.seen.delete(oldest);
		}
	}

	/**
	 * Runs `work` once the deliveries of `key` that came before have ended, waiting at most
	 * `waitMs` for them; 'busy' when they did not end in time (the caller refuses the delivery,
	 * so SuperOffice sends it again).
	 */
	async inTurn<T>(key: string, waitMs: number, work: () => Promise<T>): Promise<T | 'busy'> {
		const before = this.turns.get(key) ?? Promise.resolve();
		let done: () => void = () => undefined;
		const mine = new Promise<void>((resolve) => (done = resolve));
		const queue = before.then(async () => await mine);
		this.turns.set(key, queue);
		const deadline = startDeadline(waitMs);
		try {
			const waited = await Promise.race([before.then(() => 'ready' as const), deadline.expired]);
			if (waited === 'expired') return 'busy';
			return await work();
		} finally {
			deadline.stop();
			done();
			if (this.turns.get(key) === queue) this.turns.delete(key);
		}
	}
}

/** The cursors of this process, for every SuperOffice Trigger in it. */
export const messageCursors = new MessageCursors();
