/**
 * The chat-topic API as the nodes use it: a topic, the topics of the current user, whether a
 * topic is open, its members' rights, who is present, and how many sessions wait in its queue.
 * One function per SuperOffice call, each with its path, subject and answer shape. Ids arrive
 * validated.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';
import { searchArchive } from './archive';
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
