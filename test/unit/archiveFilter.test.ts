import { simplifyArchiveRow } from '../../nodes/shared/superoffice/archive';
import { buildChatSessionFilter } from '../../nodes/shared/superoffice/archiveFilter';
import { ACTIVE_STATUSES, CHAT_SESSION_STATUSES } from '../../nodes/shared/superoffice/statuses';
import { InvalidInputError } from '../../nodes/shared/input/invalidInput';

/** Runs `fn`, expects an InvalidInputError and returns it (so message and hint can be checked). */
function invalidInput(fn: () => unknown): InvalidInputError {
	let returned: unknown;
	try {
		returned = fn();
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidInputError);
		return error as InvalidInputError;
	}
	throw new Error(
		`Expected an InvalidInputError, but the filter was built: ${JSON.stringify(returned)}`,
	);
}

describe('buildChatSessionFilter', () => {
	describe('nothing to filter', () => {
		it.each([
			['no filters', {}],
			['empty status list', { status: [] }],
			['topic 0 (the field default: all topics)', { topicId: 0 }],
			['empty topic', { topicId: '' }],
			[
				'empty dates (the dateTime default)',
				{ requestedAfter: '', requestedBefore: '', updatedAfter: '', updatedBefore: '' },
			],
			['blank raw filter', { rawFilter: '   ' }],
		])('%s → no $filter at all', (_label, filters) => {
			expect(buildChatSessionFilter(filters)).toBeUndefined();
		});
	});

	describe('status', () => {
		// The documented ChatSessionStatus numbers; a typo in the node's table would send the wrong status.
		const documented: Array<[string, number]> = [
			['PreChatForm', 1],
			['Faq', 2],
			['OfflineForm', 3],
			['InQueue', 4],
			['CustomerLast', 5],
			['UserLast', 6],
			['Finished', 7],
			['Deleted', 8],
			['Closed', 9],
			['RequestPosted', 10],
			['ClosedFromQueue', 11],
		];

		it('knows exactly the documented statuses', () => {
			expect(Object.entries(CHAT_SESSION_STATUSES)).toEqual(documented);
			expect(ACTIVE_STATUSES).toEqual(['CustomerLast', 'UserLast']);
		});

		it.each(documented)('single status %s → "status eq %i" without parentheses', (name, value) => {
			expect(buildChatSessionFilter({ status: [name] })).toBe(`status eq ${value}`);
		});

		it('several statuses → one parenthesized "or" group, in the order chosen', () => {
			expect(buildChatSessionFilter({ status: ['InQueue', 'Closed', 'PreChatForm'] })).toBe(
				'(status eq 4 or status eq 9 or status eq 1)',
			);
		});

		it("'active' expands to CustomerLast or UserLast", () => {
			expect(buildChatSessionFilter({ status: ['active'] })).toBe('(status eq 5 or status eq 6)');
		});

		it("'active' plus one of its own statuses does not repeat it", () => {
			expect(buildChatSessionFilter({ status: ['CustomerLast', 'active'] })).toBe(
				'(status eq 5 or status eq 6)',
			);
			expect(buildChatSessionFilter({ status: ['active', 'UserLast', 'active'] })).toBe(
				'(status eq 5 or status eq 6)',
			);
		});

		it("'active' combined with another status", () => {
			expect(buildChatSessionFilter({ status: ['InQueue', 'active'] })).toBe(
				'(status eq 4 or status eq 5 or status eq 6)',
			);
		});

		it('the same status twice is sent once, without an "or" group', () => {
			expect(buildChatSessionFilter({ status: ['InQueue', 'InQueue'] })).toBe('status eq 4');
		});

		it.each([
			['unknown name', 'Bogus'],
			['wrong case', 'inqueue'],
			['the Invalid enum value', 'Invalid'],
			['a number', '4'],
			['empty', ''],
		])('refuses an unknown status (%s), naming it', (_label, status) => {
			const error = invalidInput(() => buildChatSessionFilter({ status: ['InQueue', status] }));
			expect(error.message).toBe(`Unknown chat session status ${JSON.stringify(status)}`);
		});
	});

	describe('topic', () => {
		it.each([
			[2, 'chatTopic/chatTopicId eq 2'],
			[371, 'chatTopic/chatTopicId eq 371'],
			['3', 'chatTopic/chatTopicId eq 3'],
			[' 7 ', 'chatTopic/chatTopicId eq 7'],
			[2147483647, 'chatTopic/chatTopicId eq 2147483647'],
		])('topic %j → %s', (topicId, expected) => {
			expect(buildChatSessionFilter({ topicId })).toBe(expected);
		});

		it.each([
			['a negative number', -1, '-1'],
			['a fraction', 1.5, '1.5'],
			['text', 'support', '"support"'],
			['an OData injection', '2 or 1 eq 1', '"2 or 1 eq 1"'],
			['a number above int32', 2147483648, '2147483648'],
		])('refuses %s as topic id, naming the field and the value', (_label, topicId, shown) => {
			const error = invalidInput(() => buildChatSessionFilter({ topicId }));
			expect(error.message).toBe(
				`Topic ID must be a whole number from 1 to 2147483647, got ${shown}`,
			);
		});
	});

	describe('topic list (the Idle Chat Trigger)', () => {
		it.each([
			[[], undefined],
			[[2], 'chatTopic/chatTopicId eq 2'],
			[[2, '3', 2], '(chatTopic/chatTopicId eq 2 or chatTopic/chatTopicId eq 3)'],
		])('topics %j → %s', (topicIds, expected) => {
			expect(buildChatSessionFilter({ topicIds })).toBe(expected);
		});

		it('is ANDed with the status, and refuses an injection', () => {
			expect(buildChatSessionFilter({ status: ['active'], topicIds: [1, 3] })).toBe(
				'(status eq 5 or status eq 6) and (chatTopic/chatTopicId eq 1 or chatTopic/chatTopicId eq 3)',
			);
			expect(
				invalidInput(() => buildChatSessionFilter({ topicIds: ['2 or 1 eq 1'] })).message,
			).toBe('Topic ID must be a whole number from 1 to 2147483647, got "2 or 1 eq 1"');
		});
	});

	describe('dates (sent in UTC, whole seconds)', () => {
		it.each([
			['requestedAfter', "whenRequested after '2026-01-31T10:00:00Z'"],
			['requestedBefore', "whenRequested before '2026-01-31T10:00:00Z'"],
			['updatedAfter', "updatedDate after '2026-01-31T10:00:00Z'"],
			['updatedBefore', "updatedDate before '2026-01-31T10:00:00Z'"],
		] as const)('%s alone', (field, expected) => {
			expect(buildChatSessionFilter({ [field]: '2026-01-31T10:00:00Z' })).toBe(expected);
		});

		it.each([
			[
				'UTC with milliseconds (cut to seconds)',
				'2026-01-31T10:00:00.999Z',
				'2026-01-31T10:00:00Z',
			],
			['an offset (converted to UTC)', '2026-01-31T11:30:15+01:00', '2026-01-31T10:30:15Z'],
			['a negative offset across midnight', '2026-01-31T20:00:00-05:00', '2026-02-01T01:00:00Z'],
			[
				"SuperOffice's own 7-digit fraction",
				'2015-06-16T17:37:38.2868649+02:00',
				'2015-06-16T15:37:38Z',
			],
			['a date only (midnight UTC)', '2026-01-31', '2026-01-31T00:00:00Z'],
		])('converts %s', (_label, input, expected) => {
			expect(buildChatSessionFilter({ updatedAfter: input })).toBe(
				`updatedDate after '${expected}'`,
			);
		});

		it.each([
			['requestedAfter', 'Requested After'],
			['requestedBefore', 'Requested Before'],
			['updatedAfter', 'Updated After'],
			['updatedBefore', 'Updated Before'],
		] as const)(
			'refuses an invalid %s with a clear error naming the filter and the value',
			(field, label) => {
				const error = invalidInput(() => buildChatSessionFilter({ [field]: 'yesterday-ish' }));
				expect(error.message).toBe(`${label} is not a valid date: "yesterday-ish"`);
				expect(error.hint).toBe(
					'Use the date picker or an ISO 8601 date such as 2026-01-31T10:00:00Z.',
				);
			},
		);

		it('names the first invalid date filter even when others are valid', () => {
			const error = invalidInput(() =>
				buildChatSessionFilter({
					requestedAfter: '2026-01-01T00:00:00Z',
					updatedBefore: '31.01.2026 10:00',
				}),
			);
			expect(error.message).toBe('Updated Before is not a valid date: "31.01.2026 10:00"');
		});

		// V8's Date.parse alone is lenient: these would become real, different dates.
		it.each([
			['an impossible calendar date (2026-02-30 is not 2 March)', '2026-02-30T10:00:00Z'],
			['29 February of a common year', '2026-02-29'],
			['a bare number (not 1 January 2001)', '1'],
			['a month name', 'March 3, 2026'],
			['US notation', '01/31/2026'],
		])('refuses %s', (_label, value) => {
			const error = invalidInput(() => buildChatSessionFilter({ requestedAfter: value }));
			expect(error.message).toBe(`Requested After is not a valid date: ${JSON.stringify(value)}`);
		});

		it('accepts 29 February of a leap year', () => {
			expect(buildChatSessionFilter({ requestedAfter: '2028-02-29T12:00:00Z' })).toBe(
				"whenRequested after '2028-02-29T12:00:00Z'",
			);
		});

		// Date.UTC reads years 0-99 as 1900-1999.
		it.each([
			['in the workflow time zone UTC', '0050-01-01', 'UTC', '0050-01-01T00:00:00Z'],
			['in a zone two hours ahead', '0050-01-01T01:30:00', 'Etc/GMT-2', '0049-12-31T23:30:00Z'],
			['with its own zone', '0099-12-31T23:59:59Z', 'Europe/Oslo', '0099-12-31T23:59:59Z'],
			['year 0 (1 BC)', '0000-06-15', 'UTC', '0000-06-15T00:00:00Z'],
		])('keeps a year below 100 (%s)', (_label, input, timeZone, expected) => {
			expect(buildChatSessionFilter({ updatedAfter: input }, timeZone)).toBe(
				`updatedDate after '${expected}'`,
			);
		});

		it('still refuses 29 February of a common year below 100', () => {
			const error = invalidInput(() =>
				buildChatSessionFilter({ updatedAfter: '0050-02-29' }, 'UTC'),
			);
			expect(error.message).toBe('Updated After is not a valid date: "0050-02-29"');
		});

		it('takes a Luxon DateTime or a Date, as expressions produce them', () => {
			// Shaped like Luxon's DateTime ($now in an expression); the integration test uses the real one.
			const luxon = { toISO: () => '2026-01-31T11:00:00.250+01:00', toString: () => 'not used' };
			const date = new Date('2026-01-31T10:00:00.999Z');
			expect(
				buildChatSessionFilter({
					updatedAfter: luxon as unknown as string,
					updatedBefore: date as unknown as string,
				}),
			).toBe(
				"updatedDate after '2026-01-31T10:00:00Z' and updatedDate before '2026-01-31T10:00:00Z'",
			);
		});
	});

	describe('raw OData filter', () => {
		it('alone is sent as given (trimmed), without parentheses', () => {
			expect(buildChatSessionFilter({ rawFilter: "  contains(firstMessage, 'invoice')  " })).toBe(
				"contains(firstMessage, 'invoice')",
			);
		});

		it.each([
			[
				'closes what it never opened',
				'chatSessionId eq 0) or (chatSessionId gt 0',
				'the ")" at position 19 closes a parenthesis that was never opened',
			],
			['leaves one open', "(status eq 4 or contains(firstMessage, 'x')", '1 "(" is never closed'],
			['leaves two open', '((rating eq 5', '2 "(" are never closed'],
			[
				'ends inside quoted text',
				"firstMessage eq 'it''s",
				'the quoted text starting at position 17 never ends',
			],
			[
				'hides a ")" behind a quote',
				"firstMessage eq ')' or (rating eq 1",
				'1 "(" is never closed',
			],
		])('refuses a filter that %s, naming it', (_label, rawFilter, problem) => {
			for (const filters of [{ rawFilter }, { status: ['InQueue'], rawFilter }]) {
				const error = invalidInput(() => buildChatSessionFilter(filters));
				expect(error.message).toBe(
					`Advanced Filter (OData) ${JSON.stringify(rawFilter)} is not balanced: ${problem}`,
				);
				expect(error.hint).toMatch(/^Every "\(" needs its "\)"/);
			}
		});

		it.each([
			['parentheses inside quoted text', "contains(firstMessage, ':) (')"],
			['an escaped quote before a parenthesis', "firstMessage eq 'it''s (fine' or (rating eq 5)"],
			['nested groups', '((rating eq 5) or (rating eq 4)) and not (status eq 7)'],
			["a datetime'…' literal", "whenRequested gt datetime'2026-01-01T00:00:00Z'"],
		])('accepts %s and wraps it when combined', (_label, rawFilter) => {
			expect(buildChatSessionFilter({ rawFilter })).toBe(rawFilter);
			expect(buildChatSessionFilter({ topicId: 2, rawFilter })).toBe(
				`chatTopic/chatTopicId eq 2 and (${rawFilter})`,
			);
		});

		it('refuses a filter that is not text', () => {
			expect(
				invalidInput(() =>
					buildChatSessionFilter({ rawFilter: { sessionKey: 'x' } as unknown as string }),
				).message,
			).toBe('Advanced Filter (OData) must be text, got an object');
			expect(
				invalidInput(() => buildChatSessionFilter({ rawFilter: 5 as unknown as string })).message,
			).toBe('Advanced Filter (OData) must be text, got 5');
		});

		it('with other filters is parenthesized and ANDed last, so its "or" cannot escape', () => {
			expect(
				buildChatSessionFilter({ status: ['InQueue'], rawFilter: 'rating eq 5 or rating eq 4' }),
			).toBe('status eq 4 and (rating eq 5 or rating eq 4)');
		});
	});

	it('all filters together, in a fixed order joined by "and"', () => {
		expect(
			buildChatSessionFilter({
				status: ['active', 'InQueue'],
				topicId: '2',
				requestedAfter: '2026-01-01T00:00:00Z',
				requestedBefore: '2026-01-31T23:59:59.500Z',
				updatedAfter: '2026-01-15T12:00:00+01:00',
				updatedBefore: '2026-02-01',
				rawFilter: "contains(firstMessage, 'invoice')",
			}),
		).toBe(
			'(status eq 5 or status eq 6 or status eq 4)' +
				' and chatTopic/chatTopicId eq 2' +
				" and whenRequested after '2026-01-01T00:00:00Z'" +
				" and whenRequested before '2026-01-31T23:59:59Z'" +
				" and updatedDate after '2026-01-15T11:00:00Z'" +
				" and updatedDate before '2026-02-01T00:00:00Z'" +
				" and (contains(firstMessage, 'invoice'))",
		);
	});
});

