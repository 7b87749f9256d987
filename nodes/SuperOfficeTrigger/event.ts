/**
 * One SuperOffice webhook call, read from its raw body: which event, which chat session, the
 * field values (status number → name, keys read in any case), whether the trigger's filters
 * let it through, and the item the workflow starts with. Pure, so every rule is unit-tested.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { InvalidInputError } from '../shared/input/invalidInput';
import { describeValue } from '../shared/input/values';
import { ACTIVE_STATUSES, statusName } from '../shared/superoffice/statuses';
import { parseTopicIds } from '../shared/superoffice/topics';
import { withoutSessionKey } from '../shared/transport/sessionKey';

export const CHAT_EVENTS = [
	'chatsession.created',
	'chatsession.changed',
	'chatsession.message',
] as const;
export type ChatEventName = (typeof CHAT_EVENTS)[number];

/** SuperOffice's registration test call carries this event name. */
const TEST_EVENT = 'test';

export interface ChatEvent {
	event: string;
	eventId: string;
	timestamp: string;
	entity: string;
	chatSessionId?: number;
	changedByAssociateId?: number;
	changes: string[];
	/** FieldValues as sent, with the status as its name. */
	fieldValues: IDataObject;
}

export type ParsedDelivery =
	{ kind: 'test' } | { kind: 'event'; event: ChatEvent } | { kind: 'invalid'; reason: string };

/** The value of `key` in `record`, whatever its case (the docs spell the bot flag two ways). */
export function valueOf(record: IDataObject | undefined, key: string): unknown {
	if (!record) return undefined;
	const lower = key.toLowerCase();
	const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : record[found];
}

function asText(value: unknown): string {
	return typeof value === 'string'
		? value
		: value === undefined || value === null
			? ''
			: String(value);
}

function asId(value: unknown): number | undefined {
	const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function asBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (
		value === 1 ||
		value === '1' ||
		(typeof value === 'string' && value.trim().toLowerCase() === 'true')
	)
		return true;
	if (
		value === 0 ||
		value === '0' ||
		(typeof value === 'string' && value.trim().toLowerCase() === 'false')
	)
		return false;
	return undefined;
}

/** FieldValues with the status as its name (an unknown number stays as sent), without SessionKey. */
function namedFieldValues(fieldValues: IDataObject): IDataObject {
	const out: IDataObject = { ...withoutSessionKey(fieldValues) };
	for (const key of Object.keys(out)) {
		if (key.toLowerCase() === 'status') out[key] = statusName(out[key]) ?? out[key];
	}
	return out;
}

/** The delivery's raw body as an event, SuperOffice's test call, or why it is not usable. */
export function parseDelivery(rawBody: Buffer): ParsedDelivery {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { kind: 'invalid', reason: 'the body is not JSON' };
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body))
		return { kind: 'invalid', reason: 'the body is not a JSON object' };
	const payload = body as IDataObject;
	const event = asText(valueOf(payload, 'Event')).trim().toLowerCase();
	if (event === TEST_EVENT) return { kind: 'test' };
	if (event === '') return { kind: 'invalid', reason: 'the body names no Event' };
	const fieldValues = valueOf(payload, 'FieldValues');
	const values =
		fieldValues !== null && typeof fieldValues === 'object' && !Array.isArray(fieldValues)
			? (fieldValues as IDataObject)
			: {};
	const changes = valueOf(payload, 'Changes');
	return {
		kind: 'event',
		event: {
			event,
			eventId: asText(valueOf(payload, 'EventId')),
			timestamp: asText(valueOf(payload, 'Timestamp')),
			entity: asText(valueOf(payload, 'Entity')).toLowerCase(),
			chatSessionId: asId(valueOf(payload, 'PrimaryKey')) ?? asId(valueOf(values, 'ChatSessionId')),
			changedByAssociateId:
				asId(valueOf(payload, 'ChangedByAssociateId')) ??
				(valueOf(payload, 'ChangedByAssociateId') === 0 ? 0 : undefined),
			changes: Array.isArray(changes) ? changes.map(asText) : [],
			fieldValues: namedFieldValues(values),
		},
	};
}

/** Whose messages start the workflow on a message event (see messageFrom.ts). */
export type MessageFrom = 'any' | 'customer' | 'agent';

export interface TriggerFilters {
	chatbotActive: 'any' | 'yes' | 'no';
	messageFrom: MessageFrom;
	/** Status names; empty = any. "active" is already expanded to CustomerLast and UserLast. */
	statuses: string[];
	/** Empty = any topic. */
	topicIds: number[];
}

/** The facts the filters look at, from the delivery or from the full chat session. */
export interface SessionFacts {
	chatbotActive?: boolean;
	status?: string;
	topicId?: number;
}

/** Topic IDs are read as both triggers read them (see topics.ts). */
export { parseTopicIds };

