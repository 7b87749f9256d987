/**
 * The refusals a user meets when SuperOffice will not take the webhook, in words they can act
 * on: an http address (SuperOffice wants https), no webhook rights (SuperOffice Online), and a
 * test call that did not reach n8n. Each is recognized by its status and by what SuperOffice's
 * own message says (already scrubbed of secrets, addresses it quotes left out), never guessed
 * from the address alone; anything else keeps the transport's own readable error.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

export interface RegistrationFailure {
	httpCode?: string;
	message: string;
}

const IDLE_TRIGGER_HINT =
	'Without webhook rights, use the SuperOffice Idle Chat Trigger instead: it polls and needs no webhook.';
const WEBHOOK_URL_HINT =
	"Set n8n's WEBHOOK_URL (N8N_WEBHOOK_URL in newer n8n) to n8n's public https address, with a valid certificate, and restart n8n.";

/**
 * SuperOffice saying the TargetUrl must be secure (https, a valid certificate): "Webhook
 * TargetUrl must be secure: …", "… must use https", "https is required", "certificate … invalid".
 */
const MUST_BE_SECURE =
	/\b(?:must|should|has to|needs? to) (?:be (?:secure|https)|use (?:https|a secure)|have a valid certificate)\b|\b(?:https|a secure (?:url|address|connection)) (?:is )?required\b|\bcertificate\b[^.]*\b(?:invalid|not valid|untrusted|expired|not trusted)\b/i;
/**
 * SuperOffice saying its test call to the TargetUrl failed: "Webhook test call to TargetUrl …
 * failed: HTTP 404", "could not reach/connect to …", "… did not respond / timed out".
 */
const TARGET_NOT_REACHED =
	/\btest call\b|\bcould not (?:reach|connect)\b|\bunable to (?:reach|connect)\b|\bdid not (?:respond|answer)\b|\btimed? ?out\b/i;

/** SuperOffice's own words, as the transport put them into its message. */
function superOfficeSays(message: string): string {
	const said = /SuperOffice says: (.*)$/s.exec(message)?.[1];
	return said ? ` SuperOffice says: ${said}` : '';
}

/**
 * n8n swaps a message that mentions ECONNREFUSED & co. (SuperOffice quoting why its test call
 * failed) for a generic text; keep ours, which says what to do.
 */
function readable(node: INode, message: string, description: string): NodeOperationError {
	const error = new NodeOperationError(node, message, { description });
	error.message = message;
	return error;
}

/** The error to show for a failed webhook request, or undefined to keep the original one. */
export function explainRegistrationFailure(
	node: INode,
	failure: RegistrationFailure,
	targetUrl: string,
): NodeOperationError | undefined {
	const said = superOfficeSays(failure.message);
	const status = failure.httpCode ?? '';
	if (status === '403') {
		const message = `SuperOffice refused the webhook (HTTP 403): the user or app of this credential has no right to manage webhooks. On SuperOffice Online an app may use webhooks only when webhook access was requested for it when it was registered. ${IDLE_TRIGGER_HINT}${said}`;
		return readable(
			node,
			message,
			`Ask SuperOffice (or your administrator) to grant the app webhook access, or sign in with a user that may manage webhooks. ${IDLE_TRIGGER_HINT}`,
		);
	}
	if (status !== '400') return undefined;
	const insecure = !/^https:/i.test(targetUrl);
	// Judge SuperOffice's words, not the addresses it quotes ("https://" is no refusal of http).
	const words = said.replace(/\bhttps?:\/\/\S+/gi, '');
	if (MUST_BE_SECURE.test(words)) {
		const message = `SuperOffice accepts only https webhook addresses, and n8n's webhook address ${targetUrl} ${insecure ? 'is not https' : 'was refused'}. ${WEBHOOK_URL_HINT}${said}`;
		return readable(node, message, `${WEBHOOK_URL_HINT} ${IDLE_TRIGGER_HINT}`);
	}
	if (TARGET_NOT_REACHED.test(words)) {
		const message = `SuperOffice could not reach n8n at ${targetUrl}: its test call to that address did not get 200 OK, so it refused the webhook.${said}`;
		return readable(
			node,
			message,
			`SuperOffice must reach this address from the internet. Check n8n's WEBHOOK_URL (N8N_WEBHOOK_URL), DNS, firewalls and reverse proxies, and that the certificate is valid. ${IDLE_TRIGGER_HINT}`,
		);
	}
	return undefined;
}
