import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { toApiRoot } from './apiRoot';
import { authHeaders, credentialSecrets } from './auth';
import { toNodeApiError } from './errors';
import type { RequestFailure, RequestSubject } from './errors';
import { localeHeaders } from './localeHeaders';
import type { LocaleOptions } from './localeHeaders';
import { InvalidInputError } from './validate';

export const API_CREDENTIAL_TYPE = 'superOfficeApi';

export interface SuperOfficeRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, starting with "/", with every dynamic part already validated. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	subject: RequestSubject;
	locale?: LocaleOptions;
	/** Milliseconds before the request is given up; undefined leaves n8n's default. */
	timeout?: number;
	/**
	 * False for requests that must not be repeated once they may have reached SuperOffice
	 * (adding a message twice shows it twice). Defaults to true.
	 */
	idempotent?: boolean;
}

/** Contexts that may talk to SuperOffice: an execution, or a pick list in the editor. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

function failureFromResponse(response: IN8nHttpFullResponse): RequestFailure {
	const contentType = String(response.headers?.['content-type'] ?? '');
	return {
		kind: 'http',
		status: response.statusCode,
		statusText: response.statusMessage,
		body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
		contentType,
	};
}

/** n8n wraps request failures in a NodeApiError whose cause is the underlying error. */
function failureFromThrown(error: unknown): RequestFailure | InvalidInputError {
	const root = (error as { cause?: unknown })?.cause ?? error;
	if (root instanceof InvalidInputError) return root;
	if (error instanceof InvalidInputError) return error;
	const { code, message } = root as { code?: unknown; message?: unknown };
	return {
		kind: 'network',
		code: typeof code === 'string' ? code : undefined,
		message: typeof message === 'string' ? message : 'request failed',
	};
}

/**
 * The only place that talks HTTP to SuperOffice: builds the URL from the credential's
 * API root, adds Accept and language headers, lets n8n apply the credential
 * (`httpRequestWithAuthentication`), parses JSON defensively and turns every failure into
 * a NodeApiError without secrets. One client per execution: the credential is read once.
 * Invalid input surfaces as InvalidInputError; the item runner adds the item context.
 */
export class SuperOfficeClient {
	private constructor(
		private readonly ctx: RequestContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		readonly apiRoot: string,
		private readonly secrets: readonly string[],
	) {}

	static async create(ctx: RequestContext): Promise<SuperOfficeClient> {
		const credentials = await ctx.getCredentials(API_CREDENTIAL_TYPE);
		const apiRoot = toApiRoot(credentials.baseUrl);
		// Check the secrets once, up front: an empty ticket or a line break in a token is
		// refused before any request (n8n would otherwise wrap the refusal as a request error).
		authHeaders(credentials);
		return new SuperOfficeClient(ctx, credentials, apiRoot, credentialSecrets(credentials));
	}

	async request<T = IDataObject>(request: SuperOfficeRequest): Promise<T> {
		const headers: IDataObject = {
			Accept: 'application/json',
			...localeHeaders(request.locale ?? {}, this.credentials),
		};
		const options: IHttpRequestOptions = {
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
			timeout: request.timeout,
		};
		if (request.body !== undefined) headers['Content-Type'] = 'application/json';

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				API_CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = failureFromThrown(error);
			// A credential value refused by `authenticate` (empty ticket, line break ...).
			if (failure instanceof InvalidInputError) throw failure;
			if (failure.kind === 'network' && request.timeout && /timeout|ECONNABORTED/i.test(`${failure.code} ${failure.message}`)) {
				failure.message = `no answer within the timeout of ${request.timeout} ms`;
			}
			throw toNodeApiError(this.ctx.getNode(), failure, request.subject, this.secrets);
		}

		this.ctx.logger.debug('SuperOffice request', {
			method: request.method,
			path: request.path,
			status: response.statusCode,
		});

		if (response.statusCode < 200 || response.statusCode > 299) {
			throw toNodeApiError(this.ctx.getNode(), failureFromResponse(response), request.subject, this.secrets);
		}
		return this.parseBody<T>(response, request.subject);
	}

	private parseBody<T>(response: IN8nHttpFullResponse, subject: RequestSubject): T {
		const body = response.body;
		if (typeof body !== 'string') return body as T;
		if (body.trim() === '') return null as T;
		try {
			return JSON.parse(body) as T;
		} catch {
			const contentType = String(response.headers?.['content-type'] ?? '');
			throw toNodeApiError(
				this.ctx.getNode(),
				{ kind: 'invalidJson', status: response.statusCode, contentType },
				subject,
				this.secrets,
			);
		}
	}
}
