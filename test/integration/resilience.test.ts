/**
 * The fault matrix: each failure SuperOffice, IIS or a proxy can produce → what the node does
 * (retry or not, how long it waits, what the user reads), proven by the sandbox's request log
 * (attempts per session, the fault each attempt got, the pause between attempts) and by the
 * node's output or error. Runs through n8n-core's WorkflowExecute with real request helpers.
 *
 * Policy under test (nodes/shared/transport/retry.ts): 429/503 are retried for every call;
 * 502/504 and dropped connections/timeouts only for idempotent calls (Reset yes, Add Message
 * no); refused connections always; other statuses never. Retry-After (seconds or HTTP date)
 * is honoured, capped by the Max Retry Wait budget.
 */
import type { IDataObject } from 'n8n-workflow';
import { createServer } from 'node:net';

import { useSandbox } from '../support/sandboxLifecycle';
import type { Sandbox } from '../sandbox';
import { expectNoSecrets } from './support';
import {
	MESSAGE_TEXT,
	attemptsFor,
	copiesOfMessage,
	faultsOf,
	gapsBetween,
	pause,
	runNode,
} from './resilienceSupport';
import type { Operation, RecordedRequest, TimedRunResult } from './resilienceSupport';

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

/** An active bot session of the default seed (CustomerLast, bot on). */
const SESSION = 903;
/** Server and client clocks are the same machine's, but timers and `close` events are not instant. */
const SLACK_MS = 15;
/** First backoff step is 500 ms with 50–100 % jitter: no retry without Retry-After comes sooner. */
const MIN_BACKOFF_MS = 250;
const TEST_TIMEOUT_MS = 20_000;

const sandbox = useSandbox();

interface FaultCase {
	name: string;
	operation: Operation;
	/** Faults for this session's request, in order; each used `times` (default 1) times. */
	faults: () => Array<{ fault: Fault; times?: number }>;
	options: IDataObject;
	/** The fault seen by each attempt, in order ('none' = answered normally). */
	attempts: string[];
	/** Least pause between consecutive attempts (Retry-After or backoff). */
	minGapMs?: number;
	/** Epoch ms before which the second attempt must not start (Retry-After as an HTTP date). */
	notBefore?: () => number;
	/** Success, or the error the run stops with. */
	outcome: 'success' | { message: RegExp; httpCode?: string | null; description?: RegExp };
	/** Add Message: copies of the message in the sandbox afterwards. */
	copies?: number;
	/** Upper bound of the run's wall-clock time. */
	maxElapsedMs?: number;
	/** Extra checks on the attempts. */
	check?: (attempts: RecordedRequest[], result: TimedRunResult) => void | Promise<void>;
}

const status = (
	code: number,
	extra: { retryAfter?: number | string; body?: 'json' | 'html' | 'text' | 'empty' } = {},
): Fault => ({
	type: 'status',
	status: code,
	...extra,
});

let retryDate = 0;
/** An HTTP date on a whole second, 1–2 s from now (exact, unlike `date:+Ns`). */
function nextRetryDate(): string {
	retryDate = Math.floor(Date.now() / 1000) * 1000 + 2000;
	return new Date(retryDate).toUTCString();
}

const resetError = (rest: string) =>
	new RegExp(`^Could not reset chat session ${SESSION}: ${rest}`);
const addError = (rest: string) =>
	new RegExp(`^Could not add a message to chat session ${SESSION}: ${rest}`);

