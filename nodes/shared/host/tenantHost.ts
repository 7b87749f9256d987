import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { toApiRoot } from './apiRoot';
import { InvalidInputError } from '../input/invalidInput';

/**
 * SuperOffice Online tenants ("customer ids", context identifiers) look like Cust12345.
 * Since November 2023 their API answers only on a numbered host (online3, sod2, ...) that
 * can change; `GET https://{env}.superoffice.com/api/state/{tenant}` says which one.
 */
const TENANT_IN_PATH = /^\/(cust\d{1,10})(?:\/|$)/i;
/** SuperOffice Online environments: production, stage, development. */
const ENVIRONMENTS = ['online', 'qaonline', 'sod'];

/** The customer id in an Online API root such as https://online3.superoffice.com/Cust12345/api/v1. */
export function tenantIdInUrl(apiRoot: string): string | undefined {
	try {
		const match = TENANT_IN_PATH.exec(new URL(apiRoot).pathname);
		return match ? `Cust${match[1].slice(4)}` : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Where the environment says where a tenant lives: the sign-in host of the credential's
 * token URL (https://{env}.superoffice.com/login/common/oauth/tokens), so a credential
 * pointed at another login service (a test double) asks that one.
 */
export function tenantStateUrl(
	credentials: ICredentialDataDecryptedObject,
	tenant: string,
): string {
	const tokenUrl =
		typeof credentials.accessTokenUrl === 'string' ? credentials.accessTokenUrl.trim() : '';
	let origin: string | undefined;
	try {
		const url = new URL(tokenUrl);
		if (url.protocol === 'https:' || url.protocol === 'http:') origin = url.origin;
	} catch {
		origin = undefined;
	}
	if (origin === undefined) {
		const environment = String(credentials.environment ?? '');
		if (!ENVIRONMENTS.includes(environment)) {
			throw new InvalidInputError(
				'Cannot look up the SuperOffice Online host: the credential has no valid environment',
				'Open the SuperOffice OAuth2 credential and pick the Environment, or enter the full tenant URL as Base URL.',
			);
		}
		origin = `https://${environment}.superoffice.com`;
	}
	return `${origin}/api/state/${encodeURIComponent(tenant)}`;
}

/** The fields of SuperOffice's tenant state answer the node reads. */
interface TenantState {
	State?: unknown;
	IsRunning?: unknown;
	Endpoint?: unknown;
	Api?: unknown;
}

/** Why a tenant state answer gives no usable API root: the tenant and what SuperOffice said. */
export interface TenantStateProblem {
	tenant: string;
	state: string;
}

/**
 * The API root from a tenant state answer, or the problem that stops it. `Api`
 * (https://online3.superoffice.com/Cust12345/api) is preferred over `Endpoint` (the web
 * client URL); both normalize to …/api/v1. The answer must not downgrade to http when the
 * state service itself was asked over https.
 */
export function apiRootFromTenantState(
	body: unknown,
	tenant: string,
	stateUrl: string,
): { apiRoot: string } | { problem: TenantStateProblem } {
	const state = (body !== null && typeof body === 'object' ? body : {}) as TenantState;
	const stateName =
		typeof state.State === 'string' && state.State.trim() !== '' ? state.State.trim() : 'Unknown';
	const address = [state.Api, state.Endpoint].find(
		(value): value is string => typeof value === 'string' && value.trim() !== '',
	);
	if (state.IsRunning !== true || address === undefined) {
		return {
			problem: { tenant, state: state.IsRunning === true ? 'without an API address' : stateName },
		};
	}
	let apiRoot: string;
	try {
		apiRoot = toApiRoot(address);
	} catch {
		return { problem: { tenant, state: 'at an address that is not a URL' } };
	}
	if (stateUrl.startsWith('https:') && !apiRoot.startsWith('https:')) {
		return { problem: { tenant, state: 'at an address that is not https' } };
	}
	return { apiRoot };
}
