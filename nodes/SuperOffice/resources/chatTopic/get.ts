import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getChatTopic } from '../../../shared/superoffice/chatTopics';
import type { ItemContext } from '../../execution/operation';
import { chatTopicIdOf } from './chatTopicId';

/** Acts on a topic, not a session. */
export const usesChatSessionId = false;

/** Get has no fields of its own beyond the Chat Topic field. */
export const description: INodeProperties[] = [];

/** The ChatTopicEntity as SuperOffice returned it. */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	return await getChatTopic(item.request, chatTopicIdOf(this, item.itemIndex));
}
