'use strict';
/**
 * The workflows e2e/superoffice.test.js imports into a real n8n and runs headless.
 * Each builder takes the credentials of credentials.js (`sandboxCredentials(url)`).
 */
const { manualTrigger, idItems, reset, chain } = require('./nodes');

/**
 * One item flows through Reset nodes in a row, each with another credential or options:
 * auth schemes (basic, soTicket + app token, bearer) and where language/culture/time zone come from.
 * `cases` says which node resets which session with what, so the test can find its request.
 */
function authAndLocale(creds) {
	const cases = [
		{ node: 'Reset basic', id: 901, credential: creds.basic },
		{ node: 'Reset soTicket', id: 902, credential: creds.soTicket },
		{ node: 'Reset bearer', id: 903, credential: creds.bearer },
		{ node: 'Reset locale from credential', id: 911, credential: creds.locale },
		{
			node: 'Reset locale from options',
			id: 912,
			credential: creds.locale,
			options: { language: 'de', culture: 'de', timeZone: 'US-NY' },
		},
		{
			node: 'Reset options only',
			id: 913,
			credential: creds.basic,
			options: { language: 'no', culture: 'en', timeZone: 'UTC' },
		},
	];
	const workflow = chain('e2e SuperOffice auth schemes and locale', [
		manualTrigger(),
		...cases.map((c) =>
			reset(c.node, c.id, { credential: c.credential, options: c.options ?? {} }),
		),
	]);
	return { workflow, cases };
}

/** Reset of an id the sandbox does not know: the run must stop with a readable 404. */
function notFound(creds, id = 999999) {
	return chain('e2e SuperOffice 404 stops the run', [
		manualTrigger(),
		reset('Reset', id, { credential: creds.allSecrets }),
	]);
}

/** Code node → Reset `{{ $json.id }}` with Settings → On Error → Continue. */
function continueOnFail(creds, ids) {
	return chain('e2e SuperOffice Continue On Fail', [
		manualTrigger(),
		idItems('Ids', ids),
		reset('Reset', '={{ $json.id }}', { credential: creds.bearer, continueOnFail: true }),
	]);
}

/** Code node with many ids → one Reset node. */
function batch(creds, ids) {
	return chain(`e2e SuperOffice ${ids.length} items`, [
		manualTrigger(),
		idItems('Ids', ids),
		reset('Reset', '={{ $json.id }}', { credential: creds.soTicket }),
	]);
}

module.exports = { authAndLocale, notFound, continueOnFail, batch };
