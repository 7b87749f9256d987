import { InvalidInputError } from '../execution/validate';

/** Which field of the node or credential fills a header the node sets itself. */
const FIELD_OF_HEADER: Record<string, string> = {
	'accept-language': 'The Language setting',
	'so-language': 'The Language setting',
	'so-culture': 'The Culture setting',
	'so-timezone': 'The Time Zone setting',
	'so-apptoken': 'The App Token of the credential',
};

/**
 * Node.js sends header values as Latin-1 and refuses anything else (ERR_INVALID_CHAR).
 * A loop over char codes, not a regex: regex literals must not contain control characters.
 */
function hasNonLatin1(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
	return false;
}

/**
 * Refuses, before anything is sent, a header value HTTP cannot carry, naming the field it
 * comes from (`fieldOf` names headers this module does not know, e.g. Authorization by scheme).
 * Secrets are never repeated.
 */
export function assertSendableHeaders(
	headers: Record<string, unknown>,
	fieldOf: Record<string, string> = {},
): void {
	for (const [name, value] of Object.entries(headers)) {
		if (typeof value !== 'string' || !hasNonLatin1(value)) continue;
		const field =
			fieldOf[name.toLowerCase()] ?? FIELD_OF_HEADER[name.toLowerCase()] ?? `The ${name} header`;
		throw new InvalidInputError(
			`${field} holds a character that cannot be sent in an HTTP header (only Latin-1 text is allowed)`,
			`Remove non-Latin characters (such as emoji, curly quotes or Cyrillic letters) from ${field}; it is sent as the ${name} header.`,
		);
	}
}
