'use strict';
/**
 * `superOfficeApi` credentials for the sandbox (test/sandbox), in the shape
 * `n8nInstance().importCredentials()` and `n8n import:credentials` take: `{ id, name, type, data }`
 * with plain `data` (n8n encrypts it with the instance's key on import).
 */
const { SANDBOX_DEFAULTS: SB } = require('../../test/sandbox');

/** The id/name the example workflow (examples/reroute-idle-bot-sessions.json) refers to. */
const EXAMPLE_CREDENTIAL = Object.freeze({
	id: 'superoffice-sandbox',
	name: 'SuperOffice sandbox',
});

function apiCredential(id, name, data) {
	return { id, name, type: 'superOfficeApi', data: { ignoreSslIssues: false, ...data } };
}

/** The credential the demo, `npm start` and the example workflow use: Basic auth against the sandbox. */
function sandboxCredential(webClientUrl) {
	return apiCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, {
		baseUrl: webClientUrl,
		authScheme: 'basic',
		username: SB.username,
		password: SB.password,
	});
}

/**
 * One credential per case the e2e tests need, keyed by purpose.
 *  - basic:      Basic user/password (also the example's "SuperOffice sandbox")
 *  - soTicket:   SOTicket + SO-AppToken
 *  - bearer:     Bearer access token
 *  - locale:     Basic, with language/culture/time zone defaults on the credential
 *  - allSecrets: SOTicket + app token, and a password and access token stored as well, so a
 *                leak of any of the sandbox secrets would show in a failing run's output
 */
function sandboxCredentials(webClientUrl) {
	const baseUrl = webClientUrl;
	return {
		basic: sandboxCredential(webClientUrl),
		soTicket: apiCredential('so-e2e-soticket', 'SuperOffice SoTicket', {
			baseUrl,
			authScheme: 'soTicket',
			ticket: SB.ticket,
			appToken: SB.appToken,
		}),
		bearer: apiCredential('so-e2e-bearer', 'SuperOffice Bearer', {
			baseUrl,
			authScheme: 'bearer',
			accessToken: SB.bearerToken,
		}),
		locale: apiCredential('so-e2e-locale', 'SuperOffice locale', {
			baseUrl,
			authScheme: 'basic',
			username: SB.username,
			password: SB.password,
			language: 'sv',
			culture: 'sv',
			timeZone: 'NO',
		}),
		allSecrets: apiCredential('so-e2e-all-secrets', 'SuperOffice all secrets', {
			baseUrl,
			authScheme: 'soTicket',
			username: SB.username,
			password: SB.password,
			ticket: SB.ticket,
			accessToken: SB.bearerToken,
			appToken: SB.appToken,
		}),
	};
}

/** The secrets the sandbox accepts: none of them may appear in any n8n output. */
const SANDBOX_SECRETS = Object.freeze([SB.password, SB.ticket, SB.bearerToken, SB.appToken]);

/** `{ id, name }`, what a node's `credentials.superOfficeApi` holds. */
function ref(credential) {
	return { id: credential.id, name: credential.name };
}

module.exports = {
	EXAMPLE_CREDENTIAL,
	sandboxCredential,
	sandboxCredentials,
	SANDBOX_SECRETS,
	ref,
};
