import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readTopicAvailability } from '../../../shared/superoffice/chatTopics';
import type { ItemContext } from '../../execution/operation';
import { chatTopicIdOf } from './chatTopicId';

/** Acts on a topic, not a session. */
export const usesChatSessionId = false;

/** Get Availability has no fields of its own beyond the Chat Topic field. */
export const description: INodeProperties[] = [];

/** Every failure of this item names its topic, also one of a request without the topic in its path. */
function withTopic(error: unknown, chatTopicId: number): unknown {
	const context = (error as { context?: IDataObject } | null)?.context;
	if (context && typeof context === 'object' && context.chatTopicId === undefined)
		context.chatTopicId = chatTopicId;
	return error;
}

/**
 * One decision-ready item for the topic: open or not, who is present and may respond, the queue,
 * and canAnswer (open and at least one agent available). Five reads: the topic, then at once
 * (within the node's Concurrency) IsOpen, its members (UserAgent), who is present
 * (GetChatPresence) and its InQueue sessions in the archive.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const chatTopicId = chatTopicIdOf(this, item.itemIndex);
	const send = item.request;
	try {
		return await readTopicAvailability(send, chatTopicId);
	} catch (error) {
		throw withTopic(error, chatTopicId);
	}
}
