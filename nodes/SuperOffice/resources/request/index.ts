import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../execution/operation';
import * as create from './create';
import * as get from './get';

/** The `operation` values of the Request resource, as users' workflows store them. */
export type RequestOperation = 'create' | 'get';

/** Every request operation, keyed by its `operation` value: none can be left out. */
export const requestOperations = {
	create,
	get,
} satisfies Record<RequestOperation, Operation>;

export const requestDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a request',
				description:
					'Create a SuperOffice request (case) with a title and a first message, internal for agents or external for the customer. With a chat session ID it connects the chat to the request and attaches the chat transcript. Returns the request with its TicketId.',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a request',
				description:
					'Read one SuperOffice request (case) by its ID: title, status, category, priority, person and company',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
