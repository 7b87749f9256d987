import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue, parsePositiveInt32 } from '../../../shared/input/values';
import { changeOperations, patchChatSession } from '../../../shared/superoffice/chatSessionUpdate';
import type { ChatSessionChanges } from '../../../shared/superoffice/chatSessionUpdate';
import { CHAT_SESSION_STATUSES, statusName } from '../../../shared/superoffice/statuses';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['update'] };

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

/** The statuses Update may set: every named status. */
const STATUS_CHOICES = Object.keys(CHAT_SESSION_STATUSES).map((name) => ({
	name: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
	value: name,
	description:
		name === 'Finished'
			? 'Close the chat: the conversation has ended'
			: name === 'InQueue'
				? 'Waiting for an agent (to hand a bot session to a human, use Reset or Hand Over)'
				: undefined,
}));

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'What to change; fields left out stay as they are',
		displayOptions: { show },
		options: [
			{
				displayName: 'Contact (Company) ID',
				name: 'contactId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The company (ContactId) the chat is about',
			},
			{
				displayName: 'Person ID',
				name: 'personId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description: 'The contact person (PersonId) the chat is about',
			},
			{
				displayName: 'Request ID',
				name: 'requestId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 1, numberPrecision: 0 },
				description:
					'Connect the chat to this request (TicketId), e.g. one made with Request → Create',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'Finished',
				options: STATUS_CHOICES.map((choice) =>
					choice.description === undefined ? { name: choice.name, value: choice.value } : choice,
				),
				description: 'The new status of the session; Finished closes the chat',
			},
		],
	},
];

/** The item's Update Fields as checked changes; refused by name before any request. */
function changesOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	chatSessionId: number,
): ChatSessionChanges {
	const raw = ctx.getNodeParameter('updateFields', itemIndex, {}) as unknown;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw new InvalidInputError(
			`Update Fields of item ${itemIndex} must be a set of fields, got ${describeValue(raw)}`,
			'Add at least one field to change.',
			{ chatSessionId },
		);
	}
	const fields = raw as IDataObject;
	const changes: ChatSessionChanges = {};
	if (fields.status !== undefined) {
		const name = statusName(fields.status);
		if (name === undefined || name === 'Invalid') {
			throw new InvalidInputError(
				`Status of item ${itemIndex} must be a chat session status, got ${describeValue(fields.status)}`,
				`Use one of ${Object.keys(CHAT_SESSION_STATUSES).join(', ')}.`,
				{ chatSessionId },
			);
		}
		changes.status = name;
	}
	const ids = [
		['personId', 'Person ID'],
		['contactId', 'Contact ID'],
		['requestId', 'Request ID'],
	] as const;
	for (const [key, label] of ids) {
		if (fields[key] === undefined) continue;
		changes[key] = parsePositiveInt32(fields[key], `${label} of item ${itemIndex}`, {
			chatSessionId,
		});
	}
	if (Object.keys(changes).length === 0) {
		throw new InvalidInputError(
			`Update of item ${itemIndex} has nothing to change`,
			'Add a field under Update Fields: Status, Person ID, Contact ID or Request ID.',
			{ chatSessionId },
		);
	}
	return changes;
}

/**
 * Sends the changes as one JSON Patch document of `replace` operations and outputs the session
 * as SuperOffice answers it after the update. No `test` guard: nothing was read before, so there
 * is no assumption that could have gone stale, and the same document gives the same end state
 * however often it runs.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const changes = changesOf(this, item.itemIndex, chatSessionId);
	return await patchChatSession(item.request, chatSessionId, changeOperations(changes));
}
