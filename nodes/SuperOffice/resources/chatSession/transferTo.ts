import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionalHeaderValue } from '../../../shared/input/headerValues';
import { InvalidInputError } from '../../../shared/input/invalidInput';
import { describeValue, locatedValue } from '../../../shared/input/values';
import { transferChatSession } from '../../../shared/superoffice/chatSessions';
import { transferRefusal } from '../../../shared/superoffice/transfer';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['transferTo'] };

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [
	{
		displayName: 'To User Name or ID',
		name: 'toAssociate',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description:
			"The user (agent) who should take over the chat: search the list, or give a user name or associate ID. SuperOffice transfers only the signed-in user's own sessions; a bot session is handed to a human with Reset.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By User Name or ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. anna.agent or 12',
			},
		],
		displayOptions: { show },
	},
];

/** A user name or associate id as one URL path segment: no slashes, no control characters. */
function toAssociateOf(ctx: IExecuteFunctions, itemIndex: number, chatSessionId: number): string {
	const raw = locatedValue(ctx.getNodeParameter('toAssociate', itemIndex) as unknown);
	const value = optionalHeaderValue(raw, `To User of item ${itemIndex}`);
	if (value === undefined || /[/\\?#%]/.test(value) || value === '.' || value === '..') {
		throw new InvalidInputError(
			`To User of item ${itemIndex} must be a user name or an associate ID, got ${describeValue(raw ?? '')}`,
			'Pick a user from the list or pass a user name / associate ID.',
			{ chatSessionId },
		);
	}
	return value;
}

/**
 * Offers the session to the named user; the answer is the session entity. SuperOffice answers
 * the session also when "nothing happens" (a session that is not the signed-in user's, such as
 * every bot session): then the item fails and says why, instead of passing for a transfer.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	const toAssociate = toAssociateOf(this, item.itemIndex, chatSessionId);
	const session = await transferChatSession(item.request, chatSessionId, toAssociate);
	const refusal = transferRefusal(session, toAssociate);
	if (refusal) {
		const error = new NodeOperationError(
			this.getNode(),
			`Chat session ${chatSessionId} was not transferred to ${toAssociate}: ${refusal.reason}`,
			{ description: refusal.advice, itemIndex: item.itemIndex },
		);
		error.context.chatSessionId = chatSessionId;
		error.context.transfer = refusal.kind;
		throw error;
	}
	return session;
}
