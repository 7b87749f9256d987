'use strict';
/**
 * `superOfficeOAuth2Api` credentials and the workflows e2e/oauth2.test.js imports into a real n8n.
 *
 * The credentials start out "connected": their `oauthTokenData` is a token answer the sandbox
 * issued without HTTP (`sandbox.oauth.issueTokens()`), which is what n8n stores after the user
 * signed in.
 *
 * Where n8n sends the refresh: the credential type's hidden `accessTokenUrl` default is
 * https://{environment}.superoffice.com/login/common/oauth/tokens. n8n 2.8 lets a stored value win;
 * newer n8n (2.41) drops stored values of hidden OAuth fields (`OAUTH_PINNED_FIELDS` in
 * n8n/dist/oauth/dcr-managed-fields.js, applied in CredentialsHelper.applyDefaultsAndOverwrites) and
 * only takes them from the admin's credential overwrites (env CREDENTIALS_OVERWRITE_DATA), which only
 * `n8n start`/`n8n worker` load, not `n8n execute`. So the sandbox's endpoints come from
 * `tokenEndpointOverwrites()` on a running server, the same way in every version.
 */
const crypto = require('node:crypto');
const { SANDBOX_DEFAULTS: SB } = require('../../test/sandbox');
const { node, manualTrigger, code, reset, chain } = require('./nodes');

const OAUTH2_CREDENTIAL_TYPE = 'superOfficeOAuth2Api';

/**
 * A connected `superOfficeOAuth2Api` credential for the sandbox, in the shape
 * `importCredentials()` takes. `tokenData` is what n8n keeps under `oauthTokenData`.
 * @param {{ id: string, name: string, sandbox: import('../../test/sandbox').Sandbox, tokenData: object, data?: object }} p
 */
function oauth2Credential({ id, name, sandbox, tokenData, data = {} }) {
	return {
		id,
		name,
		type: OAUTH2_CREDENTIAL_TYPE,
		data: {
			environment: 'online',
			baseUrl: sandbox.webClientUrl,
			appToken: SB.appToken,
			// oAuth2Api's fields (most hidden by superOfficeOAuth2Api), as n8n stores them; no
			// authUrl/accessTokenUrl: they come from tokenEndpointOverwrites()
			grantType: 'authorizationCode',
			clientId: sandbox.oauth.clientId,
			clientSecret: sandbox.oauth.clientSecret,
			scope: 'openid',
			authQueryParameters: '',
			authentication: 'body',
			ignoreSSLIssues: false,
			oauthTokenData: tokenData,
			...data,
		},
	};
}

/**
 * `CREDENTIALS_OVERWRITE_DATA` for `n8n start`: the sandbox's sign-in endpoints for every
 * superOfficeOAuth2Api credential (n8n fills empty or pinned fields from it).
 */
function tokenEndpointOverwrites(sandbox) {
	return JSON.stringify({
		[OAUTH2_CREDENTIAL_TYPE]: {
			accessTokenUrl: sandbox.oauth.tokenUrl,
			authUrl: sandbox.oauth.authorizeUrl,
		},
	});
}

/**
 * Webhook `POST /webhook/<path>` with body `{ ids: [...] }` → Code node, one item `{ id }` per id →
 * Reset `{{ $json.id }}` signed in with `credential`. Answers with every item of the last node.
 */
function resetByWebhook(name, path, credential) {
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		{ webhookId: crypto.randomUUID() },
	);
	const ids = code('Ids', 'return $input.first().json.body.ids.map((id) => ({ json: { id } }));');
	return chain(name, [webhook, ids, reset('Reset', '={{ $json.id }}', { credential })]);
}

/** One Reset of a fixed id, signed in with `credential` (OAuth2). */
function resetOne(name, credential, id) {
	return chain(name, [manualTrigger(), reset('Reset', id, { credential })]);
}

module.exports = {
	OAUTH2_CREDENTIAL_TYPE,
	oauth2Credential,
	tokenEndpointOverwrites,
	resetByWebhook,
	resetOne,
};
