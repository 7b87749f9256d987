/**
 * The credential side of talking to SuperOffice, for one execution: the credential read and
 * checked once, the headers n8n does not add, sending with the credential applied, the secrets
 * every error is scrubbed of, and the OAuth2 access token's refresh.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { API_CREDENTIAL_TYPE } from '../credentials/credentialTypes';
import type { CredentialType } from '../credentials/credentialTypes';
import { toNodeApiError } from '../errors/errors';
import type { RequestFailure, RequestSubject } from '../errors/errors';
import { assertSendableHeaders, optionalHeaderValue } from '../input/headerValues';
import { authHeaders, credentialSecrets } from './auth';
import { cancelSignal } from './exchange';
import { localeHeaders } from './localeHeaders';
import type { LocaleOptions } from './localeHeaders';
import type { RequestContext } from './request';
import { refreshOrAdopt } from './tokenRefresh';

export class CredentialSession {
	/**
	 * OAuth2: bumped by the token refresh; a refresh in flight is shared by all requests, and
	 * there is at most one per execution (a refused fresh token is final for every later item).
	 */
	private tokenGeneration = 0;
	private refreshing?: Promise<void>;

	private constructor(
		private readonly ctx: RequestContext,
		readonly credentialType: CredentialType,
		readonly credentials: ICredentialDataDecryptedObject,
		private secrets: readonly string[],
		/**
		 * API credential: handed to n8n with every request, so it is decrypted once, not per
		 * call. (n8n reads OAuth2 credentials itself, to keep refreshed tokens.)
		 */
		private readonly decrypted: ICredentialsDecrypted | undefined,
		/** OAuth2: headers n8n does not add for us (it signs OAuth2 requests without `authenticate`). */
		private readonly extraHeaders: Record<string, string>,
	) {}

	/**
	 * The session of a credential read once per execution. Its secrets are checked here, up
	 * front: an empty ticket or a line break in a token is refused before any request (n8n would
	 * otherwise wrap the refusal as a request error).
	 */
	static of(
		ctx: RequestContext,
		credentialType: CredentialType,
		credentials: ICredentialDataDecryptedObject,
	): CredentialSession {
		const extraHeaders: Record<string, string> = {};
		let decrypted: ICredentialsDecrypted | undefined;
		if (credentialType === API_CREDENTIAL_TYPE) {
			assertSendableHeaders(authHeaders(credentials), {
				authorization:
					credentials.authScheme === 'bearer'
						? 'The Access Token of the credential'
						: 'The Ticket of the credential',
			});
			const reference = ctx.getNode().credentials?.[API_CREDENTIAL_TYPE];
			decrypted = {
				id: reference?.id ?? '',
				name: reference?.name ?? API_CREDENTIAL_TYPE,
				type: API_CREDENTIAL_TYPE,
				data: credentials,
			};
		} else {
			const appToken = optionalHeaderValue(credentials.appToken, 'App Token');
			if (appToken !== undefined) extraHeaders['SO-AppToken'] = appToken;
			assertSendableHeaders(extraHeaders);
		}
		return new CredentialSession(
			ctx,
			credentialType,
			credentials,
			credentialSecrets(credentials),
			decrypted,
			extraHeaders,
		);
	}

	get isOAuth2(): boolean {
		return this.credentialType !== API_CREDENTIAL_TYPE;
	}

	get ignoreSslIssues(): boolean {
		return this.credentials.ignoreSslIssues === true;
	}

	/**
	 * A secret met in an answer (a chat session's SessionKey): scrubbed from every later error of
	 * this execution, in every form, like the credential's.
	 */
	readonly rememberSecret = (secret: string): void => {
		if (this.secrets.includes(secret)) return;
		this.secrets = [...this.secrets, secret];
	};

	/** The token generation a request is sent with (see refreshAccessToken). */
	get generation(): number {
		return this.tokenGeneration;
	}

	/** Accept, the credential's extra headers and the language headers, all sendable. */
	headers(locale: LocaleOptions, withBody: boolean): IDataObject {
		const headers: IDataObject = {
			...this.extraHeaders,
			Accept: 'application/json',
			...localeHeaders(locale, this.credentials),
		};
		if (withBody) headers['Content-Type'] = 'application/json';
		assertSendableHeaders(headers);
		return headers;
	}

	/** Sends one attempt with n8n applying the credential (`httpRequestWithAuthentication`). */
	readonly send = async (options: IHttpRequestOptions): Promise<IN8nHttpFullResponse> =>
		(await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			this.credentialType,
			options,
			this.decrypted ? { credentialsDecrypted: this.decrypted } : undefined,
		)) as IN8nHttpFullResponse;

	/**
	 * A failure as the node's error, scrubbed of every secret the credential held or holds now,
	 * and of the request's own (`extra`: a webhook's Secret).
	 */
	error(failure: RequestFailure, subject: RequestSubject, extra?: readonly string[]): Error {
		const secrets = extra?.length ? [...this.secrets, ...extra] : this.secrets;
		return toNodeApiError(this.ctx.getNode(), failure, subject, secrets);
	}

	/**
	 * Refreshes the OAuth2 access token through n8n (which stores the new token), once per
	 * expiry however many requests notice it. False where this n8n has no refresh helper.
	 */
	async refreshAccessToken(
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
			throw this.error(
				{
					kind: 'tokenRefresh',
					message: typeof detail === 'string' ? detail : 'the token service refused',
				},
				{ ...subject, attempts },
			);
		}
		return true;
	}
}
