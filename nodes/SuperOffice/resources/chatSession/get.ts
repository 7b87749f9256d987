import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../shared/execution/operation';
import { chatSessionIdOf, chatSessionPath } from './chatSessionId';

/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [];

/** GET /ChatSession/{id}: the full entity, including WhenIdle and ChatbotIsActive. */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	return await item.request<IDataObject>({
		method: 'GET',
		path: chatSessionPath(chatSessionId),
		subject: { action: `get chat session ${chatSessionId}`, chatSessionId },
	});
}
