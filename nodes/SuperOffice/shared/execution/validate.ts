/**
 * Pure input checks. Every value that ends up in a URL path or an HTTP header passes
 * through here first, so bad input is refused before any request is sent.
 */
import { redact } from '../errors/redact';

export const INT32_MAX = 2147483647;

/** Thrown by the checks below; callers turn it into a NodeOperationError with item context. */
export class InvalidInputError extends Error {
	/** Facts for the Continue On Fail item, e.g. the chat session id as given. */
	readonly context: Record<string, unknown> = {};

	constructor(
		message: string,
		readonly hint?: string,
		context: Record<string, unknown> = {},
	) {
		super(message);
		this.name = 'InvalidInputError';
		Object.assign(this.context, context);
	}
}

function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/**
 * What kind of value an object or list is, without any of its contents: mapping a whole item
 * (`{{ $json }}`) to a field must not copy a chat session, its SessionKey or the customer's
 * e-mail into an error message or error item.
 */
function describeStructure(value: object): string {
	if (Array.isArray(value)) return `a list of ${plural(value.length, 'value', 'values')}`;
	if (value instanceof Date) return 'a date';
	return `an object with ${plural(Object.keys(value).length, 'key', 'keys')}`;
}

/** Shows a user-supplied value in a message without flooding it, breaking its layout or leaking it. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
		return redact(JSON.stringify(shown));
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value === 'object') return describeStructure(value);
	return `a ${typeof value}`;
}

/**
 * A bad value as it may travel in an error's context and a Continue On Fail item: numbers,
 * booleans and short text as given (so the user sees what came in), anything else described.
 */
export function valueForContext(value: unknown): string | number | boolean | null | undefined {
	if (
		value === undefined ||
		value === null ||
		typeof value === 'number' ||
		typeof value === 'boolean'
	)
		return value;
	if (typeof value === 'string') return value.length > 60 ? describeValue(value) : redact(value);
	return describeValue(value);
}

/**
 * SuperOffice ids are positive int32 values. Accepts a number or a string of digits
 * (expressions often yield strings); anything else, including "12/../User", is refused.
 */
export function parsePositiveInt32(
	value: unknown,
	fieldLabel: string,
	context: Record<string, unknown> = {},
): number {
	let parsed: number | undefined;
	if (typeof value === 'number') {
		parsed = value;
	} else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
		parsed = Number(value.trim());
	}
	if (parsed === undefined || !Number.isInteger(parsed) || parsed < 1 || parsed > INT32_MAX) {
		throw new InvalidInputError(
			`${fieldLabel} must be a whole number from 1 to ${INT32_MAX}, got ${describeValue(value)}`,
			'Check the value or the expression that produces it.',
			context,
		);
	}
	return parsed;
}

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
