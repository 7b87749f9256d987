import { authHeaders, credentialSecrets } from '../../nodes/shared/transport/auth';
import { localeHeaders } from '../../nodes/shared/transport/localeHeaders';

describe('authHeaders', () => {
	it('builds Basic from user name and password (UTF-8)', () => {
		const headers = authHeaders({ authScheme: 'basic', username: 'tje0', password: 'Tje0' });
		expect(headers).toEqual({ Authorization: 'Basic dGplMDpUamUw' }); // the seed page's sample
		const unicode = authHeaders({ authScheme: 'basic', username: 'åsa', password: 'pä:ss' });
		expect(Buffer.from(unicode.Authorization.slice(6), 'base64').toString('utf8')).toBe(
			'åsa:pä:ss',
		);
	});

	it('sends a ticket as SOTicket and a token as Bearer, as-is', () => {
		expect(authHeaders({ authScheme: 'soTicket', ticket: '7T:abc==' })).toEqual({
			Authorization: 'SOTicket 7T:abc==',
		});
		expect(authHeaders({ authScheme: 'bearer', accessToken: '8A:Cust1.xyz' })).toEqual({
			Authorization: 'Bearer 8A:Cust1.xyz',
		});
	});

	it('drops a pasted scheme word instead of doubling it', () => {
		expect(authHeaders({ authScheme: 'bearer', accessToken: 'Bearer 8A:t' }).Authorization).toBe(
			'Bearer 8A:t',
		);
		expect(authHeaders({ authScheme: 'soTicket', ticket: 'soticket 7T:t' }).Authorization).toBe(
			'SOTicket 7T:t',
		);
	});

	it('adds SO-AppToken only when set', () => {
		expect(authHeaders({ authScheme: 'soTicket', ticket: '7T:t', appToken: 'app-1' })).toEqual({
			Authorization: 'SOTicket 7T:t',
			'SO-AppToken': 'app-1',
		});
		expect(
			authHeaders({ authScheme: 'bearer', accessToken: '8A:t', appToken: '' }),
		).not.toHaveProperty('SO-AppToken');
	});

	it('defaults to Basic when no scheme is stored', () => {
		expect(authHeaders({ username: 'u', password: 'p' }).Authorization).toMatch(/^Basic /);
	});

	it.each([
		[{ authScheme: 'soTicket', ticket: '' }, /Ticket is empty/],
		[{ authScheme: 'bearer' }, /Access Token is empty/],
		[{ authScheme: 'basic', username: '' }, /User name is empty/],
		[{ authScheme: 'basic', username: 'a:b', password: 'x' }, /must not contain a colon/],
		[
			{ authScheme: 'bearer', accessToken: '8A:secret\r\nX-Evil: 1' },
			/Access Token contains a line break/,
		],
		[
			{ authScheme: 'soTicket', ticket: '7T:t', appToken: 'app\nX' },
			/App Token contains a line break/,
		],
		[
			{ authScheme: 'basic', username: 'u', password: 'pa\r\nss' },
			/Password contains a line break/,
		],
		[{ authScheme: 'ntlm' }, /Unknown authentication scheme "ntlm"/],
	])('refuses %j without echoing secrets', (credentials, message) => {
		expect(() => authHeaders(credentials)).toThrow(message);
		try {
			authHeaders(credentials);
		} catch (error) {
			expect((error as Error).message).not.toMatch(/secret|pa\r\nss|app\nX/);
		}
	});
});

describe('credentialSecrets', () => {
	it('collects every secret field and OAuth token', () => {
		expect(
			credentialSecrets({
				password: 'p1',
				ticket: '7T:t',
				accessToken: '8A:a',
				appToken: 'app',
				username: 'not-secret',
				oauthTokenData: { access_token: 'at', refresh_token: 'rt' },
			}).sort(),
		).toEqual(['7T:t', '8A:a', 'app', 'at', 'not-secret:p1', 'p1', 'rt']);
	});

	it('adds each secret as sent: without a pasted scheme word, and the pairs sent base64-encoded', () => {
		expect(
			credentialSecrets({
				username: ' user ',
				password: ' pw with spaces ',
				ticket: 'SOTicket 7T:ticket',
				accessToken: 'bearer 8A:token',
				clientId: 'client',
				clientSecret: 'client-secret',
			}).sort(),
		).toEqual(
			[
				'7T:ticket',
				'8A:token',
				'SOTicket 7T:ticket',
				'bearer 8A:token',
				'client-secret',
				'client:client-secret',
				' pw with spaces ',
				'user: pw with spaces ',
			].sort(),
		);
	});
});

describe('localeHeaders', () => {
	const credentials = { language: 'sv', culture: 'sv', timeZone: 'NO' };

	it('takes the credential defaults when the node sets nothing', () => {
		expect(localeHeaders({}, credentials)).toEqual({
			'Accept-Language': 'sv',
			'SO-Language': 'sv',
			'SO-Culture': 'sv',
			'SO-TimeZone': 'NO, includeTZOffset',
		});
	});

	it('always asks for offsets on dates, once', () => {
		const zone = (timeZone: string) => localeHeaders({ timeZone }, {})['SO-TimeZone'];
		expect(zone('UTC')).toBe('UTC, includeTZOffset');
		expect(zone('US-NY')).toBe('US-NY, includeTZOffset');
		expect(zone('US-NY,includeTZOffset')).toBe('US-NY,includeTZOffset');
		expect(zone('UTC, INCLUDETZOFFSET')).toBe('UTC, INCLUDETZOFFSET');
	});

	it('lets node options override each default separately', () => {
		expect(
			localeHeaders({ language: 'en', timeZone: 'UTC, includeTZOffset' }, credentials),
		).toEqual({
			'Accept-Language': 'en',
			'SO-Language': 'en',
			'SO-Culture': 'sv',
			'SO-TimeZone': 'UTC, includeTZOffset',
		});
	});

	it('falls back to the credential when an option is blank', () => {
		expect(localeHeaders({ language: '  ' }, credentials)['SO-Language']).toBe('sv');
	});

	it('sends nothing when neither sets a value', () => {
		expect(localeHeaders({}, {})).toEqual({});
	});

	it('refuses CR/LF from either source', () => {
		expect(() => localeHeaders({ culture: 'en\r\nX: y' }, {})).toThrow(
			/Culture contains a line break/,
		);
		expect(() => localeHeaders({}, { timeZone: 'UTC\n' + 'X' })).toThrow(
			/Time Zone contains a line break/,
		);
	});
});
