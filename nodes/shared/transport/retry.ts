/**
 * When a failed attempt is worth another try, and how long to wait first. Pure: the
 * transport asks, the tests check every rule.
 */

export interface RetryPolicy {
	/** Retries after the first attempt; 0 = none. */
	maxRetries: number;
	/** Total time all waits of one request may add up to. */
	maxTotalWaitMs: number;
	/** First backoff step; doubles per retry. */
	baseDelayMs: number;
	/** Longest single wait, also the cap on a server's Retry-After. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	maxTotalWaitMs: 60_000,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
};

/** One failed attempt, as far as retrying is concerned. */
export type AttemptFailure =
	| { kind: 'http'; status: number; retryAfter?: string }
	| { kind: 'network'; code?: string; message: string }
	/** Put into words by the transport; `retry` says whether repeating an idempotent call may help. */
	| { kind: 'described'; retry?: 'ifIdempotent' };

// The server (or gateway) says it did not process the request: safe to repeat anything.
const NOT_PROCESSED_STATUSES = new Set([429, 503]);
// A gateway gave up; the server may still have done the work: repeat only idempotent calls.
const MAYBE_PROCESSED_STATUSES = new Set([502, 504]);
// The request never left: nothing to duplicate.
const NOT_SENT_CODES = /^(ECONNREFUSED|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$/;
// The connection broke or timed out after the request may have arrived.
const MAYBE_SENT =
	/ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|socket hang up|timeout|aborted/i;

/** Whether this failure may go away by itself, given whether repeating the call is harmless. */
export function isRetryable(failure: AttemptFailure, idempotent: boolean): boolean {
	if (failure.kind === 'http') {
		return (
			NOT_PROCESSED_STATUSES.has(failure.status) ||
			(idempotent && MAYBE_PROCESSED_STATUSES.has(failure.status))
		);
	}
	if (failure.kind === 'described') return idempotent && failure.retry === 'ifIdempotent';
	if (failure.code === 'ERR_CANCELED') return false;
	if (failure.code && NOT_SENT_CODES.test(failure.code)) return true;
	return idempotent && MAYBE_SENT.test(`${failure.code ?? ''} ${failure.message}`);
}

// RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (Date.parse alone accepts almost anything).
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!HTTP_DATE.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Milliseconds to wait before retry number `retry` (1-based), or undefined to give up.
 * Exponential backoff with jitter (half to full step, capped), or the server's Retry-After
 * (giving up when it asks for more than the cap); the sum of all waits stays within budget.
 */
export function nextRetryDelay(
	failure: AttemptFailure,
	retry: number,
	waitedMs: number,
	policy: RetryPolicy,
	idempotent: boolean,
	nowMs: number,
	random: () => number = Math.random,
): number | undefined {
	if (retry > policy.maxRetries || !isRetryable(failure, idempotent)) return undefined;
	const retryAfter =
		failure.kind === 'http' ? parseRetryAfter(failure.retryAfter, nowMs) : undefined;
	// A server that asks for a longer pause than we would ever wait is better left alone now.
	if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) return undefined;
	const backoff = policy.baseDelayMs * 2 ** (retry - 1);
	const wanted = retryAfter ?? backoff * (0.5 + random() / 2);
	const delay = Math.min(Math.round(wanted), policy.maxDelayMs);
	if (waitedMs + delay > policy.maxTotalWaitMs) return undefined;
	return delay;
}
