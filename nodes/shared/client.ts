import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { API_CREDENTIAL_TYPE, credentialTypeOf } from './credentials/credentialTypes';
import type { CredentialType } from './credentials/credentialTypes';
import type { RequestSubject } from './errors/errors';
import { ApiHost, apiLocation } from './host/apiHost';
import { readAnswer } from './transport/answer';
import { HttpExchange, rawResponseOptions } from './transport/exchange';
import type { RequestLimiter } from './transport/limiter';
import type { RequestContext, RequestSettings, SuperOfficeRequest } from './transport/request';
import { CredentialSession } from './transport/session';

/** The status codes SuperOffice Online answers for an expired access token. */
const TOKEN_EXPIRED_STATUSES = new Set([401, 403]);

/** What a node may give its client beyond the context. */
export interface ClientOptions {
	/** The execution's one limiter: every request of the node draws its slot from it. */
	limiter?: RequestLimiter;
}

/**
 * The only place that talks HTTP to SuperOffice. It composes the credential session
 * (transport/session.ts: headers, secrets, OAuth2 refresh), where the API lives
 * (host/apiHost.ts: fixed, or looked up and re-homed on 421), the exchange
 * (transport/exchange.ts: retries, deadline, reading the answer) and the answer's shape
 * (transport/answer.ts), and turns every failure into a
 * NodeApiError without secrets. One client per execution: the credential is read and checked
 * once. Invalid input surfaces as InvalidInputError; the item runner adds the item context.
 */
export class SuperOfficeClient {
	private constructor(
		private readonly session: CredentialSession,
		private readonly host: ApiHost,
		private readonly exchange: HttpExchange,
	) {}

	/** The client for the credential the node's `authentication` parameter picks. */
	static async forNode(
		ctx: RequestContext,
		options: ClientOptions = {},
	): Promise<SuperOfficeClient> {
		return await SuperOfficeClient.create(ctx, credentialTypeOf(ctx), options);
	}

	static async create(
		ctx: RequestContext,
		credentialType: CredentialType = API_CREDENTIAL_TYPE,
		options: ClientOptions = {},
	): Promise<SuperOfficeClient> {
		const credentials = await ctx.getCredentials(credentialType);
		// Where first: a Base URL that is no URL is named before a secret that is missing.
		const location = apiLocation(credentials, credentialType !== API_CREDENTIAL_TYPE);
		const session = CredentialSession.of(ctx, credentialType, credentials);
		const exchange = new HttpExchange(ctx, options.limiter);
		const host = new ApiHost(
			ctx,
			exchange,
			(failure, subject) => session.error(failure, subject),
			location,
		);
		return new SuperOfficeClient(session, host, exchange);
	}

	async request<T = IDataObject>(
		request: SuperOfficeRequest,
		settings: RequestSettings = {},
	): Promise<T> {
		const { session, host } = this;
		const subject: RequestSubject = { ...request.subject, tenantStateUrl: host.tenantStateUrl };
		const idempotent = request.idempotent !== false;
		const label = { method: request.method, path: request.path, idempotent };
		let root = await host.root(settings, subject);
		let tokenGeneration = session.generation;
		let rootGeneration = host.generation;
		let refreshed = false;
		let rehomed = false;

		const result = await this.exchange.run({
			idempotent,
			retry: settings.retry,
			subject,
			send: async () => {
				tokenGeneration = session.generation;
				rootGeneration = host.generation;
				return await this.exchange.attempt(
					this.httpOptions(root, request, settings),
					label,
					session.send,
				);
			},
			recover: async (failure, attempt) => {
				if (failure.kind !== 'http') return false;
				// An expired OAuth2 token answers 401 or 403: refresh it once and try again. A 403
				// that survives a fresh token is a real "no rights" and ends in its error.
				if (
					!refreshed &&
					session.isOAuth2 &&
					TOKEN_EXPIRED_STATUSES.has(failure.status) &&
					(await session.refreshAccessToken(tokenGeneration, subject, attempt))
				) {
					refreshed = true;
					return true;
				}
				// The tenant moved to another host: look it up again and try once more there.
				if (!rehomed && failure.status === 421) {
					rehomed = true;
					const moved = await host.rehome(rootGeneration, root, settings, subject);
					if (moved === undefined) return false;
					root = moved;
					return true;
				}
				return false;
			},
		});
		const attempts = result.attempts;
		if (!result.ok) throw session.error(result.failure, { ...subject, attempts }, request.secrets);
		return readAnswer(
			result.response,
			request,
			(failure) => session.error(failure, { ...subject, attempts }, request.secrets),
			session.rememberSecret,
		) as T;
	}

	private httpOptions(
		apiRoot: string,
		request: SuperOfficeRequest,
		settings: RequestSettings,
	): IHttpRequestOptions {
		return {
			method: request.method,
			url: `${apiRoot}${request.path}`,
			headers: this.session.headers(settings.locale ?? {}, request.body !== undefined),
			qs: request.qs,
			body: request.body,
			...rawResponseOptions(settings.timeout, this.session.ignoreSslIssues),
		};
	}
}
