/**
 * Where one execution's requests go: the API root fixed by the Base URL, or (OAuth2 with only a
 * customer id) looked up at SuperOffice Online's tenant state service, shared by all requests
 * and looked up again once when the host answers 421 (the tenant moved).
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { RequestFailure, RequestSubject } from '../errors/errors';
import { parseJsonBody } from '../transport/httpFailure';
import { cancelSignal, rawResponseOptions } from '../transport/exchange';
import type { HttpExchange } from '../transport/exchange';
import type { RequestContext, RequestSettings } from '../transport/request';
import { bareTenantId, toApiRoot } from './apiRoot';
import { ApiRootSource } from './apiRootSource';
import type { LookupFailed } from './apiRootSource';
import { apiRootFromTenantState, tenantIdInUrl, tenantStateUrl } from './tenantHost';

/** OAuth2 with only a customer id as Base URL: the API root is looked up, not configured. */
interface TenantLookup {
	tenant: string;
	stateUrl: string;
}

/** Where a credential's API lives, as read from it (nothing is asked yet). */
export interface ApiLocation {
	fixedApiRoot?: string;
	lookup?: TenantLookup;
	/** A fixed Online URL that answers 421: the error names where SuperOffice says the tenant lives. */
	tenantStateUrl?: string;
	ignoreSslIssues: boolean;
}

/**
 * Where the credential's API lives. Throws (InvalidInputError) when the Base URL is no usable
 * URL, or a customer id comes without a valid environment to ask.
 */
export function apiLocation(
	credentials: ICredentialDataDecryptedObject,
	isOAuth2: boolean,
): ApiLocation {
	const tenant = isOAuth2 ? bareTenantId(credentials.baseUrl) : undefined;
	const lookup =
		tenant === undefined ? undefined : { tenant, stateUrl: tenantStateUrl(credentials, tenant) };
	const fixedApiRoot = lookup === undefined ? toApiRoot(credentials.baseUrl) : undefined;
	const fixedTenant = fixedApiRoot === undefined ? undefined : tenantIdInUrl(fixedApiRoot);
	let hint: string | undefined;
	if (fixedTenant !== undefined && isOAuth2) {
		try {
			hint = tenantStateUrl(credentials, fixedTenant);
		} catch {
			hint = undefined; // only a hint; the 421 advice works without it
		}
	}
	return {
		fixedApiRoot,
		lookup,
		tenantStateUrl: hint,
		ignoreSslIssues: credentials.ignoreSslIssues === true,
	};
}

/** Turns a failure of the lookup into the error of the request that needed it. */
type Fail = (failure: RequestFailure, subject: RequestSubject) => Error;

export class ApiHost {
	private readonly source: ApiRootSource<RequestSettings>;

	constructor(
		private readonly ctx: RequestContext,
		private readonly exchange: HttpExchange,
		private readonly fail: Fail,
		private readonly location: ApiLocation,
	) {
		const { lookup } = location;
		this.source = new ApiRootSource(
			location.fixedApiRoot,
			lookup === undefined
				? undefined
				: async (settings) => await this.lookUpApiRoot(lookup, settings),
		);
	}

	get tenantStateUrl(): string | undefined {
		return this.location.tenantStateUrl;
	}

	/** Changes with every new lookup; a request notes it before it sends. */
	get generation(): number {
		return this.source.generation;
	}

	/** The API root; where only a customer id is configured, the first request looks it up. */
	async root(settings: RequestSettings, subject: RequestSubject): Promise<string> {
		return this.found(await this.source.get(settings), subject);
	}

	/**
	 * After a 421 on `refusedRoot`: the tenant's new root, or undefined where the root is fixed
	 * or SuperOffice still names the refusing host (retrying there would only repeat the 421).
	 */
	async rehome(
		seenGeneration: number,
		refusedRoot: string,
		settings: RequestSettings,
		subject: RequestSubject,
	): Promise<string | undefined> {
		const moved = await this.source.lookUpAgain(seenGeneration, refusedRoot, settings);
		if (moved === undefined) return undefined;
		const root = this.found(moved, subject);
		this.ctx.logger.debug('SuperOffice Online tenant moved to another host', {
			tenant: this.location.lookup?.tenant,
		});
		return root;
	}

	/** A root, or the lookup's failure as the error of this request. */
	private found(found: string | LookupFailed, subject: RequestSubject): string {
		if (typeof found === 'string') return found;
		throw this.fail(found.failure, {
			...subject,
			action: `find SuperOffice Online tenant ${this.location.lookup?.tenant} (to ${subject.action})`,
			attempts: found.attempts,
		});
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
		const result = await this.exchange.run({
			idempotent: true,
			retry: settings.retry,
			subject: { action: `find SuperOffice Online tenant ${tenant}` },
			send: async () =>
				await this.exchange.attempt(
					{
						method: 'GET',
						url: stateUrl,
						headers: { Accept: 'application/json' },
						abortSignal: cancelSignal(this.ctx),
						...rawResponseOptions(settings.timeout, this.location.ignoreSslIssues),
					},
					label,
					async (options) => await this.ctx.helpers.httpRequest(options),
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
}
