import * as workflow from 'n8n-workflow';

type SleepWithAbort = (ms: number, signal?: AbortSignal) => Promise<void>;

// sleepWithAbort exists in newer n8n-workflow releases only; older n8n gets the fallback.
const sleepWithAbort = (workflow as { sleepWithAbort?: SleepWithAbort }).sleepWithAbort;

/**
 * Waits `ms` with n8n's own sleep (n8n Cloud forbids bare timers), and stops waiting as soon
 * as the execution is cancelled. Resolves false when cancelled.
 */
export async function waitUnlessCancelled(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	if (ms <= 0) return true;
	if (sleepWithAbort) {
		try {
			await sleepWithAbort(ms, signal);
		} catch {
			return false;
		}
		return !signal?.aborted;
	}
	if (!signal) {
		await workflow.sleep(ms);
		return true;
	}
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	await Promise.race([workflow.sleep(ms), aborted]);
	if (onAbort) signal.removeEventListener('abort', onAbort);
	return !signal.aborted;
}

/** A wall-clock limit for one attempt; `stop` ends its timer once the attempt is over. */
export interface Deadline {
	/** Resolves when the time is up (never, once stopped). */
	expired: Promise<'expired'>;
	stop: () => void;
}

/**
 * Starts a deadline of `ms`. Built on the cancellable wait above (no bare timers), with its own
 * abort signal: n8n replaces a request's abort signal by the execution's, so a request cannot be
 * given a deadline of its own.
 */
export function startDeadline(ms: number): Deadline {
	const timer = new AbortController();
	const expired = waitUnlessCancelled(ms, timer.signal).then(async (elapsed) =>
		elapsed ? ('expired' as const) : await new Promise<'expired'>(() => undefined),
	);
	return { expired, stop: () => timer.abort() };
}
