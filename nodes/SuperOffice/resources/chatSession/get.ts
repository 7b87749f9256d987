import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getChatSession } from '../../../shared/superoffice/chatSessions';
import type { ItemContext } from '../../execution/operation';
import { chatSessionIdOf } from './chatSessionId';

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [];

/** The full entity, including WhenIdle and ChatbotIsActive. */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	return await getChatSession(item.request, chatSessionIdOf(this, item.itemIndex));
}
