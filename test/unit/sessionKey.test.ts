/**
 * The transport drops a chat session's SessionKey (it authenticates the customer's chat client)
 * from every answer; the other fields stay as sent, in order.
 */
import { toResultPage } from '../../nodes/shared/transport/resultPage';
import { withoutSessionKey } from '../../nodes/shared/transport/sessionKey';

describe('withoutSessionKey', () => {
	it.each(['SessionKey', 'sessionKey', 'SESSIONKEY', 'sessionkey'])(
		'drops %s and keeps every other field in order',
		(key) => {
			const sent = { ChatSessionId: 1, [key]: 'sk-123', Status: 'InQueue', User: null };
			const output = withoutSessionKey(sent);
			expect(Object.keys(output)).toEqual(['ChatSessionId', 'Status', 'User']);
			expect(output).toEqual({ ChatSessionId: 1, Status: 'InQueue', User: null });
			expect(sent[key]).toBe('sk-123'); // the answer itself is not changed
		},
	);

	it('keeps fields that only contain the word (Session_Key, SessionKeyHint)', () => {
		const sent = { Session_Key: 'a', SessionKeyHint: 'b' };
		expect(withoutSessionKey(sent)).toEqual(sent);
	});

	it.each([null, 42, 'text'])('leaves %j unchanged', (value) => {
		expect(withoutSessionKey(value)).toBe(value);
	});

	it('drops nested keys at any depth, in lists too, and reports each one it drops', () => {
		const seen: string[] = [];
		const sent = [
			{
				ChatMessageId: 1,
				ChatSession: { ChatSessionId: 9, SessionKey: 'sk-a', Person: { sessionKEY: 'sk-b' } },
				Links: [{ Rel: 'x', sessionkey: 'sk-c' }, [{ SessionKey: 'sk-d' }]],
			},
			{ SessionKey: null },
		];
		expect(withoutSessionKey(sent, (key) => seen.push(key))).toEqual([
			{
				ChatMessageId: 1,
				ChatSession: { ChatSessionId: 9, Person: {} },
				Links: [{ Rel: 'x' }, [{}]],
			},
			{},
		]);
		expect(seen.sort()).toEqual(['sk-a', 'sk-b', 'sk-c', 'sk-d']);
		expect(sent[0].ChatSession).toHaveProperty('SessionKey', 'sk-a'); // the answer is not changed
	});

	it('copes with deep nesting (no recursion) and keeps "__proto__" a plain field', () => {
		let deep: unknown = { SessionKey: 'sk-deep' };
		for (let i = 0; i < 100_000; i++) deep = [deep];
		const seen: string[] = [];
		withoutSessionKey(deep, (key) => seen.push(key));
		expect(seen).toEqual(['sk-deep']);
		const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
		const copy = withoutSessionKey(parsed) as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(copy.__proto__).toEqual({ polluted: true });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('toResultPage', () => {
	it('counts every row sent, keeps the objects without SessionKey, and the next link', () => {
		const page = toResultPage({
			value: [null, { PrimaryKey: 1, SessionKey: 'x' }, 'y', { PrimaryKey: 2 }],
			'odata.nextLink': 'next',
		});
		expect(page).toEqual({
			rows: [{ PrimaryKey: 1 }, { PrimaryKey: 2 }],
			rowsSent: 4,
			nextLink: 'next',
		});
	});

	it('a page without a value list has no rows; a next link that is no text is none', () => {
		expect(toResultPage({ value: 'nope', 'odata.nextLink': 5 })).toEqual({ rows: [], rowsSent: 0 });
	});
});
