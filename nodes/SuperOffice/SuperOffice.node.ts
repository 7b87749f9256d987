import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { authenticationProperty, nodeCredentials } from '../shared/credentials/nodeCredentials';
import {
	optionsProperty,
	readConcurrency,
	readRequestSettings,
} from '../shared/execution/nodeOptions';
import { SuperOfficeClient } from '../shared/client';
import { RequestLimiter } from '../shared/transport/limiter';
import { runItems } from './execution/items';
import type { Operation } from './execution/operation';
import { searchChatTopics, searchUsers } from './methods/listSearch';
import { chatSessionDescription, chatSessionOperations } from './resources/chatSession';
import { chatTopicDescription, chatTopicOperations } from './resources/chatTopic';
import { requestDescription, requestOperations } from './resources/request';

const operationsByResource: Record<string, Record<string, Operation>> = {
	chatSession: chatSessionOperations,
	chatTopic: chatTopicOperations,
	request: requestOperations,
};

export class SuperOffice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SuperOffice',
		name: 'superOffice',
		icon: {
			light: 'file:../../icons/superoffice.svg',
			dark: 'file:../../icons/superoffice.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Work with SuperOffice CRM chat: find chat sessions, read a conversation as a transcript, post messages, check whether an agent can answer a chat topic now, hand chatbot sessions over to a human agent, and create requests (cases) that tell the agent what the customer needs',
		defaults: { name: 'SuperOffice' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: nodeCredentials(),
		properties: [
			authenticationProperty(),
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Chat Session', value: 'chatSession' },
					{ name: 'Chat Topic', value: 'chatTopic' },
					{ name: 'Request', value: 'request' },
				],
				default: 'chatSession',
			},
			...chatSessionDescription,
			...chatTopicDescription,
			...requestDescription,
			optionsProperty,
		],
	};

	methods = {
		listSearch: { searchUsers, searchChatTopics },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operationName = this.getNodeParameter('operation', 0) as string;
		const operation = operationsByResource[resource]?.[operationName];
		if (!operation) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operationName}" is not known for resource "${resource}"`,
			);
		}

		// The credential is read once per execution; a broken credential fails each item
		// the same way, so Continue On Fail still accounts for every item. One limiter for all
		// the execution's requests: Concurrency counts requests in flight, not items.
		const limiter = new RequestLimiter(() => readConcurrency(this));
		const client = SuperOfficeClient.forNode(this, { limiter });
		client.catch(() => undefined);

		const output = await runItems(
			this,
			items.length,
			async (itemIndex) => {
				const settings = readRequestSettings(this, itemIndex);
				const connected = await client;
				return await operation.execute.call(this, {
					itemIndex,
					request: async (request) => await connected.request(request, settings),
				});
			},
			// Read inside the runner: an invalid value fails the items instead of passing them through.
			{ concurrency: () => readConcurrency(this) },
		);
		return [output];
	}
}
