import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { bareTenantId, toApiRoot } from '../host/apiRoot';
import { ApiRootSource } from '../host/apiRootSource';
import type { LookupFailed } from '../host/apiRootSource';
import { authHeaders, credentialSecrets } from './auth';
import { toNodeApiError } from '../errors/errors';
import type { HttpFailure, NetworkFailure, RequestSubject } from '../errors/errors';
import { assertSendableHeaders } from './headerValues';
import {
	bodyReadFailure,
	deadlineFailure,
	failureFromResponse,
	failureFromThrown,
	invalidHeaderFailure,
	parseJsonBody,
	redirectFailure,
	unexpectedAnswerFailure,
} from './httpFailure';
import type { AnswerShape, TransportFailure } from './httpFailure';
import { localeHeaders } from './localeHeaders';
import type { LocaleOptions } from './localeHeaders';
import {
	discardBody,
	MAX_DATA_BODY_BYTES,
	MAX_ERROR_BODY_BYTES,
	readBodyText,
} from './responseBody';
import { DEFAULT_RETRY_POLICY, nextRetryDelay } from './retry';
import type { RetryPolicy } from './retry';
import { apiRootFromTenantState, tenantIdInUrl, tenantStateUrl } from '../host/tenantHost';
import { isJsonObject, toResultPage } from './resultPage';
import { withoutSessionKey } from './sessionKey';
import { refreshOrAdopt } from './tokenRefresh';
import { optionalHeaderValue } from '../execution/validate';
import { startDeadline, waitUnlessCancelled } from './wait';

export const API_CREDENTIAL_TYPE = 'superOfficeApi';
export const SIGN_IN_CREDENTIAL_TYPE = 'superOfficeOAuth2Api';
export type CredentialType = typeof API_CREDENTIAL_TYPE | typeof SIGN_IN_CREDENTIAL_TYPE;

/** The status codes SuperOffice Online answers for an expired access token. */
const TOKEN_EXPIRED_STATUSES = new Set([401, 403]);

/** One call to the SuperOffice REST API, as an operation describes it. */
export interface SuperOfficeRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, starting with "/", with every dynamic part already validated. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	subject: RequestSubject;
	/**
	 * False for requests that must not be repeated once they may have reached SuperOffice
	 * (adding a message twice shows it twice). Defaults to true.
	 */
	idempotent?: boolean;
	/**
	 * What a success must hold: a JSON object (default), an OData page (returned as a ResultPage),
	 * a list (keeps only objects), or nothing ('none': the body is ignored).
	 * Anything else fails the request.
	 */
	answer?: AnswerShape;
	/** What the answer is, for the error when it is something else: default "chat session" for a session's request. */
	answerName?: string;
}

/** How requests of one item are sent: the node's options for that item. */
export interface RequestSettings {
	locale?: LocaleOptions;
	/** Milliseconds before one attempt is given up; undefined leaves n8n's default. */
	timeout?: number;
	retry?: RetryPolicy;
}

/**
 * Contexts that may talk to SuperOffice: an execution, a pick list in the editor, a poll, a
 * trigger (un)registering its webhook, or a webhook call being handled.
 */
export type RequestContext =
	IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions | IWebhookFunctions;

/** How one attempt failed: a status, no answer, or something the transport put into words. */
type AttemptFailure = HttpFailure | NetworkFailure | TransportFailure;

/** A success's body is text here: read (within the limit) before the attempt counts as done. */
type AttemptResult =
	| { ok: true; response: IN8nHttpFullResponse & { body: string } }
	| { ok: false; failure: AttemptFailure };

/** How an exchange ended after all retries: the answer, or the last failure. */
type ExchangeResult = AttemptResult & { attempts: number };

/** One HTTP exchange with its retry rules; `recover` may fix a failure and ask for another try. */
interface Exchange {
	send: () => Promise<AttemptResult>;
	idempotent: boolean;
	settings: RequestSettings;
	subject: RequestSubject;
	/** Called before the retry rules; true = try again at once (token refreshed, host found). */
	recover?: (failure: AttemptFailure, attempt: number) => Promise<boolean>;
}

