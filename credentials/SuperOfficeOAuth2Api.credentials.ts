import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	API_ROOT_EXPRESSION,
	BASE_URL_EXPRESSION,
} from '../nodes/shared/credentials/apiRootExpression';
import {
	redirectRules,
	responseCodeRule,
	WRONG_ONLINE_HOST_MESSAGE,
} from '../nodes/shared/credentials/credentialTestRules';
import { OAUTH2_CREDENTIAL_TYPE } from '../nodes/shared/credentials/credentialTypes';
import { localeCredentialProperties } from '../nodes/shared/credentials/localeCredentialProperties';

/**
 * https://{environment}.superoffice.com, for the three environments only. n8n does not check
 * an options value against its list, and these URLs receive the client secret and refresh
 * token: anything else yields a host that cannot resolve.
 */
const OAUTH2_ORIGIN =
	'(["online", "qaonline", "sod"].includes($self["environment"]) ? "https://" + $self["environment"] + ".superoffice.com" : "https://unsupported-environment.invalid")';

// Pieces of the credential test's n8n expressions (they run in n8n's expression engine, not here).
const BASE_URL = BASE_URL_EXPRESSION;
/** Base URL is only a customer id (Cust12345): the node looks the host up (nodes/shared/host/apiHost.ts). */
const IS_TENANT_ID = `/^cust\\d{1,10}$/i.test(${BASE_URL})`;
const API_ROOT = API_ROOT_EXPRESSION;
/** The sign-in host of the token URL (https://{env}.superoffice.com) + /api/state, like tenantStateUrl. */
const TENANT_STATE_ROOT =
	'String($credentials.accessTokenUrl || "").trim().replace(/^(https?:\\/\\/[^\\/?#]+)[\\s\\S]*$/i, "$1") + "/api/state"';

/**
 * SuperOffice Online sign-in ("Connect my account"): OAuth 2.0 authorization-code flow
 * against SuperOffice's login service. n8n handles the flow and keeps the tokens; the node
 * adds SO-AppToken and the language headers itself (n8n signs OAuth2 requests without
 * calling a credential `authenticate`).
 */
export class SuperOfficeOAuth2Api implements ICredentialType {
	name = OAUTH2_CREDENTIAL_TYPE;

	extends = ['oAuth2Api'];

	displayName = 'SuperOffice OAuth2 API';

	icon: Icon = {
		light: 'file:../icons/superoffice.svg',
		dark: 'file:../icons/superoffice.dark.svg',
	};

	documentationUrl =
		'https://docs.superoffice.com/en/api/authentication/online/sign-in-user/auth-code-flow.html';

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
			placeholder: 'https://online3.superoffice.com/Cust12345 or Cust12345',
			description:
				'The numbered tenant host with your customer id, e.g. https://online3.superoffice.com/Cust12345 (sign in to SuperOffice and copy it from the address bar; the bare online.superoffice.com only signs in). A URL ending in /api/v1 works too. Or enter only the customer id (Cust12345): the node then asks SuperOffice Online for the current host and follows the tenant when it moves.',
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
		...localeCredentialProperties,
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
			default: `={{ ${OAUTH2_ORIGIN} + "/login/common/oauth/authorize" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${OAUTH2_ORIGIN} + "/login/common/oauth/tokens" }}`,
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

	/**
	 * Without `test`, n8n only checks that an OAuth2 credential holds a token. This asks
	 * SuperOffice who the token belongs to. The API root is normalized like
	 * nodes/shared/host/apiRoot.ts `toApiRoot` (test/integration/oauth2.test.ts checks
	 * both agree). With only a customer id as Base URL, a declarative test cannot look the host
	 * up first, so it asks the environment's tenant state service whether the tenant exists and
	 * runs. n8n renews the token on a 401 before these rules apply, not on a 403.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${IS_TENANT_ID} ? ${TENANT_STATE_ROOT} : ${API_ROOT} }}`,
			url: `={{ ${IS_TENANT_ID} ? "/" + ${BASE_URL} : "/User/currentPrincipal" }}`,
			method: 'GET',
			headers: {
				Accept: 'application/json',
				'SO-AppToken': `={{ (!${IS_TENANT_ID} && $credentials.appToken) || undefined }}`,
			},
			// The token and app token never travel on to where a redirect points.
			disableFollowRedirect: true,
		},
		// n8n's CredentialsTester checks every rule by its own type; the declared union only
		// forbids mixing both kinds in one list.
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'IsRunning',
					value: false,
					message:
						'SuperOffice Online does not run this customer id in the selected environment: it is unknown there (check the customer id and the Environment), or suspended, or in a maintenance window.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"SuperOffice did not accept the access token (HTTP 401), even after renewing it. Reconnect the credential. If that does not help, check that the Client ID and Client Secret belong to an app published to the selected environment, and that the App Token (if set) is that app's.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'SuperOffice refused access (HTTP 403). Usually the stored access token has expired (SuperOffice Online answers 403 for that): click Reconnect. Workflows renew expired tokens by themselves. If it persists, the user lacks rights or the tenant withdrew its consent for the app.',
				},
			},
			responseCodeRule(421, WRONG_ONLINE_HOST_MESSAGE),
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No SuperOffice API at this Base URL (HTTP 404). Check the host and the customer id, e.g. https://online3.superoffice.com/Cust12345.',
				},
			},
			...redirectRules(),
		] as Array<
			IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
		> as IAuthenticateRuleResponseCode[],
	};
}
