import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { API_CREDENTIAL_TYPE, OAUTH2_CREDENTIAL_TYPE } from './credentialTypes';

/**
 * The two credentials every SuperOffice node accepts, each shown for its choice of the
 * `authentication` parameter: one definition, so the nodes cannot drift apart (a fresh copy per
 * node, as n8n may extend a node's description in place).
 */
export const nodeCredentials = (): INodeCredentialDescription[] => [
	{
		name: API_CREDENTIAL_TYPE,
		required: true,
		displayOptions: { show: { authentication: [API_CREDENTIAL_TYPE] } },
	},
	{
		name: OAUTH2_CREDENTIAL_TYPE,
		required: true,
		displayOptions: { show: { authentication: [OAUTH2_CREDENTIAL_TYPE] } },
	},
];

const DEFAULT_AUTHENTICATION_DESCRIPTION =
	'SuperOffice API covers Onsite and Online with a user, ticket or token; OAuth2 signs in to SuperOffice Online and renews its token by itself';

/** The `authentication` parameter (which credential to use); `description` says what it needs. */
export function authenticationProperty(
	description = DEFAULT_AUTHENTICATION_DESCRIPTION,
): INodeProperties {
	return {
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'User, Ticket or Token (SuperOffice API)', value: API_CREDENTIAL_TYPE },
			{ name: 'Sign in with SuperOffice (OAuth2)', value: OAUTH2_CREDENTIAL_TYPE },
		],
		default: API_CREDENTIAL_TYPE,
		description,
	};
}
