import {
	DEFAULT_RETRY_POLICY,
	isRetryable,
	nextRetryDelay,
	parseRetryAfter,
} from '../../nodes/shared/transport/retry';
import type { AttemptFailure, RetryPolicy } from '../../nodes/shared/transport/retry';

const policy: RetryPolicy = {
	maxRetries: 3,
	maxTotalWaitMs: 10_000,
	baseDelayMs: 100,
	maxDelayMs: 2_000,
};
const now = Date.parse('2026-11-23T12:00:00Z');
const http = (status: number, retryAfter?: string): AttemptFailure => ({
	kind: 'http',
	status,
	retryAfter,
});
const net = (code: string, message = code): AttemptFailure => ({ kind: 'network', code, message });

describe('isRetryable', () => {
	it.each([429, 503])('retries HTTP %i for every request (not processed)', (status) => {
		expect(isRetryable(http(status), true)).toBe(true);
		expect(isRetryable(http(status), false)).toBe(true);
	});
	it.each([502, 504])('retries HTTP %i only for idempotent requests', (status) => {
		expect(isRetryable(http(status), true)).toBe(true);
		expect(isRetryable(http(status), false)).toBe(false);
	});
	it.each([400, 401, 403, 404, 409, 412, 421, 500, 501])('never retries HTTP %i', (status) => {
		expect(isRetryable(http(status), true)).toBe(false);
	});
	it('retries a refused connection always: the request never left', () => {
		expect(isRetryable(net('ECONNREFUSED'), false)).toBe(true);
	});
	it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE'])(
		'retries %s only when repeating is harmless',
		(code) => {
			expect(isRetryable(net(code), true)).toBe(true);
			expect(isRetryable(net(code), false)).toBe(false);
		},
	);
	it('does not retry a cancelled request or an unknown host', () => {
		expect(isRetryable(net('ERR_CANCELED', 'canceled'), true)).toBe(false);
		expect(isRetryable(net('ENOTFOUND', 'getaddrinfo ENOTFOUND x'), true)).toBe(false);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
		expect(parseRetryAfter(new Date(now + 4000).toUTCString(), now)).toBe(4000);
		expect(parseRetryAfter(new Date(now - 4000).toUTCString(), now)).toBe(0);
	});
	it('ignores absent or unreadable values', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-1', now)).toBeUndefined();
		expect(parseRetryAfter('abc 1', now)).toBeUndefined();
		expect(parseRetryAfter('2026-11-23', now)).toBeUndefined();
	});
});

describe('nextRetryDelay', () => {
	it('backs off exponentially with jitter between half and full step', () => {
		expect(nextRetryDelay(http(503), 1, 0, policy, true, now, () => 0)).toBe(50);
		expect(nextRetryDelay(http(503), 1, 0, policy, true, now, () => 1)).toBe(100);
		expect(nextRetryDelay(http(503), 2, 0, policy, true, now, () => 1)).toBe(200);
		expect(nextRetryDelay(http(503), 3, 0, policy, true, now, () => 1)).toBe(400);
	});
	it('honors Retry-After, and gives up when it asks for more than the longest single wait', () => {
		expect(nextRetryDelay(http(429, '1'), 1, 0, policy, true, now, () => 0)).toBe(1000);
		expect(nextRetryDelay(http(429, '2'), 1, 0, policy, true, now, () => 0)).toBe(2000);
		expect(nextRetryDelay(http(429, '60'), 1, 0, policy, true, now)).toBeUndefined();
	});
	it('stops after maxRetries', () => {
		expect(nextRetryDelay(http(503), 4, 0, policy, true, now)).toBeUndefined();
		expect(
			nextRetryDelay(http(503), 1, 0, { ...policy, maxRetries: 0 }, true, now),
		).toBeUndefined();
	});
	it('stops when the wait would exceed the total budget', () => {
		expect(nextRetryDelay(http(429, '2'), 2, 9_000, policy, true, now)).toBeUndefined();
		expect(nextRetryDelay(http(429, '1'), 2, 9_000, policy, true, now)).toBe(1000);
	});
	it('gives up at once on a failure that is not retryable', () => {
		expect(nextRetryDelay(http(404), 1, 0, policy, true, now)).toBeUndefined();
		expect(nextRetryDelay(net('ECONNRESET'), 1, 0, policy, false, now)).toBeUndefined();
	});
	it('has production defaults that wait a minute at most', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual({
			maxRetries: 3,
			maxTotalWaitMs: 60_000,
			baseDelayMs: 500,
			maxDelayMs: 30_000,
		});
	});
});
