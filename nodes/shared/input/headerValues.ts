/**
 * Header values: every value that ends up in an HTTP header passes through here first, so a
 * line break or a character HTTP cannot carry is refused, by the field's name, before anything
 * is sent. Secrets are never repeated.
 */
import { InvalidInputError } from './invalidInput';
import { describeValue } from './values';

/**
 * Control characters (CR, LF, NUL, ... and DEL) would let a value split or forge HTTP headers.
 * A loop over char codes, not a regex: regex literals must not contain control characters.
 */
export function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code <= 0x1f || code === 0x7f) return true;
	}
	return false;
}

/** Returns the trimmed value, or undefined when empty; refuses control characters. */
export function optionalHeaderValue(value: unknown, fieldLabel: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new InvalidInputError(`${fieldLabel} must be text, got ${describeValue(value)}`);
	}
	const text = String(value).trim();
	if (text === '') return undefined;
	if (hasControlCharacter(text)) {
		throw new InvalidInputError(
			`${fieldLabel} contains a line break or another control character`,
			'Remove line breaks and invisible characters from the value.',
		);
	}
	return text;
}

/**
 * Like optionalHeaderValue but for secrets: the message never repeats the value.
 * (optionalHeaderValue does not repeat it either; this one exists to make the intent explicit.)
 */
export function requiredSecretHeaderValue(value: unknown, fieldLabel: string): string {
	const text = optionalHeaderValue(value, fieldLabel);
	if (text === undefined) {
		throw new InvalidInputError(
			`${fieldLabel} is empty`,
			'Fill it in on the SuperOffice API credential.',
		);
	}
	return text;
}

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
