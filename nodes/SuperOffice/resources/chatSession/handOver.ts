import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { StepLog } from '../../../shared/execution/steps';
import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue } from '../../../shared/input/values';
import { linkedRequestId } from '../../../shared/superoffice/chatSessionUpdate';
import {
	addChatMessage,
	getChatMessages,
	getChatSession,
	resetChatSession,
} from '../../../shared/superoffice/chatSessions';
import { readTopicAvailability } from '../../../shared/superoffice/chatTopics';
import {
	isInBotHands,
	referenceIdOf,
	requestTitle,
	resetOutcome,
	topicIdOf,
} from '../../../shared/superoffice/handOver';
import type { HandOverOutcome, WhenNobodyCanAnswer } from '../../../shared/superoffice/handOver';
import { fileRequest, requestIdOf } from '../../../shared/superoffice/requests';
import type { PlannedMessage } from '../../../shared/superoffice/requests';
import { chatTranscript } from '../../../shared/superoffice/transcript';
import type { ItemContext } from '../../execution/operation';
import { optionalText } from '../request/fields';
import { transcriptBody } from '../request/create';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['handOver'] };

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [
	{
		displayName: 'Customer Message',
		name: 'customerMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'e.g. A colleague takes over this chat in a moment.',
		description: 'Posted to the customer first, as a bot message; leave empty to post nothing',
		displayOptions: { show },
	},
	{
		displayName: 'Summary',
		name: 'summary',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Wants a refund for invoice 10023; already gave the order number.',
		description:
			'What the agent should know. When given, a request is created with the summary as an internal message and the chat transcript, and connected to the chat session.',
		displayOptions: { show },
	},
	{
		displayName: 'When Nobody Can Answer',
		name: 'whenNobodyCanAnswer',
		type: 'options',
		default: 'reset',
		options: [
			{
				name: 'Reset Anyway',
				value: 'reset',
				description:
					'Hand over all the same; SuperOffice shows the customer its offline form when no agent is there',
			},
			{
				name: 'Create Request',
				value: 'createRequest',
				description:
					'Post the customer message and create a request with the transcript for later, without a reset: the bot keeps the chat',
			},
			{
				name: 'Skip',
				value: 'skip',
				description: 'Change nothing; the output says nobody could answer',
			},
		],
		description:
			'What to do when the topic is closed or no agent who may answer is present right now',
		displayOptions: { show },
	},
];

interface HandOverInput {
	customerMessage?: string;
	summary?: string;
	whenNobodyCanAnswer: WhenNobodyCanAnswer;
}

function inputOf(ctx: IExecuteFunctions, itemIndex: number, chatSessionId: number): HandOverInput {
	const context = { chatSessionId };
	const when = ctx.getNodeParameter('whenNobodyCanAnswer', itemIndex, 'reset') as unknown;
	if (when !== 'reset' && when !== 'createRequest' && when !== 'skip') {
		throw new InvalidInputError(
			`When Nobody Can Answer of item ${itemIndex} must be "reset", "createRequest" or "skip", got ${describeValue(when)}`,
			'Pick Reset Anyway, Create Request or Skip.',
			context,
		);
	}
	return {
		customerMessage: optionalText(
			ctx.getNodeParameter('customerMessage', itemIndex, '') as unknown,
			`Customer Message of item ${itemIndex}`,
			context,
		),
		summary: optionalText(
			ctx.getNodeParameter('summary', itemIndex, '') as unknown,
			`Summary of item ${itemIndex}`,
			context,
		),
		whenNobodyCanAnswer: when,
	};
}

function result(
	session: IDataObject,
	outcome: HandOverOutcome,
	facts: { agentsAvailable: number | null; topicOpen: boolean | null; requestId?: number },
): IDataObject {
	const handOver: IDataObject = {
		outcome,
		agentsAvailable: facts.agentsAvailable,
		topicOpen: facts.topicOpen,
	};
	if (facts.requestId !== undefined) handOver.requestId = facts.requestId;
	return { ...session, handOver };
}

