/**
 * The chat-session API as the nodes use it: one function per SuperOffice call, each with its
 * path, its subject (what an error names) and its answer's shape. Ids arrive validated.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';

/** `/ChatSession/{id}` plus optional sub-resource; the id is validated, never raw input. */
export function chatSessionPath(chatSessionId: number, ...segments: string[]): string {
	return ['/ChatSession', String(chatSessionId), ...segments.map(encodeURIComponent)].join('/');
}

/** GET /ChatSession/{id}: the full entity, including WhenIdle and ChatbotIsActive. */
export async function getChatSession(
	send: SendRequest,
	chatSessionId: number,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'GET',
		path: chatSessionPath(chatSessionId),
		subject: { action: `get chat session ${chatSessionId}`, chatSessionId },
		answerKey: 'ChatSessionId',
	});
}

/**
 * POST /ChatSession/{id}/Reset: puts the session back on the queue for a human agent
 * (SuperOffice sets ChatbotIsActive false). Its end state is the same however often it
 * runs, which is what makes retrying it safe.
 */
export async function resetChatSession(
	send: SendRequest,
	chatSessionId: number,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'POST',
		path: chatSessionPath(chatSessionId, 'Reset'),
		subject: { action: `reset chat session ${chatSessionId}`, chatSessionId },
		answerKey: 'ChatSessionId',
	});
}

/**
 * POST /ChatSession/{id}/TransferTo/{toAssociate}: offers the session to a named user and
 * answers the session entity. `toAssociate` is a checked user name or associate id.
 */
export async function transferChatSession(
	send: SendRequest,
	chatSessionId: number,
	toAssociate: string,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'POST',
		path: chatSessionPath(chatSessionId, 'TransferTo', toAssociate),
		subject: { action: `transfer chat session ${chatSessionId} to ${toAssociate}`, chatSessionId },
		answerKey: 'ChatSessionId',
	});
}

/** A ChatMessage to post, as SuperOffice names its fields. */
export interface NewChatMessage {
	Message: string;
	Type: string;
	Author: string;
	SpecialType?: string;
	/** For SpecialType Options: the clickable texts as a JSON array. */
	SpecialParam?: string;
}

/**
 * POST /ChatSession/{id}/Messages. Not idempotent: posting twice shows the text twice,
 * so this request is never repeated once it may have reached SuperOffice.
 */
export async function addChatMessage(
	send: SendRequest,
	chatSessionId: number,
	message: NewChatMessage,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'POST',
		path: chatSessionPath(chatSessionId, 'Messages'),
		body: { ChatSessionId: chatSessionId, ...message },
		subject: { action: `add a message to chat session ${chatSessionId}`, chatSessionId },
		idempotent: false,
		answerName: 'chat message',
		answerKey: 'ChatMessageId',
	});
}

/** GET /ChatSession/{id}/Messages[?after=n]: the session's messages, oldest first. */
export async function getChatMessages(
	send: SendRequest,
	chatSessionId: number,
	afterMessageId?: number,
): Promise<IDataObject[]> {
	const messages = await send<IDataObject[] | null>({
		method: 'GET',
		path: chatSessionPath(chatSessionId, 'Messages'),
		qs: afterMessageId === undefined ? undefined : { after: afterMessageId },
		subject: { action: `get the messages of chat session ${chatSessionId}`, chatSessionId },
		answer: 'list',
		answerName: 'list of chat messages',
	});
	return Array.isArray(messages) ? messages : [];
}

/** GET /ChatSession/ForCurrentUser: the sessions the signed-in user may answer, listen to or manage. */
export async function chatSessionsForCurrentUser(send: SendRequest): Promise<IDataObject[]> {
	const sessions = await send<IDataObject[]>({
		method: 'GET',
		path: '/ChatSession/ForCurrentUser',
		subject: { action: 'list the chat sessions of the current user' },
		answer: 'list',
	});
	return Array.isArray(sessions) ? sessions : [];
}
