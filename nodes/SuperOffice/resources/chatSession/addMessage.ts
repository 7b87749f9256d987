import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue } from '../../../shared/input/values';
import { addChatMessage } from '../../../shared/superoffice/chatSessions';
import type { NewChatMessage } from '../../../shared/superoffice/chatSessions';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['addMessage'] };

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

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
			{
				name: 'To Customer',
				value: 'ToCustomer',
				description: 'Shown to the customer (what a bot or agent says)',
			},
			{
				name: 'To User',
				value: 'ToUser',
				description: 'As if written by the customer, shown to the agent',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Mark as Bot Message',
		name: 'botMessage',
		type: 'boolean',
		default: true,
		description:
			'Whether SuperOffice should show the message as written by a bot (SpecialType BotMessage)',
		displayOptions: { show },
	},
];

/**
 * A text field that an expression may fill: text as it is, a finite number as its digits
 * (`{{ $json.count }}` posts "42"); anything else is refused by name rather than posted as
 * "[object Object]" or "true".
 */
function textOf(value: unknown, label: string, chatSessionId: number): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new InvalidInputError(
		`${label} must be text, got ${describeValue(value)}`,
		'Map a text field here, e.g. {{ $json.text }}, not a whole item or list.',
		{ chatSessionId },
	);
}

/** Posts the item's message (never repeated once it may have arrived: see addChatMessage). */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const message = textOf(
		this.getNodeParameter('message', item.itemIndex) as unknown,
		`Message of item ${item.itemIndex}`,
		chatSessionId,
	);
	if (message === undefined || message.trim() === '') {
		throw new InvalidInputError(
			`Message of item ${item.itemIndex} is empty`,
			'Enter the text to post.',
			{ chatSessionId },
		);
	}
	const author = textOf(
		this.getNodeParameter('author', item.itemIndex, '') as unknown,
		`Author of item ${item.itemIndex}`,
		chatSessionId,
	);
	const body: NewChatMessage = {
		Message: message,
		Type: this.getNodeParameter('messageType', item.itemIndex, 'ToCustomer') as string,
		Author: author ?? '',
	};
	if (this.getNodeParameter('botMessage', item.itemIndex, true) === true)
		body.SpecialType = 'BotMessage';

	return await addChatMessage(item.request, chatSessionId, body);
}
