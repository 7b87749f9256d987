/**
 * What every chat-session operation shares: the locale options reach every request, and no
 * secret reaches any output or error.
 */
import { expectNoSecrets, idsAsItems } from './support';
import { allSessions, run, sandbox } from './chatSessionSupport';

describe('Locale options reach every request of every operation', () => {
	const LOCALE = { language: 'de', culture: 'de', timeZone: 'UTC, includeTZOffset' };

	it.each([
		['get', { operation: 'get', chatSessionId: 911 }, 1],
		[
			'getMany (archive + full entities)',
			{ operation: 'getMany', limit: 2, fullEntities: true },
			3,
		],
		['getMany (archive, Return All over two pages)', { operation: 'getMany', returnAll: true }, 2],
		['getMany (current user)', { operation: 'getMany', source: 'forCurrentUser' }, 1],
		['transferTo', { operation: 'transferTo', chatSessionId: 911, toAssociate: 'bob.backup' }, 1],
		['addMessage', { operation: 'addMessage', chatSessionId: 901, message: 'Hallo' }, 1],
		['getMessages', { operation: 'getMessages', chatSessionId: 903, afterMessageId: 1 }, 1],
		['reset', { operation: 'reset', chatSessionId: 901 }, 1],
	])('%s', async (_label, parameters, requestCount) => {
		const result = await run({ ...parameters, options: LOCALE });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(requestCount);
		for (const request of sandbox.requests) {
			expect(request.headers['accept-language']).toBe('de');
			expect(request.headers['so-language']).toBe('de');
			expect(request.headers['so-culture']).toBe('de');
			expect(request.headers['so-timezone']).toBe('UTC, includeTZOffset');
		}
	});
});

describe('No secret in any output or error', () => {
	it.each(['basic', 'soTicket', 'bearer'] as const)(
		'%s: outputs and errors of every operation',
		async (scheme) => {
			const runs = [
				await run(
					{ operation: 'get', chatSessionId: '={{ $json.id }}' },
					{ scheme, items: idsAsItems([911, 999999]), continueOnFail: true },
				),
				await run({ operation: 'getMany', limit: 3, fullEntities: true }, { scheme }),
				await run({ operation: 'getMany', source: 'forCurrentUser' }, { scheme }),
				await run({ operation: 'getMany', filters: { rawFilter: 'nope eq 1' } }, { scheme }),
				await run(
					{ operation: 'transferTo', chatSessionId: 911, toAssociate: 'nobody' },
					{ scheme },
				),
				await run({ operation: 'addMessage', chatSessionId: 999999, message: 'x' }, { scheme }),
			];
			// Both outcomes happened: some items, some errors.
			expect(runs.filter((r) => r.error !== undefined)).toHaveLength(3);
			expect(runs[0].items[1].json.httpCode).toBe('404');
			for (const result of runs) {
				expectNoSecrets(result.items);
				if (result.error) expectNoSecrets(result.error);
				expectNoSecrets(result.run);
			}
		},
	);
});

describe('No SessionKey in any item (it authenticates the customer’s chat client)', () => {
	it.each([
		['reset', { operation: 'reset', chatSessionId: 901 }],
		['get', { operation: 'get', chatSessionId: 911 }],
		['getMany (full entities)', { operation: 'getMany', limit: 5, fullEntities: true }],
		['getMany (current user)', { operation: 'getMany', source: 'forCurrentUser' }],
		['transferTo', { operation: 'transferTo', chatSessionId: 911, toAssociate: 'bob.backup' }],
		['addMessage', { operation: 'addMessage', chatSessionId: 901, message: 'Hello' }],
		['getMessages', { operation: 'getMessages', chatSessionId: 903 }],
	])(
		'%s: the sandbox sent SessionKeys; no item has one, in any encoding',
		async (_label, parameters) => {
			const keys = allSessions()
				.map((session) => session.SessionKey)
				.filter((key): key is string => typeof key === 'string' && key !== '');
			expect(keys.length).toBeGreaterThan(0);

			const result = await run(parameters);

			expect(result.error).toBeUndefined();
			expect(result.items.length).toBeGreaterThan(0);
			const text = JSON.stringify(result.items);
			expect(text).not.toMatch(/sessionkey/i);
			for (const key of keys) {
				for (const encoded of [
					key,
					Buffer.from(key).toString('base64'),
					Buffer.from(key).toString('base64url'),
					encodeURIComponent(key),
				])
					expect(text).not.toContain(encoded);
			}
		},
	);
});

// ---------------------------------------------------------------------------------------------
// The example workflow, run in-process.
//
// The Schedule Trigger becomes the harness' manual trigger. n8n-nodes-base is not installed here,
// so the example's Set ("Config") and Filter nodes run on minimal test doubles that keep the
// example's parameters verbatim and evaluate them with n8n's own engine: the Filter double reads
// its `filter`-type parameter with `extractValue: true`, i.e. n8n-workflow's executeFilter
// evaluates the example's conditions (expressions, `$now`, `DateTime`, `$('Config')`) exactly as
// FilterV2 does. The SuperOffice nodes are the real node. A real-n8n run of the file is separate.
