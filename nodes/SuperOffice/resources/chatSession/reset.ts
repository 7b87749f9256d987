import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemContext } from '../../shared/execution/operation';
import { chatSessionIdOf, chatSessionPath } from './chatSessionId';

/** Reset has no fields of its own beyond the shared Chat Session ID. */
/** Acts on one session: the shared Chat Session ID field shows. */
export const usesChatSessionId = true;

export const description: INodeProperties[] = [];

/**
 * POST /ChatSession/{id}/Reset: puts the session back on the queue for a human agent
 * (SuperOffice sets ChatbotIsActive false). Its end state is the same however often it
 * runs, which is what makes retrying it safe.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatSessionId = chatSessionIdOf(this, item.itemIndex);
	return await item.request<IDataObject>({
		method: 'POST',
		path: chatSessionPath(chatSessionId, 'Reset'),
		subject: { action: `reset chat session ${chatSessionId}`, chatSessionId },
	});
}
