import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { authHeaders } from '../nodes/SuperOffice/shared/auth';
import { localeCredentialProperties } from '../nodes/SuperOffice/shared/localeCredentialProperties';

export class SuperOfficeApi implements ICredentialType {
	name = 'superOfficeApi';

	displayName = 'SuperOffice API';

	icon: Icon = { light: 'file:../icons/superoffice.svg', dark: 'file:../icons/superoffice.dark.svg' };

	documentationUrl = 'https://docs.superoffice.com/en/api/authentication/index.html';

	httpRequestNode = {
		name: 'SuperOffice',
		docsUrl: 'https://docs.superoffice.com/en/api/reference/restful/index.html',
		apiBaseUrlPlaceholder: 'https://online3.superoffice.com/Cust12345/api/v1/',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://online3.superoffice.com/Cust12345',
			description:
				'The address of the SuperOffice web client. Onsite: the web client root, e.g. https://crm.example.com/SuperOffice. Online: the numbered tenant host with the customer id, e.g. https://online3.superoffice.com/Cust12345 (copy it from the browser after signing in; the bare online.superoffice.com only signs in). A URL ending in /api or /api/v1 works too.',
		},
		{
			displayName: 'Authentication Scheme',
			name: 'authScheme',
			type: 'options',
			default: 'basic',
			options: [
				{
					name: 'Basic (User Name and Password)',
					value: 'basic',
					description: 'Onsite installations only',
				},
				{
					name: 'SoTicket',
					value: 'soTicket',
					description: 'Onsite, or Online together with an app token',
				},
				{
					name: 'Bearer (Access Token)',
					value: 'bearer',
					description: 'SuperOffice Online: an OAuth access token',
				},
			],
			description: 'Which Authorization header SuperOffice gets. Which ones work depends on the installation.',
		},
		{
			displayName: 'User Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authScheme: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authScheme: ['basic'] } },
		},
		// A ticket is a secret even though its name does not say so.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Ticket',
			name: 'ticket',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '7T:...',
			description:
				'A SuperOffice credential ticket (starts with 7T:), sent as "SOTicket <ticket>". On SuperOffice Online it only works together with the app token below.',
			displayOptions: { show: { authScheme: ['soTicket'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '8A:Cust12345...',
			description:
				'An OAuth 2.0 access token for SuperOffice Online, sent as "Bearer <token>". Such tokens expire within the hour.',
			displayOptions: { show: { authScheme: ['bearer'] } },
		},
		{
			displayName: 'App Token',
			name: 'appToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The application token (client secret) of your SuperOffice app, sent as SO-AppToken. Required with SoTicket on SuperOffice Online; leave empty otherwise.',
		},
		...localeCredentialProperties,
		// A switch, not a secret: the rule matches the "auth" inside its (contract) name.
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept a self-signed or otherwise invalid TLS certificate. Only for Onsite servers you trust.',
		},
	];

	// A function, not a generic template: the header depends on the scheme, the app token is
	// optional, and every value is checked for line breaks before it becomes a header.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, ...authHeaders(credentials) },
		};
	}
}
