/**
 * The chat-topic API as the nodes use it: a topic, the topics of the current user, whether a
 * topic is open, its members' rights, who is present, and how many sessions wait in its queue.
 * One function per SuperOffice call, each with its path, subject and answer shape. Ids arrive
 * validated.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';
import { searchArchive } from './archive';
import { topicAvailability } from './availability';
import type { TopicAvailability } from './availability';
import { CHAT_SESSION_STATUSES } from './statuses';

/** `/ChatTopic/{id}` plus optional sub-resource; the id is validated, never raw input. */
function chatTopicPath(chatTopicId: number, ...segments: string[]): string {
	return ['/ChatTopic', String(chatTopicId), ...segments].join('/');
}

/** GET /ChatTopic/{id}: the ChatTopicEntity. */
export async function getChatTopic(send: SendRequest, chatTopicId: number): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'GET',
		path: chatTopicPath(chatTopicId),
		subject: { action: `get chat topic ${chatTopicId}`, chatTopicId },
		answerName: 'chat topic',
	});
}

/**
 * GET /ChatTopic/ForCurrentUser: the topics where the credential's user may respond, listen,
 * manage or be notified. SuperOffice has no plain list of all topics.
 */
export async function chatTopicsForCurrentUser(send: SendRequest): Promise<IDataObject[]> {
	const topics = await send<IDataObject[]>({
		method: 'GET',
		path: '/ChatTopic/ForCurrentUser',
		subject: { action: 'list the chat topics of the current user' },
		answer: 'list',
		answerName: 'list of chat topics',
	});
	return Array.isArray(topics) ? topics : [];
}

/** GET /ChatTopic/{id}/IsOpen: within the topic's opening hours (SuperOffice applies its time zone). */
export async function isChatTopicOpen(send: SendRequest, chatTopicId: number): Promise<boolean> {
	return await send<boolean>({
		method: 'GET',
		path: chatTopicPath(chatTopicId, 'IsOpen'),
		subject: { action: `check whether chat topic ${chatTopicId} is open`, chatTopicId },
		answer: 'boolean',
	});
}

/** GET /ChatTopic/{id}/UserAgent: the topic's members with their rights (CanRespond, CanListen, …). */
export async function chatTopicMembers(
	send: SendRequest,
	chatTopicId: number,
): Promise<IDataObject[]> {
	return await send<IDataObject[]>({
		method: 'GET',
		path: chatTopicPath(chatTopicId, 'UserAgent'),
		subject: { action: `read the members of chat topic ${chatTopicId}`, chatTopicId },
		answer: 'list',
		answerName: 'list of topic members',
	});
}

/**
 * POST /Agents/Chat/GetChatPresence (no body): every chat user with Present, OngoingChats and
 * ChatTopics. A read, safe to repeat.
 */
export async function chatPresence(
	send: SendRequest,
	chatTopicId?: number,
): Promise<IDataObject[]> {
	return await send<IDataObject[]>({
		method: 'POST',
		path: '/Agents/Chat/GetChatPresence',
		subject: { action: 'read who is present in the chat', chatTopicId },
		answer: 'list',
		answerName: 'list of chat users',
	});
}

/**
 * How many sessions wait in the topic's queue: SuperOffice has no endpoint for it, so the
 * ChatSession archive is searched for the topic's InQueue sessions (ids only, paged; paging
 * that would not end fails instead of giving a short count).
 */
export async function countQueuedSessions(send: SendRequest, chatTopicId: number): Promise<number> {
	const rows = await searchArchive(
		send,
		{
			columns: ['chatSessionId'],
			filter: `status eq ${CHAT_SESSION_STATUSES.InQueue} and chatTopic/chatTopicId eq ${chatTopicId}`,
		},
		Number.MAX_SAFE_INTEGER,
	);
	return rows.length;
}

/** The values of promises that all settled, or the first rejection in their order. */
async function settledInOrder<T extends readonly unknown[]>(
	promises: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
	const results = await Promise.allSettled(promises);
	const failed = results.find((result) => result.status === 'rejected');
	if (failed) throw (failed as PromiseRejectedResult).reason;
	return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Who can answer the topic now (Chat Topic → Get Availability, and Hand Over before it hands a
 * chat over). The topic first: an unknown topic fails as "Could not get chat topic N: not found",
 * whichever of the other reads would have noticed first. Then at once (within the node's
 * Concurrency) IsOpen, its members (UserAgent), who is present (GetChatPresence) and its InQueue
 * sessions; all settle before this ends (none is left running), and the first failure in this
 * order is the error, whichever came back first.
 */
export async function readTopicAvailability(
	send: SendRequest,
	chatTopicId: number,
): Promise<TopicAvailability> {
	const topic = await getChatTopic(send, chatTopicId);
	const [isOpen, members, presence, inQueue] = await settledInOrder([
		isChatTopicOpen(send, chatTopicId),
		chatTopicMembers(send, chatTopicId),
		chatPresence(send, chatTopicId),
		countQueuedSessions(send, chatTopicId),
	] as const);
	return topicAvailability({ chatTopicId, topic, isOpen, members, presence, inQueue });
}
