import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resetChatSession } from '../../../shared/superoffice/chatSessions';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

/** Reset has no fields of its own beyond the shared Chat Session ID. */
export const description: INodeProperties[] = [];

/** Puts the session back on the queue for a human agent (see resetChatSession). */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	return await resetChatSession(item.request, chatSessionIdOf(this, item.itemIndex));
}
