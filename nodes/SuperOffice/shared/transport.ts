import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { toApiRoot } from './apiRoot';
import { authHeaders, credentialSecrets } from './auth';
import { toNodeApiError } from './errors';
import type { HttpFailure, NetworkFailure, RequestSubject } from './errors';
import { localeHeaders } from './localeHeaders';
import type { LocaleOptions } from './localeHeaders';
import { DEFAULT_RETRY_POLICY, nextRetryDelay } from './retry';
import type { RetryPolicy } from './retry';
import { waitUnlessCancelled } from './wait';

export const API_CREDENTIAL_TYPE = 'superOfficeApi';

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
}

/** How requests of one item are sent: the node's options for that item. */
export interface RequestSettings {
	locale?: LocaleOptions;
	/** Milliseconds before one attempt is given up; undefined leaves n8n's default. */
	timeout?: number;
	retry?: RetryPolicy;
}

/** Contexts that may talk to SuperOffice: an execution, or a pick list in the editor. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

type AttemptResult =
	| { ok: true; response: IN8nHttpFullResponse }
	| { ok: false; failure: HttpFailure | NetworkFailure };

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return value === undefined ? undefined : String(value);
}

function failureFromResponse(response: IN8nHttpFullResponse): HttpFailure {
	return {
		kind: 'http',
		status: response.statusCode,
		statusText: response.statusMessage,
		body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
		contentType: header(response, 'content-type') ?? '',
		retryAfter: header(response, 'retry-after'),
	};
}

/** n8n wraps request failures in a NodeApiError whose cause is the underlying error. */
function failureFromThrown(error: unknown): NetworkFailure {
	const root = ((error as { cause?: unknown })?.cause ?? error) as { code?: unknown; message?: unknown };
	return {
		kind: 'network',
		code: typeof root.code === 'string' ? root.code : undefined,
		message: typeof root.message === 'string' ? root.message : 'request failed',
	};
}

function cancelSignal(ctx: RequestContext): AbortSignal | undefined {
	const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal() : undefined;
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
	/** Handed to n8n with every request, so the credential is decrypted once, not per call. */
	private readonly decrypted: ICredentialsDecrypted;

	private constructor(
		private readonly ctx: RequestContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		readonly apiRoot: string,
		private readonly secrets: readonly string[],
	) {
		const reference = ctx.getNode().credentials?.[API_CREDENTIAL_TYPE];
		this.decrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? API_CREDENTIAL_TYPE,
			type: API_CREDENTIAL_TYPE,
			data: credentials,
		};
	}

	static async create(ctx: RequestContext): Promise<SuperOfficeClient> {
		const credentials = await ctx.getCredentials(API_CREDENTIAL_TYPE);
		const apiRoot = toApiRoot(credentials.baseUrl);
		// Check the secrets once, up front: an empty ticket or a line break in a token is
		// refused before any request (n8n would otherwise wrap the refusal as a request error).
		authHeaders(credentials);
		return new SuperOfficeClient(ctx, credentials, apiRoot, credentialSecrets(credentials));
	}

	async request<T = IDataObject>(request: SuperOfficeRequest, settings: RequestSettings = {}): Promise<T> {
		const options = this.httpOptions(request, settings);
		const policy = settings.retry ?? DEFAULT_RETRY_POLICY;
		const signal = cancelSignal(this.ctx);
		let waitedMs = 0;

		for (let attempt = 1; ; attempt++) {
			const result = await this.attempt(options, request, settings);
			if (result.ok) return this.parseBody<T>(result.response, request.subject, attempt);

			const { failure } = result;
			const delay = nextRetryDelay(failure, attempt, waitedMs, policy, request.idempotent !== false, Date.now());
			if (delay === undefined || !(await waitUnlessCancelled(delay, signal))) {
				throw toNodeApiError(this.ctx.getNode(), failure, { ...request.subject, attempts: attempt }, this.secrets);
			}
			waitedMs += delay;
			this.ctx.logger.debug('SuperOffice request retried', {
				method: request.method,
				path: request.path,
				attempt,
				waitMs: delay,
			});
		}
	}

	private httpOptions(request: SuperOfficeRequest, settings: RequestSettings): IHttpRequestOptions {
		const headers: IDataObject = {
			Accept: 'application/json',
			...localeHeaders(settings.locale ?? {}, this.credentials),
		};
		if (request.body !== undefined) headers['Content-Type'] = 'application/json';
		return {
			method: request.method,
			url: `${this.apiRoot}${request.path}`,
			headers,
			qs: request.qs,
			body: request.body,
			// Read the body as text and parse it here: SuperOffice, IIS and proxies may answer
			// HTML, plain text or broken JSON, and a status error must still show their words.
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			skipSslCertificateValidation: this.credentials.allowUnauthorizedCerts === true,
			timeout: settings.timeout,
		};
	}

	private async attempt(
		options: IHttpRequestOptions,
		request: SuperOfficeRequest,
		settings: RequestSettings,
	): Promise<AttemptResult> {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				API_CREDENTIAL_TYPE,
				{ ...options, headers: { ...options.headers } },
				{ credentialsDecrypted: this.decrypted },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = failureFromThrown(error);
			if (settings.timeout && /timeout|ECONNABORTED/i.test(`${failure.code} ${failure.message}`)) {
				failure.message = `no answer within the timeout of ${settings.timeout} ms`;
			}
			return { ok: false, failure };
		}
		this.ctx.logger.debug('SuperOffice request', {
			method: request.method,
			path: request.path,
			status: response.statusCode,
		});
		if (response.statusCode >= 200 && response.statusCode <= 299) return { ok: true, response };
		return { ok: false, failure: failureFromResponse(response) };
	}

	private parseBody<T>(response: IN8nHttpFullResponse, subject: RequestSubject, attempts: number): T {
		const body = response.body;
		if (typeof body !== 'string') return body as T;
		if (body.trim() === '') return null as T;
		try {
			return JSON.parse(body) as T;
		} catch {
			throw toNodeApiError(
				this.ctx.getNode(),
				{ kind: 'invalidJson', status: response.statusCode, contentType: header(response, 'content-type') ?? '' },
				{ ...subject, attempts },
				this.secrets,
			);
		}
	}
}
