import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../execution/operation';
import * as addMessage from './addMessage';
import { chatSessionIdField } from './chatSessionId';
import * as get from './get';
import * as getMany from './getMany';
import * as getMessages from './getMessages';
import * as handOver from './handOver';
import * as reset from './reset';
import * as transferTo from './transferTo';
import * as update from './update';

/** The `operation` values of the Chat Session resource, as users' workflows store them. */
export type ChatSessionOperation =
	'reset' | 'get' | 'getMany' | 'getMessages' | 'transferTo' | 'addMessage' | 'update' | 'handOver';

/** Every chat-session operation, keyed by its `operation` value: none can be left out. */
export const chatSessionOperations = {
	reset,
	get,
	getMany,
	getMessages,
	transferTo,
	addMessage,
	update,
	handOver,
} satisfies Record<ChatSessionOperation, Operation>;

/** The operations that act on one session, in the order above. */
const operationsWithChatSessionId = (
	Object.keys(chatSessionOperations) as ChatSessionOperation[]
).filter((name) => chatSessionOperations[name].usesChatSessionId);

export const chatSessionDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatSession'] } },
		// Alphabetical by name, as n8n's lint rules ask; Reset stays the default: it is what the
		// node is for.
		options: [
			{
				name: 'Add Message',
				value: 'addMessage',
				action: 'Add a message to a chat session',
				description:
					'Post a message in a chat session, shown to the customer (or as if from the customer), e.g. a chatbot\'s answer or "a colleague takes over" before a reset. Quick Replies adds options the customer can click. Posted once, never repeated.',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a chat session',
				description:
					'Read one chat session in full, including when it was last idle and whether a bot is active',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many chat sessions',
				description:
					'Find chat sessions by status, topic and dates, or list those of the current user',
			},
			{
				name: 'Get Messages',
				value: 'getMessages',
				action: 'Get the messages of a chat session',
				description:
					'Read the conversation of a chat session: one item per message, or (Format: Transcript) one item with the whole conversation as text and each message marked customer, agent or event. Use it to see what the bot and the customer said, e.g. before a summary or a hand-over.',
			},
			{
				name: 'Hand Over',
				value: 'handOver',
				action: 'Hand a chatbot session over to a human',
				description:
					"Hand a chat from the bot to a human agent in one step: checks that the bot still has the chat (else nothing is written, outcome alreadyHandled) and whether an agent can answer the chat's topic now, posts an optional message to the customer, with a summary creates a request holding the summary and the transcript, then puts the chat on the queue (Reset). When nobody can answer it resets anyway, creates a request instead, or skips. Returns the chat session and handOver.outcome: queued, offlineForm, requestCreated, skipped or alreadyHandled.",
			},
			{
				name: 'Reset',
				value: 'reset',
				action: 'Reset a chat session to hand it to a human',
				description:
					'Put a chat session back on the queue so a human agent picks it up (hand-off from a chatbot). Returns the updated chat session.',
			},
			{
				name: 'Transfer To',
				value: 'transferTo',
				action: 'Transfer a chat session to a user',
				description:
					"Offer one of the signed-in user's own chat sessions to a named agent. It fails, saying why, when the session did not change hands (another user's session, or a bot's: use Reset to hand a bot session to a human).",
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a chat session',
				description:
					'Change a chat session: its status (Finished closes the chat), the person or company it is about, or the request it is connected to. Returns the updated chat session.',
			},
		],
		default: 'reset',
	},
	chatSessionIdField(operationsWithChatSessionId),
	...reset.description,
	...get.description,
	...getMany.description,
	...getMessages.description,
	...transferTo.description,
	...addMessage.description,
	...update.description,
	...handOver.description,
];
