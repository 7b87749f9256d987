import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue } from '../../../shared/input/values';

/**
 * A text field an expression may fill: text as it is (trimmed when `trim`), a finite number as
 * its digits; anything else is refused by name. Undefined for nothing or blank text.
 */
export function optionalText(
	value: unknown,
	label: string,
	context: Record<string, unknown>,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else
		throw new InvalidInputError(
			`${label} must be text, got ${describeValue(value)}`,
			'Map a text field here, e.g. {{ $json.text }}, not a whole item or list.',
			context,
		);
	return text.trim() === '' ? undefined : text;
}
