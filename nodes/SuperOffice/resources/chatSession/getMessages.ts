import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue, parsePositiveInt32 } from '../../../shared/input/values';
import { getChatMessages } from '../../../shared/superoffice/chatSessions';
import { chatTranscript } from '../../../shared/superoffice/transcript';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['getMessages'] };

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		default: 'messages',
		options: [
			{
				name: 'Messages',
				value: 'messages',
				description: 'One item per message, as SuperOffice stores it',
			},
			{
				name: 'Transcript',
				value: 'transcript',
				description:
					'One item with the whole conversation as text (a line per message, oldest first) and each message with its role: customer, agent or event. For an AI model, a summary or a request.',
			},
		],
		description: 'How the conversation is returned',
		displayOptions: { show },
	},
	{
		displayName: 'After Message ID',
		name: 'afterMessageId',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		placeholder: 'e.g. 4711',
		description:
			'Only the messages after this one (its ChatMessageId), e.g. the last message already read; 0 returns the whole conversation',
		displayOptions: { show },
	},
];

/** The `after` query value: undefined for the whole conversation, else a validated message id. */
function afterMessageIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chatSessionId: number,
): number | undefined {
	const raw = ctx.getNodeParameter('afterMessageId', itemIndex, 0) as unknown;
	if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return undefined;
	return parsePositiveInt32(raw, `After Message ID of item ${itemIndex}`, { chatSessionId });
}

/**
 * One output item per ChatMessage, oldest first, each paired with this input item; or with
 * Format: Transcript one item for the session: the conversation as text plus each message with
 * its role. What a human agent or an AI model reads before taking over.
 */
export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<IDataObject | IDataObject[]> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const after = afterMessageIdOf(this, item.itemIndex, chatSessionId);
	const format = this.getNodeParameter('format', item.itemIndex, 'messages') as unknown;
	if (format !== 'messages' && format !== 'transcript') {
		throw new InvalidInputError(
			`Format of item ${item.itemIndex} must be "messages" or "transcript", got ${describeValue(format)}`,
			'Pick Messages or Transcript.',
			{ chatSessionId },
		);
	}
	const messages = await getChatMessages(item.request, chatSessionId, after);
	return format === 'transcript' ? chatTranscript(chatSessionId, messages) : messages;
}
