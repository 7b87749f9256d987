/**
 * Scrubs secrets out of any text that may reach an error, a log line or an output item:
 * the credential's own secret values, anything after an auth scheme word, and chat
 * SessionKeys (they authenticate the customer's chat client).
 */
const AUTH_VALUE = /\b(Basic|Bearer|SOTicket)\s+[^\s"',;]+/gi;
const SESSION_KEY_JSON = /("SessionKey"\s*:\s*)"[^"]*"/gi;
const SESSION_KEY_TEXT = /(SessionKey\s*[=:]\s*)[^\s"',;&]+/gi;
const SO_TOKEN_SHAPES = /\b(7T|8A|8C):[A-Za-z0-9._~+/=-]{6,}/g;

const MASK = '***';

export function redact(text: string, secrets: readonly string[] = []): string {
	let result = text;
	// Longest first, so a secret that contains another is masked whole.
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
		if (secret.length >= 3) result = result.split(secret).join(MASK);
	}
	return result
		.replace(AUTH_VALUE, `$1 ${MASK}`)
		.replace(SESSION_KEY_JSON, `$1"${MASK}"`)
		.replace(SESSION_KEY_TEXT, `$1${MASK}`)
		.replace(SO_TOKEN_SHAPES, `$1:${MASK}`);
}
