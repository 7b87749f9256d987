import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/**
 * Failure texts both credential tests share. n8n shows a rule's message in place of its own
 * generic text for that HTTP status, where the n8n release hands the status to its rules
 * (docs/credential-test.md lists which releases do).
 */

/** Redirect statuses: the tests never follow them (disableFollowRedirect), so each one fails. */
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

export const WRONG_ONLINE_HOST_MESSAGE =
	'Wrong SuperOffice Online host (HTTP 421 Misdirected Request). Set Base URL to the numbered tenant host with your customer id, as shown in the address bar after you sign in, e.g. https://online3.superoffice.com/Cust12345. The bare https://online.superoffice.com only signs in.';

export function responseCodeRule(value: number, message: string): IAuthenticateRuleResponseCode {
	return { type: 'responseCode', properties: { value, message } };
}

/** One rule per redirect status: the credential is never sent on to where a redirect points. */
export function redirectRules(): IAuthenticateRuleResponseCode[] {
	return REDIRECT_STATUSES.map((status) =>
		responseCodeRule(
			status,
			`The Base URL answers with a redirect (HTTP ${status}). The test does not follow redirects, so the credential never travels to another address: enter the address the redirect leads to as Base URL (often https:// instead of http://, or the numbered SuperOffice Online host).`,
		),
	);
}
