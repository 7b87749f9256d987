import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue } from '../../../shared/input/values';
import { addChatMessage } from '../../../shared/superoffice/chatSessions';
import type { NewChatMessage } from '../../../shared/superoffice/chatSessions';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['addMessage'] };

/** Most quick replies one message offers (a chat window shows a handful; a list is a mistake). */
export const MAX_QUICK_REPLIES = 20;
/** Longest text of one quick reply, in characters. */
const MAX_QUICK_REPLY_CHARS = 200;

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
		displayName: 'Quick Replies',
		name: 'quickReplies',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Opening hours\nTalk to a person',
		description: `Options the customer can click instead of typing, one per line (or a list from an expression), at most ${MAX_QUICK_REPLIES}. Posted as SuperOffice's Options message; a click comes back as a Clicked Option message, which the SuperOffice Trigger hands on with Message From: Customer.`,
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

/**
 * The Quick Replies field as a list of texts: one per line, or a list (or its JSON text) from an
 * expression or an AI Agent. Empty lines go; an empty, too long or non-text option is refused.
 */
export function quickRepliesOf(value: unknown, itemIndex: number, chatSessionId: number): string[] {
	const label = `Quick Replies of item ${itemIndex}`;
	const refuse = (problem: string): never => {
		throw new InvalidInputError(
			`${label} ${problem}`,
			'Write one option per line, or map a list of texts, e.g. {{ ["Yes", "No"] }}.',
			{ chatSessionId },
		);
	};
	if (value === undefined || value === null || value === '') return [];
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		let parsed: unknown;
		if (text.startsWith('[')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
		}
		list = Array.isArray(parsed) ? parsed : text.split(/\r?\n/);
	} else return refuse(`must be text or a list of texts, got ${describeValue(value)}`);
	const options: string[] = [];
	for (const option of list) {
		if (typeof option !== 'string' && !(typeof option === 'number' && Number.isFinite(option)))
			refuse(`must hold texts, got ${describeValue(option)}`);
		const text = String(option).trim();
		if (text === '') continue;
		if (text.length > MAX_QUICK_REPLY_CHARS)
			refuse(`has an option longer than ${MAX_QUICK_REPLY_CHARS} characters`);
		if (!options.includes(text)) options.push(text);
	}
	if (options.length > MAX_QUICK_REPLIES)
		refuse(`has ${options.length} options; at most ${MAX_QUICK_REPLIES} fit a chat window`);
	return options;
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
	const quickReplies = quickRepliesOf(
		this.getNodeParameter('quickReplies', item.itemIndex, '') as unknown,
		item.itemIndex,
		chatSessionId,
	);
	if (quickReplies.length > 0) {
		if (body.Type !== 'ToCustomer') {
			throw new InvalidInputError(
				`Quick Replies of item ${item.itemIndex} are offered to the customer, but the Message Type is ${describeValue(body.Type)}`,
				'Set Message Type to To Customer, or clear Quick Replies.',
				{ chatSessionId },
			);
		}
		// SuperOffice's Options special message: the clickable texts as a JSON array.
		body.SpecialType = 'Options';
		body.SpecialParam = JSON.stringify(quickReplies);
	} else if (this.getNodeParameter('botMessage', item.itemIndex, true) === true)
		body.SpecialType = 'BotMessage';

	return await addChatMessage(item.request, chatSessionId, body);
}
