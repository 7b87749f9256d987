/**
 * One HTTP exchange with SuperOffice, whatever it is for: sends an attempt, reads its answer
 * within a size limit and a wall-clock deadline, and repeats transient failures as the retry
 * policy says. Knows nothing of credentials or tenants: `send` applies the credential (or not),
 * `recover` may mend a failure (a refreshed token, a new host) before the retry rules.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { HttpFailure, NetworkFailure, RequestSubject } from '../errors/errors';
import {
	bodyReadFailure,
	deadlineFailure,
	failureFromResponse,
	failureFromThrown,
	invalidHeaderFailure,
	redirectFailure,
} from './httpFailure';
import type { TransportFailure } from './httpFailure';
import type { RequestLimiter } from './limiter';
import type { RequestContext } from './request';
import {
	discardBody,
	MAX_DATA_BODY_BYTES,
	MAX_ERROR_BODY_BYTES,
	readBodyText,
} from './responseBody';
import { DEFAULT_RETRY_POLICY, nextRetryDelay } from './retry';
import type { RetryPolicy } from './retry';
import { startDeadline, waitUnlessCancelled } from './wait';

/** How one attempt failed: a status, no answer, or something the transport put into words. */
export type AttemptFailure = HttpFailure | NetworkFailure | TransportFailure;

/** A success's body is text here: read (within the limit) before the attempt counts as done. */
export type AttemptResult =
	| { ok: true; response: IN8nHttpFullResponse & { body: string } }
	| { ok: false; failure: AttemptFailure };

/** How an exchange ended after all retries: the answer, or the last failure. */
export type ExchangeResult = AttemptResult & { attempts: number };

/** n8n's request helper for one attempt: with the credential applied, or without. */
export type SendHttp = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

/** Logging label of a request (never its headers), and whether it may be repeated. */
export interface RequestLabel {
	method: string;
	path: string;
	idempotent: boolean;
}

/** One HTTP exchange with its retry rules; `recover` may fix a failure and ask for another try. */
export interface Exchange {
	send: () => Promise<AttemptResult>;
	idempotent: boolean;
	retry?: RetryPolicy;
	subject: RequestSubject;
	/** Called before the retry rules; true = try again at once (token refreshed, host found). */
	recover?: (failure: AttemptFailure, attempt: number) => Promise<boolean>;
}

/** What the attempt's deadline may need to free once it has passed: the body being read. */
interface AttemptHandle {
	abandoned: boolean;
	body?: unknown;
}

