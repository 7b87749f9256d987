/**
 * Pure input checks and how a bad value is shown. Every id that ends up in a URL path passes
 * through here first, so bad input is refused before any request is sent.
 */
import { redact } from '../errors/redact';
import { InvalidInputError } from './invalidInput';

export const INT32_MAX = 2147483647;

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
 * A field's value whether it is a resource locator ({ __rl, mode, value }) as the editor stores
 * it, or a plain value as older workflows saved it (and expressions give it).
 */
export function locatedValue(raw: unknown): unknown {
	if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && '__rl' in raw)
		return (raw as { value?: unknown }).value;
	return raw;
}
