import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * SuperOffice Online sign-in ("Connect my account"): OAuth 2.0 authorization-code flow
 * against SuperOffice's login service. n8n handles the flow and keeps the tokens; the node
 * adds SO-AppToken and the language headers itself (n8n signs OAuth2 requests without
 * calling a credential `authenticate`).
 */
export class SuperOfficeOAuth2Api implements ICredentialType {
	name = 'superOfficeOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SuperOffice OAuth2 API';

	icon: Icon = { light: 'file:../icons/superoffice.svg', dark: 'file:../icons/superoffice.dark.svg' };

	documentationUrl = 'https://docs.superoffice.com/en/authentication/online/auth-code-flow/index.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'online',
			options: [
				{ name: 'Production (online)', value: 'online' },
				{ name: 'Stage (qaonline)', value: 'qaonline' },
				{ name: 'Development (sod)', value: 'sod' },
			],
			description: 'The SuperOffice Online environment your app is registered in',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://online3.superoffice.com/Cust12345',
			description:
				'The numbered tenant host with your customer id, e.g. https://online3.superoffice.com/Cust12345 (sign in to SuperOffice and copy it from the address bar; the bare online.superoffice.com only signs in). A URL ending in /api/v1 works too.',
		},
		{
			displayName: 'App Token',
			name: 'appToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional: the application token of your SuperOffice app, sent as SO-AppToken with every request',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Default language of translated texts (Accept-Language and SO-Language). Nodes can override it.',
		},
		{
			displayName: 'Culture',
			name: 'culture',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description: 'Default number and date formatting (SO-Culture). Only used when a language is set.',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'e.g. UTC',
			description: 'Default SuperOffice time-zone code for returned dates (SO-TimeZone), e.g. UTC, NO, US-NY',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: '=https://{{$self["environment"]}}.superoffice.com/login/common/oauth/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '=https://{{$self["environment"]}}.superoffice.com/login/common/oauth/tokens',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'openid',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// SuperOffice's token endpoint takes client_id and client_secret in the form body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
