import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { API_ROOT_EXPRESSION } from '../nodes/shared/credentials/apiRootExpression';
import {
	redirectRules,
	responseCodeRule,
	WRONG_ONLINE_HOST_MESSAGE,
} from '../nodes/shared/credentials/credentialTestRules';
import { API_CREDENTIAL_TYPE } from '../nodes/shared/credentials/credentialTypes';
import { localeCredentialProperties } from '../nodes/shared/credentials/localeCredentialProperties';
import { toApiRoot } from '../nodes/shared/host/apiRoot';
import { InvalidInputError } from '../nodes/shared/input/invalidInput';
import { authHeaders } from '../nodes/shared/transport/auth';

/**
 * A SuperOffice ticket signs in like a password, so it is masked. Its name is public (workflows
 * store it) and carries no word from the linters' list of secret names; defined apart so that
 * list's "unnecessary password" warning does not ask to unmask it.
 */
const ticketField: INodeProperties = {
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
};

/** The credential test gives up after this long (n8n's own default is 5 minutes). */
const TEST_TIMEOUT_MS = 20_000;

export class SuperOfficeApi implements ICredentialType {
	name = API_CREDENTIAL_TYPE;

	displayName = 'SuperOffice API';

	icon: Icon = {
		light: 'file:../icons/superoffice.svg',
		dark: 'file:../icons/superoffice.dark.svg',
	};

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
			description:
				'Which Authorization header SuperOffice gets. Which ones work depends on the installation.',
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
		ticketField,
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
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept a self-signed or otherwise invalid TLS certificate. Only for Onsite servers you trust.',
		},
	];

	// A function, not a generic template: the header depends on the scheme, the app token is
	// optional, and every value is checked for line breaks before it becomes a header. The Base
	// URL is checked here too, so the credential test refuses a bad one before anything is sent.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		try {
			toApiRoot(credentials.baseUrl);
			return {
				...requestOptions,
				headers: { ...requestOptions.headers, ...authHeaders(credentials) },
			};
		} catch (error) {
			// n8n shows only an error's message: the advice goes into it.
			if (error instanceof InvalidInputError && error.hint)
				throw new InvalidInputError(`${error.message}. ${error.hint}`);
			throw error;
		}
	}

	/**
	 * "Test" asks SuperOffice who the credential belongs to: GET {api root}/User/currentPrincipal,
	 * signed by `authenticate` above. It never follows a redirect, so the secrets cannot travel to
	 * another host. n8n words network failures itself (docs/credential-test.md).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${API_ROOT_EXPRESSION} }}`,
			url: '/User/currentPrincipal',
			method: 'GET',
			headers: { Accept: 'application/json' },
			timeout: TEST_TIMEOUT_MS,
			disableFollowRedirect: true,
			skipSslCertificateValidation:
				'={{ $credentials.ignoreSslIssues === true }}' as unknown as boolean,
		},
		rules: [
			responseCodeRule(
				401,
				'SuperOffice rejected the credential (HTTP 401). Check the user name and password (Basic), the ticket (SoTicket) or the access token (Bearer); tickets and tokens expire. SuperOffice Online also needs the right App Token.',
			),
			responseCodeRule(
				403,
				'SuperOffice refused access (HTTP 403): the user behind the credential lacks rights, or the access token has expired.',
			),
			responseCodeRule(
				404,
				'No SuperOffice API at this Base URL (HTTP 404). Check the host and the path: the web client root, e.g. https://crm.example.com/SuperOffice (Onsite) or https://online3.superoffice.com/Cust12345 (Online).',
			),
			responseCodeRule(421, WRONG_ONLINE_HOST_MESSAGE),
			...redirectRules(),
		],
	};
}
