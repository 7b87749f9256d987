/**
 * The rules of a hand-over from a chatbot to a human: whether a session is still in a bot's
 * hands, whether someone can answer its topic now (the same reading as Chat Topic → Get
 * Availability, readTopicAvailability in chatTopics.ts), what the request for the agent is called
 * and what Reset's answer means. The reads and writes themselves are the chat-session, chat-topic
 * and request API functions.
 */
import type { IDataObject } from 'n8n-workflow';

import { ACTIVE_STATUSES, statusName } from './statuses';

/** What a hand-over did, as its output's `handOver` says. */
export type HandOverOutcome =
	'queued' | 'offlineForm' | 'requestCreated' | 'skipped' | 'alreadyHandled';

/** What to do when nobody can answer the topic now. */
export type WhenNobodyCanAnswer = 'reset' | 'createRequest' | 'skip';

function field(record: IDataObject, key: string): unknown {
	if (key in record) return record[key];
	const lower = key.toLowerCase();
	const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : record[found];
}

/**
 * Whether a bot still holds the session: its bot is active and the chat is going on (Customer
 * Last or User Last). Anything else (a human has it, it waits in the queue, it ended) is no
 * longer the bot's to hand over.
 */
export function isInBotHands(session: IDataObject): boolean {
	const bot = field(session, 'ChatbotIsActive');
	const active = bot === true || (typeof bot === 'string' && bot.toLowerCase() === 'true');
	const status = statusName(field(session, 'Status'));
	return active && status !== undefined && ACTIVE_STATUSES.includes(status);
}

/** The session's topic id, or undefined when it has none. */
export function topicIdOf(session: IDataObject): number | undefined {
	const id = Number(field(session, 'TopicId'));
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** A reference's id inside the session (Person.PersonId, Contact.ContactId), or undefined. */
export function referenceIdOf(
	session: IDataObject,
	key: string,
	idKey: string,
): number | undefined {
	const carrier = field(session, key);
	if (carrier === null || typeof carrier !== 'object' || Array.isArray(carrier)) return undefined;
	const id = field(carrier as IDataObject, idKey);
	return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** The title of the request a hand-over files: the summary's first line, else who asked. */
export function requestTitle(
	chatSessionId: number,
	session: IDataObject,
	summary?: string,
): string {
	const firstLine = summary
		?.split('\n')
		.find((line) => line.trim() !== '')
		?.trim();
	if (firstLine) {
		const cut = firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
		return `Chat ${chatSessionId}: ${cut}`;
	}
	const who = ['CustomerName', 'CustomerAlias', 'CustomerEmail']
		.map((key) => field(session, key))
		.find((value): value is string => typeof value === 'string' && value.trim() !== '');
	return `Chat ${chatSessionId}${who ? ` with ${who.trim()}` : ''}: handed over by the chatbot`;
}

/** Reset's answer → queued, or offlineForm when SuperOffice showed the customer its offline form. */
export function resetOutcome(session: IDataObject): 'queued' | 'offlineForm' {
	return statusName(field(session, 'Status')) === 'OfflineForm' ? 'offlineForm' : 'queued';
}
