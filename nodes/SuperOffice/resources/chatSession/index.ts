import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../shared/operation';
import { chatSessionIdField } from './chatSessionId';
import * as reset from './reset';

/** Every chat-session operation, keyed by its `operation` value. */
export const chatSessionOperations: Record<string, Operation> = { reset };

export const chatSessionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatSession'] } },
		options: [
			{
				name: 'Reset',
				value: 'reset',
				action: 'Reset a chat session to hand it to a human',
				description:
					'Put a chat session back on the queue so a human agent picks it up (hand-off from a chatbot). Returns the updated chat session.',
			},
		],
		default: 'reset',
	},
	chatSessionIdField(['reset']),
	...reset.description,
];
