import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/credentials/nodeCredentials';
import { STATUS_OPTIONS } from '../shared/superoffice/statuses';
import { topicIdsProperty } from '../shared/superoffice/topics';
import {
	DEFAULT_REPLAY_WINDOW_SECONDS,
	MAX_REPLAY_WINDOW_SECONDS,
	MIN_REPLAY_WINDOW_SECONDS,
} from './replay';

/** How many of a session's newest messages a message event carries when the session is read. */
export const NEWEST_MESSAGES = 10;
/**
 * How long one delivery may spend reading SuperOffice, in seconds (delivery.ts): below the time
 * SuperOffice's sender waits for an answer before it sends the event again.
 */
export const DELIVERY_READ_SECONDS = 8;

export const triggerProperties: INodeProperties[] = [
	authenticationProperty(
		'The user or app must be allowed to manage webhooks. SuperOffice Online grants this only to apps registered with webhook access.',
	),
	{
		displayName:
			"SuperOffice sends events only to a public https address: n8n's WEBHOOK_URL (N8N_WEBHOOK_URL) must be one. Without webhook rights, or without a public address, use the SuperOffice Idle Chat Trigger instead.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['chatsession.changed'],
		options: [
			{
				name: 'Chat Session Changed',
				value: 'chatsession.changed',
				description: 'A session changed: its status, bot, user, last message …',
			},
			{
				name: 'Chat Session Created',
				value: 'chatsession.created',
				description: 'A customer started a new chat session',
			},
			{
				name: 'Chat Session Message',
				value: 'chatsession.message',
				description:
					'A message was added to a session, by the customer, an agent or a bot (the event carries no text: set the Message From filter to get the new messages)',
			},
		],
		description: 'Which SuperOffice chat events start the workflow',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Chatbot Active',
				name: 'chatbotActive',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any', description: 'Sessions with or without a bot in charge' },
					{ name: 'Yes', value: 'yes', description: 'Only sessions a chatbot is handling' },
					{ name: 'No', value: 'no', description: 'Only sessions no chatbot is handling' },
				],
				description: 'Whether a chatbot must be in charge of the session',
			},
			{
				displayName: 'Message From',
				name: 'messageFrom',
				type: 'options',
				default: 'any',
				options: [
					{
						name: 'Anyone',
						value: 'any',
						description: 'Every message event starts the workflow (the event carries no text)',
					},
					{
						name: 'Customer',
						value: 'customer',
						description:
							"Only the customer's new messages (and clicked quick replies): what a chatbot answers. The bot's own replies never start it.",
					},
					{
						name: 'Agent or Bot',
						value: 'agent',
						description: 'Only new messages written to the customer, by a person or a bot',
					},
				],
				description:
					"For Chat Session Message events: reads the session's new messages (one request) and starts the workflow only for the chosen side's, with their text as text and the messages as messages",
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: STATUS_OPTIONS,
				description:
					'Only sessions in one of these states after the event. "Active" means Customer Last or User Last.',
			},
			topicIdsProperty,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Chat Session',
				name: 'fetchChatSession',
				type: 'boolean',
				default: false,
				description: `Whether to read the full chat session (one extra request) and add it as chatSession; message events also get the ${NEWEST_MESSAGES} newest messages as messages. If SuperOffice does not answer within ${DELIVERY_READ_SECONDS} seconds, the event starts the workflow without them and chatSessionError says why.`,
			},
			{
				displayName: 'Replay Window (Seconds)',
				name: 'replayWindow',
				type: 'number',
				typeOptions: {
					minValue: MIN_REPLAY_WINDOW_SECONDS,
					maxValue: MAX_REPLAY_WINDOW_SECONDS,
				},
				default: DEFAULT_REPLAY_WINDOW_SECONDS,
				description:
					"How old an event may be when it arrives. Older deliveries are refused, so a captured delivery cannot be sent again later, and an event that already started the workflow does not start it again within this time. Raise it if SuperOffice delivers late or its clock differs from n8n's.",
			},
		],
	},
];
