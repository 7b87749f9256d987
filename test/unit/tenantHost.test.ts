import { bareTenantId } from '../../nodes/shared/host/apiRoot';
import {
	apiRootFromTenantState,
	tenantIdInUrl,
	tenantStateUrl,
} from '../../nodes/shared/host/tenantHost';
import { InvalidInputError } from '../../nodes/shared/input/invalidInput';

describe('bareTenantId', () => {
	it.each([
		['Cust12345', 'Cust12345'],
		[' cust12345 ', 'Cust12345'],
		['CUST7', 'Cust7'],
	])('%j is the customer id %j', (input, expected) => {
		expect(bareTenantId(input)).toBe(expected);
	});

	it.each([
		'',
		'Cust',
		'Cust12a',
		'https://online3.superoffice.com/Cust12345',
		'Cust12345/',
		'online3/Cust1',
		'Cust12345678901',
		undefined,
		12345,
	])('%j is not only a customer id', (input) => {
		expect(bareTenantId(input)).toBeUndefined();
	});
});

describe('tenantIdInUrl', () => {
	it('finds the customer id as first path segment of an Online API root', () => {
		expect(tenantIdInUrl('https://online3.superoffice.com/Cust12345/api/v1')).toBe('Cust12345');
		expect(tenantIdInUrl('https://sod2.superoffice.com/cust00000/api/v1')).toBe('Cust00000');
	});

	it('finds none in an Onsite URL or a non-URL', () => {
		expect(tenantIdInUrl('https://crm.example.com/SuperOffice/api/v1')).toBeUndefined();
		expect(tenantIdInUrl('https://crm.example.com/x/Cust12345/api/v1')).toBeUndefined();
		expect(tenantIdInUrl('not a url')).toBeUndefined();
	});
});

describe('tenantStateUrl', () => {
	it('asks the sign-in host of the token URL', () => {
		expect(
			tenantStateUrl(
				{
					accessTokenUrl: 'https://sod.superoffice.com/login/common/oauth/tokens',
					environment: 'online',
				},
				'Cust1',
			),
		).toBe('https://sod.superoffice.com/api/state/Cust1');
		expect(
			tenantStateUrl(
				{ accessTokenUrl: 'http://127.0.0.1:4711/login/common/oauth/tokens' },
				'Cust1',
			),
		).toBe('http://127.0.0.1:4711/api/state/Cust1');
	});

	it('falls back to https://{environment}.superoffice.com without a usable token URL', () => {
		expect(tenantStateUrl({ environment: 'qaonline' }, 'Cust1')).toBe(
			'https://qaonline.superoffice.com/api/state/Cust1',
		);
		expect(
			tenantStateUrl({ accessTokenUrl: 'ftp://x/tokens', environment: 'online' }, 'Cust1'),
		).toBe('https://online.superoffice.com/api/state/Cust1');
	});

	it('refuses an environment that is not a plain host label', () => {
		expect(() => tenantStateUrl({ environment: 'evil.example.com/x' }, 'Cust1')).toThrow(
			InvalidInputError,
		);
		expect(() => tenantStateUrl({}, 'Cust1')).toThrow(/no valid environment/);
	});
});

describe('apiRootFromTenantState', () => {
	const stateUrl = 'https://online.superoffice.com/api/state/Cust12345';
	const running = { ContextIdentifier: 'Cust12345', State: 'Running', IsRunning: true };

	it('prefers Api, falls back to Endpoint; both normalize to …/api/v1', () => {
		expect(
			apiRootFromTenantState(
				{
					...running,
					Endpoint: 'https://online3.superoffice.com/Cust12345',
					Api: 'https://online4.superoffice.com/Cust12345/api',
				},
				'Cust12345',
				stateUrl,
			),
		).toEqual({
			apiRoot: 'https://online4.superoffice.com/Cust12345/api/v1',
		});
		expect(
			apiRootFromTenantState(
				{ ...running, Endpoint: 'https://online3.superoffice.com/Cust12345', Api: null },
				'Cust12345',
				stateUrl,
			),
		).toEqual({
			apiRoot: 'https://online3.superoffice.com/Cust12345/api/v1',
		});
	});

	it.each([
		[{ State: 'Unknown', IsRunning: false, Endpoint: null, Api: null }, 'Unknown'],
		[
			{
				State: 'OfflineMaintenance',
				IsRunning: false,
				Endpoint: 'https://online3.superoffice.com/Cust12345',
			},
			'OfflineMaintenance',
		],
		[{ State: 'Suspended', IsRunning: false }, 'Suspended'],
		[{ IsRunning: true, Endpoint: null, Api: '' }, 'without an API address'],
		[{ IsRunning: true, Api: 'not a url' }, 'at an address that is not a URL'],
		[
			{ IsRunning: true, Api: 'http://online3.superoffice.com/Cust12345/api' },
			'at an address that is not https',
		],
		[null, 'Unknown'],
		['Running', 'Unknown'],
	])('%j is the problem %j', (body, state) => {
		expect(apiRootFromTenantState(body, 'Cust12345', stateUrl)).toEqual({
			problem: { tenant: 'Cust12345', state },
		});
	});

	it('accepts http only when the state service itself was asked over http (a local test double)', () => {
		const local = 'http://127.0.0.1:4711/api/state/Cust12345';
		expect(
			apiRootFromTenantState(
				{ IsRunning: true, Api: 'http://127.0.0.1:4711/Cust12345/api' },
				'Cust12345',
				local,
			),
		).toEqual({
			apiRoot: 'http://127.0.0.1:4711/Cust12345/api/v1',
		});
	});
});
