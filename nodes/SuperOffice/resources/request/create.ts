import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { StepLog } from '../../../shared/execution/steps';
import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue, parsePositiveInt32 } from '../../../shared/input/values';
import { getChatMessages } from '../../../shared/superoffice/chatSessions';
import { fileRequest } from '../../../shared/superoffice/requests';
import type {
	MessageVisibility,
	NewRequest,
	PlannedMessage,
} from '../../../shared/superoffice/requests';
import { chatTranscript } from '../../../shared/superoffice/transcript';
import type { ItemContext } from '../../execution/operation';
import { optionalText } from './fields';

const show = { resource: ['request'], operation: ['create'] };

/** Acts on a request; a chat session is an optional field of its own. */
export const usesChatSessionId = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Customer asks for a refund',
		description: 'The title of the request, what it is about in a few words',
		displayOptions: { show },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. The customer wants a refund for invoice 10023 and asked to be called back.',
		description: 'The first message of the request; leave empty for none',
		displayOptions: { show },
	},
	{
		displayName: 'Message Visibility',
		name: 'messageVisibility',
		type: 'options',
		default: 'internal',
		options: [
			{
				name: 'Internal',
				value: 'internal',
				description: 'Only users (agents) see it, e.g. a summary for the agent',
			},
			{
				name: 'External',
				value: 'external',
				description: 'The customer may see it',
			},
		],
		description: 'Who may see the message',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Category ID',
				name: 'categoryId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The request category (TicketCategoryId)',
			},
			{
				displayName: 'Chat Session ID',
				name: 'chatSessionId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description:
					'Connect this chat session to the request and attach its transcript as an internal message',
			},
			{
				displayName: 'Contact (Company) ID',
				name: 'contactId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The company (ContactId) the request is about',
			},
			{
				displayName: 'Person ID',
				name: 'personId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The contact person (PersonId) who asked',
			},
			{
				displayName: 'Priority ID',
				name: 'priorityId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The request priority (TicketPriorityId)',
			},
		],
	},
];

/** The body of the transcript message on a request. */
export function transcriptBody(chatSessionId: number, transcript: string): string {
	return `Chat transcript (chat session ${chatSessionId}):\n${transcript}`;
}

interface CreateInput {
	request: NewRequest;
	message?: string;
	visibility: MessageVisibility;
	chatSessionId?: number;
}

function inputOf(ctx: IExecuteFunctions, itemIndex: number): CreateInput {
	const raw = ctx.getNodeParameter('additionalFields', itemIndex, {}) as unknown;
	const fields =
		raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as IDataObject) : {};
	const id = (key: string, label: string, context: IDataObject = {}) =>
		fields[key] === undefined
			? undefined
			: parsePositiveInt32(fields[key], `${label} of item ${itemIndex}`, context);
	const chatSessionId = id('chatSessionId', 'Chat Session ID', {
		chatSessionId: fields.chatSessionId as number,
	});
	const context = chatSessionId === undefined ? {} : { chatSessionId };
	const title = optionalText(
		ctx.getNodeParameter('title', itemIndex) as unknown,
		`Title of item ${itemIndex}`,
		context,
	);
	if (title === undefined)
		throw new InvalidInputError(
			`Title of item ${itemIndex} is empty`,
			'Enter what the request is about.',
			context,
		);
	const visibility = ctx.getNodeParameter('messageVisibility', itemIndex, 'internal') as unknown;
	if (visibility !== 'internal' && visibility !== 'external')
		throw new InvalidInputError(
			`Message Visibility of item ${itemIndex} must be "internal" or "external", got ${describeValue(visibility)}`,
			'Pick Internal or External.',
			context,
		);
	return {
		request: {
			title: title.trim(),
			personId: id('personId', 'Person ID', context),
			contactId: id('contactId', 'Contact ID', context),
			categoryId: id('categoryId', 'Category ID', context),
			priorityId: id('priorityId', 'Priority ID', context),
		},
		message: optionalText(
			ctx.getNodeParameter('message', itemIndex, '') as unknown,
			`Message of item ${itemIndex}`,
			context,
		),
		visibility,
		chatSessionId,
	};
}

/**
 * Creates the request, adds its message, and with a Chat Session ID attaches the session's
 * transcript (read first, so an unknown session fails before anything is written) and connects
 * the session to the request. Outputs the request as SuperOffice created it.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const input = inputOf(this, item.itemIndex);
	const { chatSessionId } = input;
	const steps = new StepLog(
		chatSessionId === undefined
			? 'Creating the request'
			: `Creating the request for chat session ${chatSessionId}`,
		chatSessionId === undefined ? {} : { chatSessionId },
	);
	const messages: PlannedMessage[] = [];
	if (input.message !== undefined)
		messages.push({ body: input.message, visibility: input.visibility, label: 'the message' });
	if (chatSessionId !== undefined) {
		const conversation = await steps.run(
			`read the messages of chat session ${chatSessionId}`,
			async () => await getChatMessages(item.request, chatSessionId),
		);
		const { transcript } = chatTranscript(chatSessionId, conversation);
		messages.push({
			body: transcriptBody(chatSessionId, transcript === '' ? '(no messages)' : transcript),
			visibility: 'internal',
			label: 'the chat transcript',
		});
	}
	return await fileRequest(item.request, steps, {
		request: input.request,
		messages,
		link: chatSessionId === undefined ? undefined : { chatSessionId },
	});
}
