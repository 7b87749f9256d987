import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { topicAvailability } from '../../../shared/superoffice/availability';
import {
	chatPresence,
	chatTopicMembers,
	countQueuedSessions,
	getChatTopic,
	isChatTopicOpen,
} from '../../../shared/superoffice/chatTopics';
import type { ItemContext } from '../../execution/operation';
import { chatTopicIdOf } from './chatTopicId';

/** Acts on a topic, not a session. */
export const usesChatSessionId = false;

/** Get Availability has no fields of its own beyond the Chat Topic field. */
export const description: INodeProperties[] = [];

/** The values of promises that all settled, or the first rejection in their order. */
async function settledInOrder<T extends readonly unknown[]>(
	promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
	const results = await Promise.allSettled(promises);
	const failed = results.find((result) => result.status === 'rejected');
	if (failed) throw (failed as PromiseRejectedResult).reason;
	return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

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
		// The topic first: an unknown topic fails as "Could not get chat topic N: not found",
		// whichever of the other reads would have noticed first.
		const topic = await getChatTopic(send, chatTopicId);
		// All four settle before the item ends (none is left running), and the first failure in
		// this order is the item's error, whichever came back first.
		const [isOpen, members, presence, inQueue] = await settledInOrder([
			isChatTopicOpen(send, chatTopicId),
			chatTopicMembers(send, chatTopicId),
			chatPresence(send, chatTopicId),
			countQueuedSessions(send, chatTopicId),
		] as const);
		return topicAvailability({ chatTopicId, topic, isOpen, members, presence, inQueue });
	} catch (error) {
		throw withTopic(error, chatTopicId);
	}
}