/** The node's `filters` collection, checked: an unknown status or a bad topic id is refused. */
export function readFilters(raw: IDataObject | undefined): TriggerFilters {
	const filters = raw ?? {};
	const chatbotActive = filters.chatbotActive ?? 'any';
	if (chatbotActive !== 'any' && chatbotActive !== 'yes' && chatbotActive !== 'no') {
		throw new InvalidInputError(
			`Chatbot Active must be any, yes or no, got ${describeValue(chatbotActive)}`,
		);
	}
	const messageFrom = filters.messageFrom ?? 'any';
	if (messageFrom !== 'any' && messageFrom !== 'customer' && messageFrom !== 'agent') {
		throw new InvalidInputError(
			`Message From must be any, customer or agent, got ${describeValue(messageFrom)}`,
		);
	}
	const statuses = new Set<string>();
	for (const value of Array.isArray(filters.statuses) ? filters.statuses : []) {
		if (value === 'active') {
			ACTIVE_STATUSES.forEach((s) => statuses.add(s));
			continue;
		}
		const name = statusName(value);
		if (name === undefined)
			throw new InvalidInputError(`Unknown chat session status ${describeValue(value)}`);
		statuses.add(name);
	}
	return {
		chatbotActive,
		messageFrom,
		statuses: [...statuses],
		topicIds: parseTopicIds(filters.topicIds),
	};
}

/** readFilters for a node: a bad filter becomes the node's error, named as the user set it. */
export function checkedFilters(node: INode, raw: IDataObject | undefined): TriggerFilters {
	try {
		return readFilters(raw);
	} catch (error) {
		throw new NodeOperationError(node, error instanceof Error ? error.message : String(error), {
			description: error instanceof InvalidInputError ? error.hint : undefined,
		});
	}
}

export function factsFromFieldValues(fieldValues: IDataObject): SessionFacts {
	return {
		chatbotActive: asBoolean(valueOf(fieldValues, 'ChatbotIsActive')),
		status: statusName(valueOf(fieldValues, 'Status')),
		topicId: asId(valueOf(fieldValues, 'TopicId')),
	};
}

export function factsFromEntity(entity: IDataObject): SessionFacts {
	return {
		chatbotActive: asBoolean(valueOf(entity, 'ChatbotIsActive')),
		status: statusName(valueOf(entity, 'Status')),
		topicId: asId(valueOf(entity, 'TopicId')),
	};
}

/** Facts of the delivery, each missing one taken from the full session when there is one. */
export function mergeFacts(first: SessionFacts, fallback: SessionFacts | undefined): SessionFacts {
	return {
		chatbotActive: first.chatbotActive ?? fallback?.chatbotActive,
		status: first.status ?? fallback?.status,
		topicId: first.topicId ?? fallback?.topicId,
	};
}

/** Whether a filter is set whose fact the delivery did not carry (the session must be read). */
export function needsMoreFacts(filters: TriggerFilters, facts: SessionFacts): boolean {
	return (
		(filters.chatbotActive !== 'any' && facts.chatbotActive === undefined) ||
		(filters.statuses.length > 0 && facts.status === undefined) ||
		(filters.topicIds.length > 0 && facts.topicId === undefined)
	);
}

/** Whether the session passes every filter; an unknown fact never passes a filter that is set. */
export function passesFilters(filters: TriggerFilters, facts: SessionFacts): boolean {
	if (filters.chatbotActive !== 'any' && facts.chatbotActive !== (filters.chatbotActive === 'yes'))
		return false;
	if (
		filters.statuses.length > 0 &&
		(facts.status === undefined || !filters.statuses.includes(facts.status))
	)
		return false;
	if (
		filters.topicIds.length > 0 &&
		(facts.topicId === undefined || !filters.topicIds.includes(facts.topicId))
	)
		return false;
	return true;
}

/** The `X-SuperOffice-Retry` header as a number (0 = first try). */
export function retryCount(header: string | string[] | undefined): number {
	const text = Array.isArray(header) ? header[0] : header;
	return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : 0;
}

/** The item a workflow starts with. */
export function eventItem(
	event: ChatEvent,
	retry: number,
	fetched: {
		chatSession?: IDataObject;
		messages?: IDataObject[];
		text?: string;
		chatSessionError?: string;
	} = {},
): IDataObject {
	const item: IDataObject = {
		event: event.event,
		eventId: event.eventId,
		timestamp: event.timestamp,
		chatSessionId: event.chatSessionId ?? null,
		changedByAssociateId: event.changedByAssociateId ?? null,
		retry,
		changes: event.changes,
		fieldValues: event.fieldValues,
	};
	if (fetched.chatSession !== undefined) item.chatSession = fetched.chatSession;
	if (fetched.messages !== undefined) item.messages = fetched.messages;
	if (fetched.text !== undefined) item.text = fetched.text;
	if (fetched.chatSessionError !== undefined) item.chatSessionError = fetched.chatSessionError;
	return item;
}