/** OAuth2 with only a customer id as Base URL: the API root is looked up, not configured. */
interface TenantLookup {
	tenant: string;
	stateUrl: string;
}

/** Logging label of a request (never its headers), and whether it may be repeated. */
interface RequestLabel {
	method: string;
	path: string;
	idempotent: boolean;
}

/** What the attempt's deadline may need to free once it has passed: the body being read. */
interface AttemptHandle {
	abandoned: boolean;
	body?: unknown;
}

function cancelSignal(ctx: RequestContext): AbortSignal | undefined {
	const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

/**
 * The only place that talks HTTP to SuperOffice: builds the URL from the credential's
 * API root, adds Accept and language headers, lets n8n apply the credential
 * (`httpRequestWithAuthentication`), retries transient failures, parses JSON defensively
 * and turns every failure into a NodeApiError without secrets. One client per execution:
 * the credential is read and checked once. Invalid input surfaces as InvalidInputError;
 * the item runner adds the item context.
 */
export class SuperOfficeClient {
	/**
	 * API credential: handed to n8n with every request, so it is decrypted once, not per
	 * call. (n8n reads OAuth2 credentials itself, to keep refreshed tokens.)
	 */
	private readonly decrypted?: ICredentialsDecrypted;
	/** OAuth2: headers n8n does not add for us (it signs OAuth2 requests without `authenticate`). */
	private readonly extraHeaders: Record<string, string> = {};
	private readonly tenantStateUrl?: string;
	/**
	 * OAuth2: bumped by the token refresh; a refresh in flight is shared by all requests, and
	 * there is at most one per execution (a refused fresh token is final for every later item).
	 */
	private tokenGeneration = 0;
	private refreshing?: Promise<void>;
	private readonly apiRoot: ApiRootSource<RequestSettings>;

	private constructor(
		private readonly ctx: RequestContext,
		private readonly credentialType: CredentialType,
		private readonly credentials: ICredentialDataDecryptedObject,
		fixedApiRoot: string | undefined,
		private readonly lookup: TenantLookup | undefined,
		private secrets: readonly string[],
	) {
		this.apiRoot = new ApiRootSource(
			fixedApiRoot,
			lookup === undefined
				? undefined
				: async (settings) => await this.lookUpApiRoot(lookup, settings),
		);
		// A fixed Online URL that answers 421: the error names where SuperOffice says the tenant lives.
		const tenant = fixedApiRoot === undefined ? undefined : tenantIdInUrl(fixedApiRoot);
		if (tenant !== undefined && credentialType === SIGN_IN_CREDENTIAL_TYPE) {
			try {
				this.tenantStateUrl = tenantStateUrl(credentials, tenant);
			} catch {
				this.tenantStateUrl = undefined; // only a hint; the 421 advice works without it
			}
		}
		if (credentialType === API_CREDENTIAL_TYPE) {
			const reference = ctx.getNode().credentials?.[API_CREDENTIAL_TYPE];
			this.decrypted = {
				id: reference?.id ?? '',
				name: reference?.name ?? API_CREDENTIAL_TYPE,
				type: API_CREDENTIAL_TYPE,
				data: credentials,
			};
		} else {
			const appToken = optionalHeaderValue(credentials.appToken, 'App Token');
			if (appToken !== undefined) this.extraHeaders['SO-AppToken'] = appToken;
			assertSendableHeaders(this.extraHeaders);
		}
	}

	static async create(
		ctx: RequestContext,
		credentialType: CredentialType = API_CREDENTIAL_TYPE,
	): Promise<SuperOfficeClient> {
		const credentials = await ctx.getCredentials(credentialType);
		const tenant =
			credentialType === SIGN_IN_CREDENTIAL_TYPE ? bareTenantId(credentials.baseUrl) : undefined;
		const lookup =
			tenant === undefined ? undefined : { tenant, stateUrl: tenantStateUrl(credentials, tenant) };
		const apiRoot = lookup === undefined ? toApiRoot(credentials.baseUrl) : undefined;
		// Check the secrets once, up front: an empty ticket or a line break in a token is
		// refused before any request (n8n would otherwise wrap the refusal as a request error).
		if (credentialType === API_CREDENTIAL_TYPE) {
			assertSendableHeaders(authHeaders(credentials), {
				authorization:
					credentials.authScheme === 'bearer'
						? 'The Access Token of the credential'
						: 'The Ticket of the credential',
			});
		}
		return new SuperOfficeClient(
			ctx,
			credentialType,
			credentials,
			apiRoot,
			lookup,
			credentialSecrets(credentials),
		);
	}

	async request<T = IDataObject>(
		request: SuperOfficeRequest,
		settings: RequestSettings = {},
	): Promise<T> {
		const subject: RequestSubject = { ...request.subject, tenantStateUrl: this.tenantStateUrl };
		// Where only a customer id is configured, the first request looks the host up.
		let root = this.foundApiRoot(await this.apiRoot.get(settings), subject);
		let tokenGeneration = this.tokenGeneration;
		let rootGeneration = this.apiRoot.generation;
		let refreshed = false;
		let rehomed = false;

		const result = await this.exchange({
			idempotent: request.idempotent !== false,
			settings,
			subject,
			send: async () => {
				tokenGeneration = this.tokenGeneration;
				rootGeneration = this.apiRoot.generation;
				const label = {
					method: request.method,
					path: request.path,
					idempotent: request.idempotent !== false,
				};
				return await this.attempt(this.httpOptions(root, request, settings), label, settings, true);
			},
			recover: async (failure, attempt) => {
				if (failure.kind !== 'http') return false;
				// An expired OAuth2 token answers 401 or 403: refresh it once and try again. A 403
				// that survives a fresh token is a real "no rights" and ends in its error.
				if (
					!refreshed &&
					this.credentialType === SIGN_IN_CREDENTIAL_TYPE &&
					TOKEN_EXPIRED_STATUSES.has(failure.status) &&
					(await this.refreshAccessToken(tokenGeneration, subject, attempt))
				) {
					refreshed = true;
					return true;
				}
				// The tenant moved to another host: look it up again and try once more there.
				if (!rehomed && failure.status === 421) {
					rehomed = true;
					const moved = await this.apiRoot.lookUpAgain(rootGeneration, root, settings);
					if (moved === undefined) return false;
					root = this.foundApiRoot(moved, subject);
					this.ctx.logger.debug('SuperOffice Online tenant moved to another host', {
						tenant: this.lookup?.tenant,
					});
					return true;
				}
				return false;
			},
		});
		if (!result.ok) {
			throw toNodeApiError(
				this.ctx.getNode(),
				result.failure,
				{ ...subject, attempts: result.attempts },
				this.secrets,
			);
		}
		return this.parseAnswer(result.response, request, subject, result.attempts) as T;
	}

	/**
	 * Sends until the answer is a success or a failure that retrying will not cure: waits
	 * between tries as the retry policy says, and stops early when the execution is cancelled.
	 */
	private async exchange(exchange: Exchange): Promise<ExchangeResult> {
		const policy = exchange.settings.retry ?? DEFAULT_RETRY_POLICY;
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

	/** A root, or the lookup's failure as the error of this request. */
	private foundApiRoot(found: string | LookupFailed, subject: RequestSubject): string {
		if (typeof found === 'string') return found;
		throw toNodeApiError(
			this.ctx.getNode(),
			found.failure,
			{
				...subject,
				action: `find SuperOffice Online tenant ${this.lookup?.tenant} (to ${subject.action})`,
				attempts: found.attempts,
			},
			this.secrets,
		);
	}

	/**
	 * GET {env}/api/state/{tenant}: no credential is sent, the answer is public. It runs with
	 * the timeout and retries of the request that needs it, and stops when the execution is
	 * cancelled (n8n adds the cancel signal only to authenticated requests).
	 */
	private async lookUpApiRoot(
		{ tenant, stateUrl }: TenantLookup,
		settings: RequestSettings,
	): Promise<string | LookupFailed> {
		const label = { method: 'GET', path: `/api/state/${tenant}`, idempotent: true };
		const lookupSettings: RequestSettings = { timeout: settings.timeout, retry: settings.retry };
		const result = await this.exchange({
			idempotent: true,
			settings: lookupSettings,
			subject: { action: `find SuperOffice Online tenant ${tenant}` },
			send: async () =>
				await this.attempt(
					{
						method: 'GET',
						url: stateUrl,
						headers: { Accept: 'application/json' },
						abortSignal: cancelSignal(this.ctx),
						...this.rawResponseOptions(lookupSettings),
					},
					label,
					lookupSettings,
					false,
				),
		});
		if (!result.ok) return { failure: result.failure, attempts: result.attempts };
		const body = parseJsonBody(result.response);
		if ('failure' in body) return { failure: body.failure, attempts: result.attempts };
		const found = apiRootFromTenantState(body.value, tenant, stateUrl);
		if ('problem' in found) {
			return {
				failure: { kind: 'tenantState', ...found.problem, stateUrl },
				attempts: result.attempts,
			};
		}
		this.ctx.logger.debug('SuperOffice Online tenant host found', { tenant });
		return found.apiRoot;
	}

	/**
	 * Refreshes the OAuth2 access token through n8n (which stores the new token), once per
	 * expiry however many requests notice it. False where this n8n has no refresh helper.
	 */
	private async refreshAccessToken(
		seenGeneration: number,
		subject: RequestSubject,
		attempts: number,
	): Promise<boolean> {
		// Sent with an older token: try once more with the one refreshed meanwhile.
		if (this.tokenGeneration !== seenGeneration) return true;
		// The token was already refreshed in this execution and the fresh one is refused too:
		// a real "no rights", final for this and every later item (no refresh per item).
		if (this.tokenGeneration > 0) return false;
		const refresh = (
			this.ctx.helpers as {
				refreshOAuth2Token?: (this: RequestContext, type: string) => Promise<unknown>;
			}
		).refreshOAuth2Token;
		if (typeof refresh !== 'function') return false;
		if (!this.refreshing) {
			// n8n's helper needs the execution context, not the helpers object, as `this`.
			const refreshOnce = async () => await refresh.call(this.ctx, this.credentialType);
			const readCredential = async () => await this.ctx.getCredentials(this.credentialType);
			this.refreshing = refreshOrAdopt(refreshOnce, readCredential, cancelSignal(this.ctx)).then(
				async () => {
					// Scrub the new tokens from later errors too, not only the ones read at the start.
					const refreshed = await this.ctx.getCredentials(this.credentialType);
					this.secrets = [...new Set([...this.secrets, ...credentialSecrets(refreshed)])];
					this.tokenGeneration++;
					this.ctx.logger.debug('SuperOffice OAuth2 access token refreshed');
				},
			);
			// A failed refresh stays failed for this execution: later items do not try again.
			this.refreshing.catch(() => undefined);
		}
		try {
			await this.refreshing;
		} catch (error) {
			const detail = (error as { message?: unknown })?.message;
			throw toNodeApiError(
				this.ctx.getNode(),
				{
					kind: 'tokenRefresh',
					message: typeof detail === 'string' ? detail : 'the token service refused',
				},
				{ ...subject, attempts },
				this.secrets,
			);
		}
		return true;
	}

	private httpOptions(
		apiRoot: string,
		request: SuperOfficeRequest,
		settings: RequestSettings,
	): IHttpRequestOptions {
		const headers: IDataObject = {
			...this.extraHeaders,
			Accept: 'application/json',
			...localeHeaders(settings.locale ?? {}, this.credentials),
		};
		if (request.body !== undefined) headers['Content-Type'] = 'application/json';
		assertSendableHeaders(headers);
		return {
			method: request.method,
			url: `${apiRoot}${request.path}`,
			headers,
			qs: request.qs,
			body: request.body,
			...this.rawResponseOptions(settings),
		};
	}

	/**
	 * Take every answer as a stream and read it here, within a size limit: SuperOffice, IIS and
	 * proxies may answer HTML, plain text, broken JSON or endless bodies, and a status error must
	 * still show their words. Redirects are never followed: n8n would re-send the credential to
	 * any host the server names (and a POST as a GET).
	 */
	private rawResponseOptions(settings: RequestSettings): Partial<IHttpRequestOptions> {
		return {
			encoding: 'stream',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			skipSslCertificateValidation: this.credentials.ignoreSslIssues === true,
			timeout: settings.timeout,
		};
	}

	/**
	 * One try, within the timeout as a wall-clock deadline: from sending to the last byte of the
	 * body (a body trickled byte by byte must not outlive it). n8n gives the request the
	 * execution's abort signal, so the deadline is a race; the body it leaves is destroyed.
	 * `authenticated` = let n8n apply the credential (everything but the tenant lookup).
	 */
	private async attempt(
		options: IHttpRequestOptions,
		label: RequestLabel,
		settings: RequestSettings,
		authenticated: boolean,
	): Promise<AttemptResult> {
		const handle: AttemptHandle = { abandoned: false };
		const work = this.sendAndRead(options, label, authenticated, handle);
		if (settings.timeout === undefined) return await work;
		const deadline = startDeadline(settings.timeout);
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
			timeoutMs: settings.timeout,
		});
		return { ok: false, failure: deadlineFailure(settings.timeout, label.idempotent) };
	}

	private async sendAndRead(
		options: IHttpRequestOptions,
		label: RequestLabel,
		authenticated: boolean,
		handle: AttemptHandle,
	): Promise<AttemptResult> {
		let response: IN8nHttpFullResponse;
		const sent = { ...options, headers: { ...options.headers } };
		try {
			response = (
				authenticated
					? await this.ctx.helpers.httpRequestWithAuthentication.call(
							this.ctx,
							this.credentialType,
							sent,
							this.decrypted ? { credentialsDecrypted: this.decrypted } : undefined,
						)
					: await this.ctx.helpers.httpRequest(sent)
			) as IN8nHttpFullResponse;
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

	/**
	 * The JSON of a success, in the shape the request expects: an object, a list whose entries
	 * that are not objects are dropped, or a page (ResultPage: its object rows and how many rows
	 * were sent). A chat session's SessionKey is dropped from each (sessionKey.ts). An empty body, 204, null, a text, a number or a
	 * list where an object belongs fails the request: it would otherwise become no item, a
	 * primitive item or several items for one input.
	 */
	private parseAnswer(
		response: IN8nHttpFullResponse & { body: string },
		request: SuperOfficeRequest,
		subject: RequestSubject,
		attempts: number,
	): unknown {
		const shape = request.answer ?? 'object';
		if (shape === 'none') return undefined;
		const expected =
			request.answerName ??
			(shape === 'object'
				? request.subject.chatSessionId !== undefined
					? 'chat session'
					: 'JSON object'
				: shape === 'page'
					? 'page of results'
					: 'list');
		const fail = (value: unknown, empty: boolean) =>
			toNodeApiError(
				this.ctx.getNode(),
				unexpectedAnswerFailure(response.statusCode, value, empty, expected),
				{ ...subject, attempts },
				this.secrets,
			);
		if (response.body.trim() === '') throw fail(undefined, true);
		const parsed = parseJsonBody(response);
		if ('failure' in parsed)
			throw toNodeApiError(
				this.ctx.getNode(),
				parsed.failure,
				{ ...subject, attempts },
				this.secrets,
			);
		const value = parsed.value;
		if (shape === 'list') {
			if (!Array.isArray(value)) throw fail(value, false);
			return value.filter(isJsonObject).map(withoutSessionKey);
		}
		if (!isJsonObject(value)) throw fail(value, false);
		if (shape === 'page') return toResultPage(value);
		return withoutSessionKey(value);
	}
}