/** The execution's cancel signal, where the context has one. */
export function cancelSignal(ctx: RequestContext): AbortSignal | undefined {
	const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

/**
 * Take every answer as a stream and read it here, within a size limit: SuperOffice, IIS and
 * proxies may answer HTML, plain text, broken JSON or endless bodies, and a status error must
 * still show their words. Redirects are never followed: n8n would re-send the credential to
 * any host the server names (and a POST as a GET).
 */
export function rawResponseOptions(
	timeout: number | undefined,
	ignoreSslIssues: boolean,
): Partial<IHttpRequestOptions> {
	return {
		encoding: 'stream',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		skipSslCertificateValidation: ignoreSslIssues,
		timeout,
	};
}

/** The exchanges of one client, drawing their attempts' slots from the execution's limiter. */
export class HttpExchange {
	constructor(
		private readonly ctx: RequestContext,
		private readonly limiter?: RequestLimiter,
	) {}

	/**
	 * Sends until the answer is a success or a failure that retrying will not cure: waits
	 * between tries as the retry policy says, and stops early when the execution is cancelled.
	 */
	async run(exchange: Exchange): Promise<ExchangeResult> {
		const policy = exchange.retry ?? DEFAULT_RETRY_POLICY;
		const signal = cancelSignal(this.ctx);
		let waitedMs = 0;
		for (let attempt = 1; ; attempt++) {
			const result = await exchange.send();
			if (result.ok) return { ...result, attempts: attempt };
			const { failure } = result;
			if (exchange.recover && (await exchange.recover(failure, attempt))) continue;
			const delay = nextRetryDelay(
				failure,
				attempt,
				waitedMs,
				policy,
				exchange.idempotent,
				Date.now(),
			);
			if (delay === undefined) return { ...result, attempts: attempt };
			if (!(await waitUnlessCancelled(delay, signal))) {
				// n8n marks a run as cancelled by this word in the error.
				throw new NodeOperationError(
					this.ctx.getNode(),
					`Execution canceled while waiting to retry: could not ${exchange.subject.action}`,
				);
			}
			waitedMs += delay;
			this.ctx.logger.debug('SuperOffice request retried', {
				action: exchange.subject.action,
				attempt,
				waitMs: delay,
			});
		}
	}

	/**
	 * One try, within the timeout as a wall-clock deadline: from sending to the last byte of the
	 * body (a body trickled byte by byte must not outlive it). n8n gives the request the
	 * execution's abort signal, so the deadline is a race; the body it leaves is destroyed.
	 * The deadline starts once the limiter gives the attempt its slot.
	 */
	async attempt(
		options: IHttpRequestOptions,
		label: RequestLabel,
		send: SendHttp,
	): Promise<AttemptResult> {
		const run = async () => await this.attemptWithin(options, label, send);
		return this.limiter ? await this.limiter.run(run) : await run();
	}

	private async attemptWithin(
		options: IHttpRequestOptions,
		label: RequestLabel,
		send: SendHttp,
	): Promise<AttemptResult> {
		const timeout = options.timeout;
		const handle: AttemptHandle = { abandoned: false };
		const work = this.sendAndRead(options, label, send, handle);
		if (timeout === undefined) return await work;
		const deadline = startDeadline(timeout);
		try {
			const first = await Promise.race([work, deadline.expired]);
			if (first !== 'expired') return first;
		} finally {
			deadline.stop();
		}
		handle.abandoned = true;
		discardBody(handle.body);
		work.catch(() => undefined);
		this.ctx.logger.debug('SuperOffice request timed out', {
			method: label.method,
			path: label.path,
			timeoutMs: timeout,
		});
		return { ok: false, failure: deadlineFailure(timeout, label.idempotent) };
	}

	private async sendAndRead(
		options: IHttpRequestOptions,
		label: RequestLabel,
		send: SendHttp,
		handle: AttemptHandle,
	): Promise<AttemptResult> {
		let response: IN8nHttpFullResponse;
		try {
			response = await send({ ...options, headers: { ...options.headers } });
		} catch (error) {
			const failure = failureFromThrown(error);
			const invalidHeader = invalidHeaderFailure(failure);
			if (invalidHeader) return { ok: false, failure: invalidHeader };
			// axios' own (idle) timeout may fire just before the deadline: the same limit, the same words.
			if (options.timeout && /timeout|ECONNABORTED/i.test(`${failure.code} ${failure.message}`)) {
				return { ok: false, failure: deadlineFailure(options.timeout, label.idempotent) };
			}
			return { ok: false, failure };
		}
		if (handle.abandoned) {
			discardBody(response.body);
			return {
				ok: false,
				failure: { kind: 'network', code: 'ETIMEDOUT', message: 'abandoned after the timeout' },
			};
		}
		handle.body = response.body;
		const status = response.statusCode;
		this.ctx.logger.debug('SuperOffice request', {
			method: label.method,
			path: label.path,
			status,
		});
		if (status >= 300 && status <= 399) {
			discardBody(response.body);
			return { ok: false, failure: redirectFailure(response, options.url) };
		}
		const success = status >= 200 && status <= 299;
		const read = await readBodyText(
			response.body,
			success ? MAX_DATA_BODY_BYTES : MAX_ERROR_BODY_BYTES,
			success ? 'fail' : 'truncate',
		);
		if (!read.ok) return { ok: false, failure: bodyReadFailure(read, status) };
		const textResponse = { ...response, body: read.text };
		if (success) return { ok: true, response: textResponse };
		return {
			ok: false,
			failure: {
				...failureFromResponse(textResponse),
				...(read.cutAt ? { bodyCutAt: read.cutAt } : {}),
			},
		};
	}
}
