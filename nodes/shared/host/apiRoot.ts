import { InvalidInputError } from '../input/invalidInput';

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** SuperOffice Online customer ids (context identifiers) look like Cust12345. */
const TENANT_ID = /^cust\d{1,10}$/i;

/** The customer id when the Base URL is only that (e.g. "Cust12345"), else undefined. */
export function bareTenantId(baseUrl: unknown): string | undefined {
	const text = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	return TENANT_ID.test(text) ? `Cust${text.slice(4)}` : undefined;
}

/**
 * Turns whatever a user pastes (web client root, tenant URL, `.../api`, `.../api/v1/`)
 * into the API root `<root>/api/v1`. The transport and the API credential's `authenticate`
 * (which refuses a bad Base URL before anything is sent) call it. The credential tests cannot:
 * they run in n8n's expression engine, so ../credentials/apiRootExpression.ts redoes it as an
 * expression, and test/integration/oauth2.test.ts checks that both agree.
 */
export function toApiRoot(baseUrl: unknown): string {
	const text = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	if (text === '') {
		throw new InvalidInputError(
			'The SuperOffice base URL is empty',
			'Enter the web client URL, for example https://crm.example.com/SuperOffice (Onsite) or https://online3.superoffice.com/Cust12345 (Online).',
		);
	}

	const url = parseUrl(text);
	if (url === undefined && bareTenantId(text) !== undefined) {
		throw new InvalidInputError(
			`The SuperOffice base URL is only a customer id (${text})`,
			'Enter the tenant URL with its numbered host, for example https://online3.superoffice.com/Cust12345. Only the SuperOffice OAuth2 credential can look the host up from the customer id.',
		);
	}
	if (url === undefined) {
		throw new InvalidInputError(
			'The SuperOffice base URL is not a valid URL',
			'It must start with https:// (or http://), for example https://online3.superoffice.com/Cust12345.',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new InvalidInputError(
			`The SuperOffice base URL must start with https:// or http://, not ${url.protocol}//`,
			'Use the address you open the SuperOffice web client with.',
		);
	}
	if (url.username !== '' || url.password !== '') {
		// A password in the URL would travel into logs and error messages.
		throw new InvalidInputError(
			'The SuperOffice base URL must not contain a user name or password',
			'Put the user name and password in the credential fields instead.',
		);
	}

	// Pasted from the browser: drop the page, query and fragment of the web client.
	let path = url.pathname.replace(/\/default\.aspx$/i, '').replace(/\/+$/, '');
	if (/\/api\/v1$/i.test(path)) {
		path = path.slice(0, -'/api/v1'.length);
	} else if (/\/api$/i.test(path)) {
		path = path.slice(0, -'/api'.length);
	}
	return `${url.protocol}//${url.host}${path}/api/v1`;
}