/**
 * One hand-over: read the session (a session no longer in a bot's hands is `alreadyHandled`
 * and nothing is written), check its topic's availability, then post the customer message,
 * file the request (summary and transcript, connected to the session) and Reset, or follow
 * When Nobody Can Answer. Every write is sent once; a failed step names itself and what was
 * already done.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const input = inputOf(this, item.itemIndex, chatSessionId);
	const send = item.request;
	const steps = new StepLog(`Hand-over of chat session ${chatSessionId}`, { chatSessionId });

	const session = await steps.run(
		'read the chat session',
		async () => await getChatSession(send, chatSessionId),
	);
	if (!isInBotHands(session))
		return result(session, 'alreadyHandled', { agentsAvailable: null, topicOpen: null });

	const topicId = topicIdOf(session);
	const availability = await steps.run(
		`check who can answer chat topic ${topicId ?? '?'}`,
		async () => {
			if (topicId === undefined)
				throw new InvalidInputError(
					`chat session ${chatSessionId} has no chat topic (TopicId), so nobody can be found to answer it`,
					'Check the session in SuperOffice.',
					{ chatSessionId },
				);
			return await readTopicAvailability(send, topicId);
		},
	);
	const facts = { agentsAvailable: availability.agentsAvailable, topicOpen: availability.isOpen };
	const fallback = availability.canAnswer ? 'reset' : input.whenNobodyCanAnswer;
	if (fallback === 'skip') return result(session, 'skipped', facts);

	const wantsRequest = input.summary !== undefined || fallback === 'createRequest';
	// Read before the first write: an unreadable conversation changes nothing.
	const transcript = wantsRequest
		? chatTranscript(
				chatSessionId,
				await steps.run(
					`read the messages of chat session ${chatSessionId}`,
					async () => await getChatMessages(send, chatSessionId),
				),
			).transcript
		: undefined;

	if (input.customerMessage !== undefined) {
		const message = input.customerMessage;
		await steps.run(
			'post the customer message',
			async () =>
				await addChatMessage(send, chatSessionId, {
					Message: message,
					Type: 'ToCustomer',
					Author: 'Bot',
					SpecialType: 'BotMessage',
				}),
			{ write: true },
		);
		steps.record('posted the customer message');
	}

	let requestId: number | undefined;
	if (wantsRequest) {
		const messages: PlannedMessage[] = [];
		if (input.summary !== undefined)
			messages.push({ body: input.summary, visibility: 'internal', label: 'the summary' });
		messages.push({
			body: transcriptBody(chatSessionId, transcript === '' ? '(no messages)' : (transcript ?? '')),
			visibility: 'internal',
			label: 'the chat transcript',
		});
		const ticket = await fileRequest(send, steps, {
			request: {
				title: requestTitle(chatSessionId, session, input.summary),
				personId: referenceIdOf(session, 'Person', 'PersonId'),
				contactId: referenceIdOf(session, 'Contact', 'ContactId'),
			},
			messages,
			// Connected only if nobody connected the session to another request since it was read.
			link: { chatSessionId, expected: linkedRequestId(session) },
		});
		requestId = requestIdOf(ticket);
	}

	if (fallback === 'createRequest')
		return result(session, 'requestCreated', { ...facts, requestId });

	// Reset only what is still the bot's: a human may have picked the chat up meanwhile.
	const current = await steps.run(
		'read the chat session again before the reset',
		async () => await getChatSession(send, chatSessionId),
	);
	if (!isInBotHands(current)) return result(current, 'alreadyHandled', { ...facts, requestId });
	const after = await steps.run(
		'reset the chat session',
		async () => await resetChatSession(send, chatSessionId),
	);
	return result(after, resetOutcome(after), { ...facts, requestId });
}
