import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../execution/operation';
import { chatTopicIdField } from './chatTopicId';
import * as get from './get';
import * as getAvailability from './getAvailability';
import * as getMany from './getMany';

/** The `operation` values of the Chat Topic resource, as users' workflows store them. */
export type ChatTopicOperation = 'get' | 'getMany' | 'getAvailability';

/** Every chat-topic operation, keyed by its `operation` value: none can be left out. */
export const chatTopicOperations = {
	get,
	getMany,
	getAvailability,
} satisfies Record<ChatTopicOperation, Operation>;

export const chatTopicDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatTopic'] } },
		// Alphabetical by name, as n8n's lint rules ask; Get Availability is the default: it is
		// what a hand-over asks before it hands over.
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a chat topic',
				description:
					'Read one chat topic (channel) as SuperOffice stores it: name, welcome message, opening hours, bot and queue settings',
			},
			{
				name: 'Get Availability',
				value: 'getAvailability',
				action: 'Check whether anyone can answer a chat topic now',
				description:
					'Check before a hand-over whether a human can answer chats of a topic right now: open or closed (opening hours), which agents are present and allowed to respond, how many customers wait in the queue. canAnswer is true when the topic is open and at least one agent is available.',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many chat topics',
				description:
					'List the chat topics the signed-in user may answer, listen to, manage or be notified about',
			},
		],
		default: 'getAvailability',
	},
	chatTopicIdField(['get', 'getAvailability']),
	...get.description,
	...getMany.description,
	...getAvailability.description,
];
