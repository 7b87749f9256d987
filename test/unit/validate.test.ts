import { optionalHeaderValue } from '../../nodes/shared/input/headerValues';
import { InvalidInputError } from '../../nodes/shared/input/invalidInput';
import { INT32_MAX, parsePositiveInt32 } from '../../nodes/shared/input/values';

describe('parsePositiveInt32', () => {
	it.each([
		[1, 1],
		[464, 464],
		['464', 464],
		[' 17 ', 17],
		[INT32_MAX, INT32_MAX],
		[String(INT32_MAX), INT32_MAX],
	])('accepts %j', (input, expected) => {
		expect(parsePositiveInt32(input, 'Chat Session ID')).toBe(expected);
	});

	it.each([
		['text', 'abc'],
		['zero', 0],
		['zero as text', '0'],
		['negative', -5],
		['negative text', '-5'],
		['fractional', 1.5],
		['fractional text', '1.5'],
		['above int32', INT32_MAX + 1],
		['above int32 as text', '2147483648'],
		['path traversal', '12/../User'],
		['empty', ''],
		['undefined', undefined],
		['null', null],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['hex', '0x10'],
		['exponent', '1e3'],
		['object', { id: 1 }],
	])('refuses %s, naming the value', (_label, input) => {
		expect(() => parsePositiveInt32(input, 'Chat Session ID of item 3')).toThrow(InvalidInputError);
		try {
			parsePositiveInt32(input, 'Chat Session ID of item 3');
		} catch (error) {
			expect((error as Error).message).toMatch(
				/^Chat Session ID of item 3 must be a whole number from 1 to 2147483647, got /,
			);
		}
	});

	it('names the offending value and keeps the given context', () => {
		try {
			parsePositiveInt32('12/../User', 'Chat Session ID', { chatSessionId: '12/../User' });
			throw new Error('not thrown');
		} catch (error) {
			expect((error as Error).message).toContain('"12/../User"');
			expect((error as InvalidInputError).context).toEqual({ chatSessionId: '12/../User' });
		}
	});
});

describe('optionalHeaderValue', () => {
	it('trims, and treats empty as absent', () => {
		expect(optionalHeaderValue('  sv ', 'Language')).toBe('sv');
		expect(optionalHeaderValue('', 'Language')).toBeUndefined();
		expect(optionalHeaderValue('   ', 'Language')).toBeUndefined();
		expect(optionalHeaderValue(undefined, 'Language')).toBeUndefined();
	});

	it('allows the includeTZOffset suffix and the * language', () => {
		expect(optionalHeaderValue('NO, includeTZOffset', 'Time Zone')).toBe('NO, includeTZOffset');
		expect(optionalHeaderValue('*', 'Language')).toBe('*');
	});

	it.each(['en\r\nX-Evil: 1', 'en\nX', 'en\rX', 'en\u0000', 'e\tn', 'en\u007f'])(
		'refuses control characters in %j',
		(value) => {
			expect(() => optionalHeaderValue(value, 'Language')).toThrow(
				/Language contains a line break or another control character/,
			);
		},
	);

	it('refuses non-text values', () => {
		expect(() => optionalHeaderValue({ a: 1 }, 'Culture')).toThrow(/Culture must be text/);
	});
});
