import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../shared/operation';
import { InvalidInputError } from '../../shared/validate';
import { chatSessionIdOf, chatSessionPath } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['addMessage'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. A colleague takes over this chat in a moment.',
		description: 'The text to post in the chat session',
		displayOptions: { show },
	},
	{
		displayName: 'Author',
		name: 'author',
		type: 'string',
		default: 'Bot',
		description: 'The name shown as the author of the message',
		displayOptions: { show },
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'ToCustomer',
		options: [
			{ name: 'To Customer', value: 'ToCustomer', description: 'Shown to the customer (what a bot or agent says)' },
			{ name: 'To User', value: 'ToUser', description: 'As if written by the customer, shown to the agent' },
		],
		displayOptions: { show },
	},
	{
		displayName: 'Mark as Bot Message',
		name: 'botMessage',
		type: 'boolean',
		default: true,
		description: 'Whether SuperOffice should show the message as written by a bot (SpecialType BotMessage)',
		displayOptions: { show },
	},
];

/**
 * POST /ChatSession/{id}/Messages. Not idempotent: posting twice shows the text twice,
 * so this request is never repeated once it may have reached SuperOffice.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const message = this.getNodeParameter('message', item.itemIndex) as unknown;
	if (typeof message !== 'string' || message.trim() === '') {
		throw new InvalidInputError(`Message of item ${item.itemIndex} is empty`, 'Enter the text to post.', { chatSessionId });
	}
	const body: IDataObject = {
		ChatSessionId: chatSessionId,
		Message: message,
		Type: this.getNodeParameter('messageType', item.itemIndex, 'ToCustomer') as string,
		Author: String(this.getNodeParameter('author', item.itemIndex, '') ?? ''),
	};
	if (this.getNodeParameter('botMessage', item.itemIndex, true) === true) body.SpecialType = 'BotMessage';

	return await item.request<IDataObject>({
		method: 'POST',
		path: chatSessionPath(chatSessionId, 'Messages'),
		body,
		subject: { action: `add a message to chat session ${chatSessionId}`, chatSessionId },
		idempotent: false,
		answerName: 'chat message',
	});
}