describe('simplifyArchiveRow', () => {
	it('turns an archive row into flat, readable keys and drops the archive bookkeeping', () => {
		const row = {
			PrimaryKey: 903,
			EntityName: 'chatSession',
			chatSessionId: 903,
			status: 'CustomerLast',
			firstMessage: 'Where is my order?',
			whenRequested: '2026-01-31T10:00:00.1234567+01:00',
			agent: '',
			'chatTopic/chatTopicId': 2,
			'chatTopic/name': 'Support',
			contactId: 0,
			updatedDate: '2026-01-31T10:05:00.0000000+01:00',
		};
		const simple = simplifyArchiveRow(row);
		expect(simple).toEqual({
			chatSessionId: 903,
			status: 'CustomerLast',
			firstMessage: 'Where is my order?',
			whenRequested: '2026-01-31T10:00:00.1234567+01:00',
			agent: '',
			chatTopicId: 2,
			chatTopicName: 'Support',
			contactId: 0,
			updatedDate: '2026-01-31T10:05:00.0000000+01:00',
		});
		// chatSessionId comes first, then the columns in the order SuperOffice sent them.
		expect(Object.keys(simple)).toEqual([
			'chatSessionId',
			'status',
			'firstMessage',
			'whenRequested',
			'agent',
			'chatTopicId',
			'chatTopicName',
			'contactId',
			'updatedDate',
		]);
		// The input row is left as it was.
		expect(row['chatTopic/name']).toBe('Support');
	});

	it("takes the id from PrimaryKey, the archive's own key, over the chatSessionId column", () => {
		expect(simplifyArchiveRow({ PrimaryKey: 17, chatSessionId: 99 })).toEqual({
			chatSessionId: 17,
		});
	});

	it('falls back to the chatSessionId column when there is no PrimaryKey', () => {
		expect(simplifyArchiveRow({ chatSessionId: 42, status: 'InQueue' })).toEqual({
			chatSessionId: 42,
			status: 'InQueue',
		});
	});

	it('camel-cases other nested column paths and drops keys starting with "_"', () => {
		expect(
			simplifyArchiveRow({
				PrimaryKey: 5,
				'person/firstName': 'Kari',
				'contact/address/city': 'Oslo',
				_Links: { Self: 'x' },
				_hidden: 1,
			}),
		).toEqual({ chatSessionId: 5, personFirstName: 'Kari', contactAddressCity: 'Oslo' });
	});

	it('keeps null and falsy values as they are', () => {
		expect(
			simplifyArchiveRow({ PrimaryKey: 8, whenEnded: null, rating: 0, lastMessage: '' }),
		).toEqual({
			chatSessionId: 8,
			whenEnded: null,
			rating: 0,
			lastMessage: '',
		});
	});
});
