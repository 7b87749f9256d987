import { toApiRoot } from '../../nodes/shared/host/apiRoot';
import { InvalidInputError } from '../../nodes/shared/input/invalidInput';

describe('toApiRoot', () => {
	it.each([
		'https://crm.example.com/SuperOffice',
		'https://crm.example.com/SuperOffice/',
		'https://crm.example.com/SuperOffice/api',
		'https://crm.example.com/SuperOffice/api/',
		'https://crm.example.com/SuperOffice/api/v1',
		'https://crm.example.com/SuperOffice/api/v1/',
		'  https://crm.example.com/SuperOffice/API/V1//  ',
		'https://crm.example.com/SuperOffice/default.aspx',
		'https://crm.example.com/SuperOffice/default.aspx?session=1#/chat',
	])('normalizes %j to the API root', (input) => {
		expect(toApiRoot(input)).toBe('https://crm.example.com/SuperOffice/api/v1');
	});

	it('keeps an Online tenant path and the port', () => {
		expect(toApiRoot('https://online3.superoffice.com/Cust12345')).toBe(
			'https://online3.superoffice.com/Cust12345/api/v1',
		);
		expect(toApiRoot('http://127.0.0.1:8787/Cust1/api/v1')).toBe(
			'http://127.0.0.1:8787/Cust1/api/v1',
		);
	});

	it('handles a bare host', () => {
		expect(toApiRoot('https://crm.example.com')).toBe('https://crm.example.com/api/v1');
		expect(toApiRoot('https://crm.example.com/')).toBe('https://crm.example.com/api/v1');
	});

	it.each([
		['', /empty/],
		[undefined, /empty/],
		['crm.example.com/SuperOffice', /not a valid URL/],
		['ftp://crm.example.com/SuperOffice', /must start with https:\/\/ or http:\/\/, not ftp:/],
		['javascript:alert(1)', /must start with https:\/\/ or http:\/\//],
		['file:///etc/passwd', /must start with https:\/\/ or http:\/\//],
		[
			'https://user:Sb-Password-7f3k9@crm.example.com/SuperOffice',
			/must not contain a user name or password/,
		],
	])('refuses %j with a clear message', (input, message) => {
		let thrown: unknown;
		try {
			toApiRoot(input);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(InvalidInputError);
		expect((thrown as Error).message).toMatch(message);
		expect((thrown as Error).message).not.toContain('Sb-Password-7f3k9');
	});
});
