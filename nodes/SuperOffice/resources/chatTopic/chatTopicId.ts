import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatedValue, parsePositiveInt32, valueForContext } from '../../../shared/input/values';

/**
 * A chat topic as a resource locator: picked from the searchable list of the topics this user may
 * work with, or given by id. Used for the Chat Topic field and Get Many's topic filter.
 */
export function chatTopicLocator(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'hint' | 'required'> &
		Partial<Pick<INodeProperties, 'displayOptions'>>,
): INodeProperties {
	return {
		...field,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a chat topic...',
				typeOptions: { searchListMethod: 'searchChatTopics', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[0-9]+\\s*$',
							errorMessage: 'A chat topic ID is a whole number, e.g. 2',
						},
					},
				],
			},
		],
	};
}

/** The Chat Topic field of the Chat Topic operations that act on one topic. */
export function chatTopicIdField(operations: string[]): INodeProperties {
	return chatTopicLocator({
		displayName: 'Chat Topic',
		name: 'chatTopicId',
		required: true,
		description:
			'The chat topic (channel): pick it from the topics this user may work with, or give its ID (ChatTopicId, e.g. the TopicId of a chat session)',
		hint: 'From a chat session: By ID and {{ $json.TopicId }}',
		displayOptions: { show: { resource: ['chatTopic'], operation: operations } },
	});
}

/**
 * Reads and validates the item's chat topic id before any request is built: a resource locator
 * as the editor stores it, or a plain number or digits (an older workflow, an expression).
 */
export function chatTopicIdOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const raw = ctx.getNodeParameter('chatTopicId', itemIndex) as unknown;
	const value = locatedValue(raw);
	return parsePositiveInt32(value, `Chat Topic ID of item ${itemIndex}`, {
		chatTopicId: valueForContext(value),
	});
}
