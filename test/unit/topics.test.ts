/**
 * Topic IDs as both triggers read them (nodes/shared/superoffice/topics.ts): the multi-select's
 * list, and every value older workflows saved in the former text field or an expression gives.
 */
import { parseTopicIds, topicIdsProperty } from '../../nodes/shared/superoffice/topics';
import { parseTopicIds as fromWebhookTrigger } from '../../nodes/SuperOfficeTrigger/event';
import { parseTopicIds as fromIdleTrigger } from '../../nodes/SuperOfficeIdleChatTrigger/idleSessions';

describe('parseTopicIds', () => {
	it.each([
		['the multi-select', [3, 2], [2, 3]],
		['nothing selected', [], []],
		['the former field, empty', '', []],
		['missing', undefined, []],
		['null', null, []],
		['one number', 7, [7]],
		['0: no topic, the former "all topics"', 0, []],
		['comma-separated text', ' 3, 2 ,2, ', [2, 3]],
		['semicolons and spaces', '2;3 4', [2, 3, 4]],
		['digits as text in a list', ['4', 5], [4, 5]],
		['a list of texts holding several ids', ['2, 3', '3;1'], [1, 2, 3]],
		['zeros among ids', [0, '0', 2], [2]],
	])('%s: %p → %p', (_label, value, expected) => {
		expect(parseTopicIds(value)).toEqual(expected);
	});

	it.each([
		['abc', '"abc"'],
		['1,-4', '"-4"'],
		['2, two', '"two"'],
		[[2, 1.5], '1.5'],
		[[2, { id: 3 }], 'an object with 1 key'],
		[true, 'true'],
	])('%p is refused by name', (value, shown) => {
		expect(() => parseTopicIds(value)).toThrow(
			`Topic IDs must be a whole number from 1 to 2147483647, got ${shown}`,
		);
	});

	it('both triggers read Topic IDs with this one function', () => {
		expect(fromWebhookTrigger).toBe(parseTopicIds);
		expect(fromIdleTrigger).toBe(parseTopicIds);
	});

	it('the field is a multi-select filled from the topics of the credential user', () => {
		expect(topicIdsProperty).toMatchObject({
			name: 'topicIds',
			type: 'multiOptions',
			default: [],
			typeOptions: { loadOptionsMethod: 'getChatTopics' },
		});
	});
});