const CASES: FaultCase[] = [
	// --- 429 / 503: not processed, retried for every call, honouring Retry-After ---
	{
		name: 'Reset: 429 with Retry-After: 1 → waits ≥ 1 s, retries, succeeds',
		operation: 'reset',
		faults: () => [{ fault: status(429, { retryAfter: 1 }) }],
		options: { maxRetries: 1 },
		attempts: ['status 429', 'none'],
		minGapMs: 1000,
		outcome: 'success',
	},
	{
		name: 'Reset: 429 with Retry-After as an HTTP date → not retried before that date, succeeds',
		operation: 'reset',
		faults: () => [{ fault: status(429, { retryAfter: nextRetryDate() }) }],
		options: { maxRetries: 1 },
		attempts: ['status 429', 'none'],
		notBefore: () => retryDate,
		outcome: 'success',
	},
	{
		name: 'Reset: 503 without Retry-After → backoff, retried, succeeds',
		operation: 'reset',
		faults: () => [{ fault: status(503) }],
		options: { maxRetries: 1 },
		attempts: ['status 503', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
	},
	{
		name: 'Add Message: 429 (not processed) → retried, exactly one copy',
		operation: 'addMessage',
		faults: () => [{ fault: status(429, { retryAfter: 0 }) }],
		options: { maxRetries: 1 },
		attempts: ['status 429', 'none'],
		outcome: 'success',
		copies: 1,
	},
	{
		name: 'Add Message: 503 (not processed) → retried, exactly one copy',
		operation: 'addMessage',
		faults: () => [{ fault: status(503) }],
		options: { maxRetries: 1 },
		attempts: ['status 503', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
		copies: 1,
	},
	// --- 502 / 504: maybe processed, retried only when idempotent ---
	{
		name: 'Reset: 502 → retried (idempotent), succeeds',
		operation: 'reset',
		faults: () => [{ fault: status(502) }],
		options: { maxRetries: 1 },
		attempts: ['status 502', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
	},
	{
		name: 'Reset: 504 → retried (idempotent), succeeds',
		operation: 'reset',
		faults: () => [{ fault: status(504) }],
		options: { maxRetries: 1 },
		attempts: ['status 504', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
	},
	{
		name: 'Add Message: 502 → one attempt, error, no message',
		operation: 'addMessage',
		faults: () => [{ fault: status(502), times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['status 502'],
		outcome: {
			message: addError(
				'SuperOffice had a server problem \\(HTTP 502\\)\\. SuperOffice says: Bad gateway',
			),
			httpCode: '502',
		},
		copies: 0,
	},
	{
		name: 'Add Message: 504 → one attempt, error, no message',
		operation: 'addMessage',
		faults: () => [{ fault: status(504), times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['status 504'],
		outcome: {
			message: addError(
				'SuperOffice had a server problem \\(HTTP 504\\)\\. SuperOffice says: Gateway timeout',
			),
			httpCode: '504',
		},
		copies: 0,
	},
	// --- never retried ---
	{
		name: 'Reset: 500 → one attempt, readable error naming session and HTTP 500',
		operation: 'reset',
		faults: () => [{ fault: status(500), times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['status 500'],
		outcome: {
			message: resetError(
				'SuperOffice had a server problem \\(HTTP 500\\)\\. SuperOffice says: Internal server error \\(injected fault\\)\\.$',
			),
			httpCode: '500',
			description: /server or a gateway failed/,
		},
	},
	...(
		[
			[401, 'SuperOffice rejected the credential \\(HTTP 401\\)', /user name and password/],
			[
				403,
				'SuperOffice refused access \\(no rights, or an expired token\\) \\(HTTP 403\\)',
				/chat rights/,
			],
			[404, 'not found \\(HTTP 404\\)', new RegExp(`chat session id ${SESSION}`)],
			[421, 'wrong SuperOffice Online host \\(HTTP 421\\)', /numbered tenant host/],
		] as const
	).map(([code, text, description]): FaultCase => ({
		name: `Reset: ${code} → never retried`,
		operation: 'reset',
		// Several uses, so a retry by the node (or by the HTTP client) would show in the log.
		faults: () => [{ fault: status(code), times: 3 }],
		options: { maxRetries: 2 },
		attempts: [`status ${code}`],
		outcome: {
			message: resetError(`${text}\\. SuperOffice says: .+`),
			httpCode: String(code),
			description,
		},
	})),
	// --- dropped connections ---
	{
		// ECONNRESET is "maybe sent": retried for idempotent Reset.
		name: 'Reset: connection reset before the body → retried (idempotent), succeeds',
		operation: 'reset',
		faults: () => [{ fault: { type: 'reset', when: 'before-body' } }],
		options: { maxRetries: 1 },
		attempts: ['reset before-body', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
	},
	{
		name: 'Reset: connection reset after the body (reset happened) → retried, succeeds',
		operation: 'reset',
		faults: () => [{ fault: { type: 'reset', when: 'after-body' } }],
		options: { maxRetries: 1 },
		attempts: ['reset after-body', 'none'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: 'success',
	},
	{
		// The client cannot tell before-body from after-body: ECONNRESET is never retried for Add Message.
		name: 'Add Message: connection reset before the body → one attempt, error, no message',
		operation: 'addMessage',
		faults: () => [{ fault: { type: 'reset', when: 'before-body' }, times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['reset before-body'],
		outcome: { message: addError('no answer from SuperOffice \\(') },
		copies: 0,
	},
	{
		name: 'Add Message: connection reset after the body (message stored) → one attempt, error, exactly one copy',
		operation: 'addMessage',
		faults: () => [{ fault: { type: 'reset', when: 'after-body' }, times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['reset after-body'],
		outcome: { message: addError('no answer from SuperOffice \\(') },
		copies: 1,
	},
	// --- timeouts ---
	{
		name: 'Reset: no answer within the timeout → retried, then an error naming the timeout',
		operation: 'reset',
		faults: () => [{ fault: { type: 'slow', delayMs: 700 }, times: 2 }],
		options: { maxRetries: 1, timeout: 200 },
		attempts: ['slow', 'slow'],
		outcome: {
			message: resetError(
				'no complete answer within the timeout of 200 ms \\(after 2 attempts\\)$',
			),
			description: /did not answer in time/,
		},
		maxElapsedMs: 3000,
		check: async (attempts) => {
			// The second attempt came after the first one's timeout plus a backoff step.
			expect(attempts).toHaveLength(2);
			expect(attempts[1].startedAt - attempts[0].startedAt).toBeGreaterThanOrEqual(
				200 + MIN_BACKOFF_MS - SLACK_MS,
			);
			// The server notices a dropped socket late: wait until both exchanges are closed.
			for (let i = 0; i < 20 && attempts.some((a) => a.endedAt === null); i++) await pause(50);
			for (const a of attempts) {
				// The client gave up long before the server's 700 ms answer: no status was ever sent.
				expect(a.status).toBeNull();
				expect(a.endedAt! - a.startedAt).toBeLessThan(650);
			}
		},
	},
	{
		name: 'Add Message: no answer within the timeout → not retried (may have arrived), exactly one copy',
		operation: 'addMessage',
		faults: () => [{ fault: { type: 'slow', delayMs: 400 }, times: 3 }],
		options: { maxRetries: 2, timeout: 150 },
		attempts: ['slow'],
		outcome: {
			message: addError(
				'no complete answer within the timeout of 150 ms; the request may have arrived, so it was not sent again$',
			),
		},
		copies: 1,
		check: async () => {
			// The sandbox stores the message after its delay although the client left: wait for it.
			await pause(400);
		},
	},
	// --- bodies that are not what they should be ---
	{
		name: 'Reset: 502 with an IIS/proxy HTML page → retried, message carries the page title',
		operation: 'reset',
		faults: () => [{ fault: status(502, { body: 'html' }), times: 2 }],
		options: { maxRetries: 1 },
		attempts: ['status 502', 'status 502'],
		minGapMs: MIN_BACKOFF_MS,
		outcome: {
			message: resetError(
				'SuperOffice had a server problem \\(HTTP 502, after 2 attempts\\)\\. SuperOffice says: 502 - Bad Gateway$',
			),
			httpCode: '502',
		},
	},
	{
		name: 'Reset: a proxy sign-in page with 200 → not valid JSON, not retried',
		operation: 'reset',
		faults: () => [{ fault: { type: 'html' }, times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['html 200'],
		outcome: {
			message: resetError(
				'SuperOffice answered HTTP 200 with a body that is not valid JSON \\(text/html; charset=utf-8\\)$',
			),
			httpCode: '200',
			description: /proxy or gateway/,
		},
	},
	{
		name: 'Reset: 200 with truncated JSON → "not valid JSON", not retried',
		operation: 'reset',
		faults: () => [{ fault: { type: 'truncated-json' }, times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['truncated-json'],
		outcome: {
			message: resetError(
				'SuperOffice answered HTTP 200 with a body that is not valid JSON \\(application/json; charset=utf-8\\)$',
			),
			httpCode: '200',
		},
	},
	{
		name: 'Reset: 200 with malformed JSON → "not valid JSON", not retried',
		operation: 'reset',
		faults: () => [{ fault: { type: 'malformed-json' }, times: 3 }],
		options: { maxRetries: 2 },
		attempts: ['malformed-json'],
		outcome: {
			message: resetError(
				'SuperOffice answered HTTP 200 with a body that is not valid JSON \\(application/json; charset=utf-8\\)$',
			),
			httpCode: '200',
		},
	},
	// --- limits ---
	{
		name: 'Reset: retries exhausted → "after N attempts" with status and session',
		operation: 'reset',
		faults: () => [{ fault: status(503, { retryAfter: 0 }), times: 5 }],
		options: { maxRetries: 2 },
		attempts: ['status 503', 'status 503', 'status 503'],
		outcome: {
			message: resetError(
				'SuperOffice had a server problem \\(HTTP 503, after 3 attempts\\)\\. SuperOffice says: Service unavailable: the tenant is in maintenance \\(injected fault\\)\\.$',
			),
			httpCode: '503',
		},
	},
	{
		name: 'Reset: maxRetries 0 → exactly one attempt',
		operation: 'reset',
		faults: () => [{ fault: status(503, { retryAfter: 0 }), times: 3 }],
		options: { maxRetries: 0 },
		attempts: ['status 503'],
		outcome: {
			message: resetError('SuperOffice had a server problem \\(HTTP 503\\)\\. SuperOffice says: '),
			httpCode: '503',
		},
	},
	{
		name: 'Reset: Retry-After (5 s) beyond the Max Retry Wait budget (1 s) → gives up without waiting',
		operation: 'reset',
		faults: () => [{ fault: status(429, { retryAfter: 5 }), times: 3 }],
		options: { maxRetries: 3, maxRetryWait: 1000 },
		attempts: ['status 429'],
		outcome: {
			message: resetError(
				'too many requests \\(HTTP 429\\)\\. SuperOffice says: Too many requests',
			),
			httpCode: '429',
		},
		maxElapsedMs: 1000,
	},
	{
		name: 'Reset: budget (1.5 s) allows one Retry-After wait (1 s) but not a second',
		operation: 'reset',
		faults: () => [{ fault: status(503, { retryAfter: 1 }), times: 3 }],
		options: { maxRetries: 5, maxRetryWait: 1500 },
		attempts: ['status 503', 'status 503'],
		minGapMs: 1000,
		outcome: {
			message: resetError('SuperOffice had a server problem \\(HTTP 503, after 2 attempts\\)'),
			httpCode: '503',
		},
		maxElapsedMs: 2500,
	},
];

describe('fault matrix: each fault → the documented outcome (Chat Session → Reset / Add Message)', () => {
	it.each(CASES.map((c) => [c.name, c] as const))(
		'%s',
		async (_name, c) => {
			const path = new RegExp(
				`/ChatSession/${SESSION}/${c.operation === 'reset' ? 'Reset' : 'Messages'}$`,
			);
			sandbox.faults.script(
				c.faults().map(({ fault, times }) => ({
					match: { method: 'POST', path },
					times: times ?? 1,
					fault,
				})),
			);
			const copiesBefore = copiesOfMessage(sandbox, SESSION);
			expect(copiesBefore).toBe(0);

			const result = await runNode({
				sandbox,
				ids: [SESSION],
				operation: c.operation,
				options: c.options,
			});
			await c.check?.(attemptsFor(sandbox, SESSION, c.operation), result);

			// The request log: how many attempts, and the fault each one got.
			const attempts = attemptsFor(sandbox, SESSION, c.operation);
			expect(faultsOf(attempts)).toEqual(c.attempts);
			expect(sandbox.requests).toHaveLength(attempts.length);
			for (const gap of gapsBetween(attempts))
				expect(gap).toBeGreaterThanOrEqual((c.minGapMs ?? 0) - SLACK_MS);
			if (c.notBefore)
				expect(attempts[1].startedAt).toBeGreaterThanOrEqual(c.notBefore() - SLACK_MS);
			if (c.maxElapsedMs !== undefined) expect(result.elapsedMs).toBeLessThan(c.maxElapsedMs);

			// The node's output or error.
			if (c.outcome === 'success') {
				expect(result.error).toBeUndefined();
				expect(result.status).toBe('success');
				expect(result.items).toHaveLength(1);
				expect(result.items[0].pairedItem).toEqual({ item: 0 });
				expect(result.items[0].json.ChatSessionId).toBe(SESSION);
				if (c.operation === 'reset') {
					expect(result.items[0].json).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
					expect(sandbox.getSession(SESSION)).toMatchObject({
						Status: 'InQueue',
						ChatbotIsActive: false,
					});
				} else {
					expect(result.items[0].json.Message).toBe(MESSAGE_TEXT);
				}
			} else {
				expect(result.status).toBe('error');
				expect(result.error?.message).toMatch(c.outcome.message);
				if (c.outcome.httpCode !== undefined) {
					expect((result.error as { httpCode?: string | null } | undefined)?.httpCode).toBe(
						c.outcome.httpCode,
					);
				}
				if (c.outcome.description) expect(result.error?.description).toMatch(c.outcome.description);
			}
			if (c.copies !== undefined) expect(copiesOfMessage(sandbox, SESSION)).toBe(c.copies);

			if (result.error) expectNoSecrets(result.error);
			expectNoSecrets(result.items);
			expectNoSecrets(result.run);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Add Message: a refused connection (nothing listening, never sent) → retried, then "after N attempts"',
		async () => {
			// A port that was free a moment ago: connecting to it is refused.
			const port = await new Promise<number>((resolve, reject) => {
				const server = createServer();
				server.once('error', reject);
				server.listen(0, '127.0.0.1', () => {
					const address = server.address();
					server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
				});
			});
			const baseUrl = `http://127.0.0.1:${port}/${sandbox.tenant}`;
			const result = await runNode({
				sandbox,
				baseUrl,
				ids: [SESSION],
				operation: 'addMessage',
				options: { maxRetries: 1 },
			});

			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(
				addError('no answer from SuperOffice \\(.*, after 2 attempts\\)$'),
			);
			expect(result.error?.description).toMatch(/Nothing answered at the base URL/);
			// One backoff step (250–500 ms) lay between the two attempts.
			expect(result.elapsedMs).toBeGreaterThanOrEqual(MIN_BACKOFF_MS);
			expect(sandbox.requests).toHaveLength(0);
			expectNoSecrets(result.error);
		},
		TEST_TIMEOUT_MS,
	);
});

describe('cancellation', () => {
	/** Starts a Reset that gets 429 + Retry-After: 30, cancels it 300 ms after that answer, returns the result. */
	async function cancelDuringRetryAfter(): Promise<{
		result: TimedRunResult;
		endedAfterCancelMs: number;
	}> {
		sandbox.faults.script([
			{
				match: { method: 'POST', path: new RegExp(`/ChatSession/${SESSION}/Reset$`) },
				times: 5,
				fault: status(429, { retryAfter: 30 }),
			},
		]);
		const controller = new AbortController();
		const run = runNode({ sandbox, ids: [SESSION], abortSignal: controller.signal });
		// Until the first attempt got its 429 (bounded: a loaded machine sends it late), then a moment
		// more: the node is now waiting the 30 s the server asked for.
		const firstBy = Date.now() + 10_000;
		while (attemptsFor(sandbox, SESSION).length === 0 && Date.now() < firstBy) await pause(25);
		await pause(300);
		expect(faultsOf(attemptsFor(sandbox, SESSION))).toEqual(['status 429']);
		const cancelledAt = Date.now();
		controller.abort();
		const result = await run;
		return { result, endedAfterCancelMs: Date.now() - cancelledAt };
	}

	it(
		'stops waiting for a 30 s Retry-After as soon as the execution is cancelled, and sends nothing more',
		async () => {
			const { result, endedAfterCancelMs } = await cancelDuringRetryAfter();
			expect(endedAfterCancelMs).toBeLessThan(2000);
			expect(result.elapsedMs).toBeLessThan(2500);

			// No attempt after the cancel, also not a moment later.
			await pause(200);
			expect(faultsOf(attemptsFor(sandbox, SESSION))).toEqual(['status 429']);
			expect(sandbox.requests).toHaveLength(1);
			expect(sandbox.getSession(SESSION)?.ChatbotIsActive).toBe(true);
			expectNoSecrets(result.run);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'ends the cancelled run with status "canceled", not as a 429 failure',
		async () => {
			const { result } = await cancelDuringRetryAfter();
			// n8n marks a run canceled when the node's error says so ("canceled" in the message or a
			// *Cancelled* error name, as axios' CanceledError does for the HTTP Request node).
			expect(result.status).toBe('canceled');
			expect(result.error?.message ?? '').not.toMatch(/too many requests \(HTTP 429\)/);
		},
		TEST_TIMEOUT_MS,
	);
});
