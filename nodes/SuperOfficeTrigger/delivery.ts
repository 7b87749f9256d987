/**
 * One call of SuperOffice to the trigger's webhook (the URL is public, so every call is suspect):
 * 1. the raw body n8n received; a body n8n already consumed (multipart) cannot be verified → 401;
 * 2. the signature over those bytes, before anything is parsed → 401 and a warning when it is
 *    missing or wrong; only a small unsigned body may be SuperOffice's registration test call
 *    (it arrives before the hook's secret is saved), answered 200 without starting anything;
 * 3. the signed Timestamp within the replay window → else 401 and a warning;
 * 4. the EventId not handled before in this process → else 200 and nothing starts;
 * 5. the event filtered, its reads bounded by the delivery's read deadline, and one item; with
 *    Message From, only for new messages of that side (messageFrom.ts, messageCursors.ts).
 * Reads the node's static data (the secret), never writes it. Never throws for what a caller
 * sends or for a slow or failing SuperOffice: it answers.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getChatMessages, getChatSession } from '../shared/superoffice/chatSessions';
import { SuperOfficeClient } from '../shared/client';
import {
	checkedFilters,
	eventItem,
	factsFromEntity,
	factsFromFieldValues,
	mergeFacts,
	needsMoreFacts,
	parseDelivery,
	passesFilters,
	retryCount,
} from './event';
import type { ChatEvent, MessageFrom, TriggerFilters } from './event';
import { messageCursors } from './messageCursors';
import { newMessagesFrom } from './messageFrom';
import type { NewMessages } from './messageFrom';
import { DELIVERY_READ_SECONDS, NEWEST_MESSAGES } from './properties';
import type { Registration, RegistrationSlot } from './registration';
import { DeliveryLedger, deliveryLedger, freshness, replayWindowMs } from './replay';
import { signatureMatches } from './signature';
import type { SendRequest } from '../shared/transport/request';
import type { RetryPolicy } from '../shared/transport/retry';
import { startDeadline } from '../shared/transport/wait';

const SIGNATURE_HEADER = 'x-superoffice-signature';
const SIGNATURE_REFUSAL = 'Invalid or missing X-SuperOffice-Signature';

/**
 * The largest unsigned body that is parsed at all, to recognise SuperOffice's registration test
 * call (a few hundred bytes). Anything larger and unsigned is refused unparsed.
 */
export const TEST_CALL_MAX_BYTES = 4096;

/**
 * How long one delivery may spend reading SuperOffice (Include Chat Session, filters that need
 * the full session), from the first request to the last byte, retries and token refresh
 * included. SuperOffice's sender gives up on a call it gets no answer to (about 10 s; the sandbox
 * plays that) and sends it again: 8 s keeps the answer ahead of that. Mutable for tests only.
 */
export const DELIVERY_LIMITS = { readDeadlineMs: DELIVERY_READ_SECONDS * 1000 };

/** Reads within the deadline: one quick retry of a transient failure, no long backoff. */
const READ_RETRY: RetryPolicy = {
	maxRetries: 1,
	maxTotalWaitMs: 1000,
	baseDelayMs: 250,
	maxDelayMs: 1000,
};

/** What n8n's request object offers here: the body exactly as received, and the headers. */
interface RawRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
	headers: Record<string, string | string[] | undefined>;
}

/** Answered by the node itself, so nothing runs: a status and a short JSON reason. */
function refuse(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

/** 200 "OK" to SuperOffice (so it does not retry), nothing runs. */
const acknowledged = (): IWebhookResponseData => ({ webhookResponse: { received: true } });

/**
 * The bytes n8n received, or undefined when they are gone: n8n parses a multipart body itself
 * (its stream is consumed, reading it again throws "not readable").
 */
async function rawBodyOf(request: RawRequest): Promise<Buffer | undefined> {
	try {
		if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function')
			await request.readRawBody();
	} catch {
		return undefined;
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/** A header value for a log line: one line, short. */
function headerForLog(value: string | string[] | undefined): string | undefined {
	const text = Array.isArray(value) ? value.join(', ') : value;
	return text === undefined ? undefined : text.replace(/[\r\n]+/g, ' ').slice(0, 100);
}

type SessionRead =
	{ ok: true; chatSession?: IDataObject; messages?: IDataObject[] } | { ok: false; error: string };

/** What one delivery reads: the full session or not, and which messages. */
interface ReadPlan {
	session: boolean;
	/** none; the newest few (Include Chat Session); or all after a message id (Message From). */
	messages: 'none' | 'newest' | { after?: number };
	budgetMs: number;
}

/**
 * The session and the messages `plan` asks for, within `plan.budgetMs`. A failure or the
 * deadline is an answer too (never thrown): its readable reason.
 */
async function readSession(
	ctx: IWebhookFunctions,
	event: ChatEvent,
	plan: ReadPlan,
): Promise<SessionRead> {
	const budgetMs = Math.max(1, plan.budgetMs);
	const endsAt = Date.now() + budgetMs;
	const tooLate = `SuperOffice did not answer within ${DELIVERY_LIMITS.readDeadlineMs / 1000} s, the trigger's read deadline`;
	const work = (async (): Promise<SessionRead> => {
		const client = await SuperOfficeClient.forNode(ctx);
		const send: SendRequest = async (request) =>
			await client.request(request, {
				timeout: Math.max(1, endsAt - Date.now()),
				retry: READ_RETRY,
			});
		const id = event.chatSessionId!;
		const chatSession = plan.session ? await getChatSession(send, id) : undefined;
		if (plan.messages === 'none') return { ok: true, chatSession };
		if (plan.messages === 'newest') {
			const all = await getChatMessages(send, id);
			return { ok: true, chatSession, messages: all.slice(-NEWEST_MESSAGES) };
		}
		return {
			ok: true,
			chatSession,
			messages: await getChatMessages(send, id, plan.messages.after),
		};
	})().catch((error: unknown): SessionRead => ({
		ok: false,
		error:
			Date.now() >= endsAt - 50
				? tooLate
				: error instanceof Error
					? error.message
					: 'the chat session could not be read',
	}));
	const deadline = startDeadline(budgetMs);
	try {
		const first = await Promise.race([work, deadline.expired]);
		return first === 'expired' ? { ok: false, error: tooLate } : first;
	} finally {
		deadline.stop();
	}
}

export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as unknown as RawRequest;
	const where = { workflowId: this.getWorkflow().id, node: this.getNode().name };
	const raw = await rawBodyOf(request);
	if (raw === undefined) {
		this.logger.warn(
			'SuperOffice Trigger refused a call whose body n8n had already parsed (only a JSON body can be verified)',
			{ ...where, contentType: headerForLog(request.headers['content-type']) },
		);
		return refuse(this, 401, SIGNATURE_REFUSAL);
	}

	// n8n runs calls of the editor's test URL in manual mode (and gives webhook() the production
	// URL either way): the mode says which registration's secret signs this call.
	const slot: RegistrationSlot = this.getMode() === 'manual' ? 'test' : 'production';
	const secret = (this.getWorkflowStaticData('node')[slot] as Registration | undefined)?.secret;
	if (secret === undefined || !signatureMatches(secret, raw, request.headers[SIGNATURE_HEADER])) {
		// SuperOffice's test call comes while the hook is being registered, before its secret is
		// saved: a small body naming the test event is answered 200 and starts nothing. Nothing
		// larger is parsed before its signature is checked.
		if (raw.length <= TEST_CALL_MAX_BYTES && parseDelivery(raw).kind === 'test')
			return acknowledged();
		this.logger.warn(
			request.headers[SIGNATURE_HEADER] === undefined
				? 'SuperOffice Trigger refused a call without X-SuperOffice-Signature'
				: 'SuperOffice Trigger refused a call whose X-SuperOffice-Signature does not match',
			{ ...where, registered: secret !== undefined },
		);
		return refuse(this, 401, SIGNATURE_REFUSAL);
	}

	const parsed = parseDelivery(raw);
	if (parsed.kind === 'test') return acknowledged();
	if (parsed.kind === 'invalid') {
		this.logger.warn(`SuperOffice Trigger ignored a signed call: ${parsed.reason}`, where);
		return refuse(this, 400, `Not a SuperOffice webhook event: ${parsed.reason}`);
	}
	const { event } = parsed;
	if (event.eventId.trim() === '') {
		this.logger.warn('SuperOffice Trigger ignored a signed call: the body names no EventId', where);
		return refuse(this, 400, 'Not a SuperOffice webhook event: the body names no EventId');
	}

	const options = this.getNodeParameter('options', {}) as IDataObject;
	const windowMs = replayWindowMs(options.replayWindow);
	const now = Date.now();
	const fresh = freshness(event.timestamp, windowMs, now);
	if (fresh.kind === 'invalid') {
		this.logger.warn(
			'SuperOffice Trigger ignored a signed call: the body names no Timestamp',
			where,
		);
		return refuse(this, 400, 'Not a SuperOffice webhook event: the body names no valid Timestamp');
	}
	if (fresh.kind !== 'fresh') {
		this.logger.warn(
			'SuperOffice Trigger refused a signed delivery whose Timestamp is outside the replay window',
			{
				...where,
				eventId: event.eventId,
				...(fresh.kind === 'stale'
					? { ageSeconds: Math.round(fresh.ageMs / 1000) }
					: { aheadSeconds: Math.round(fresh.aheadMs / 1000) }),
				replayWindowSeconds: windowMs / 1000,
			},
		);
		return refuse(
			this,
			401,
			'Delivery outside the replay window: its Timestamp is too old or too far ahead',
		);
	}

	const key = DeliveryLedger.key([where.workflowId ?? '', this.getNode().id, slot, event.eventId]);
	const claimed = await deliveryLedger.claim(
		key,
		Math.max(fresh.at, now) + windowMs + 1000,
		DELIVERY_LIMITS.readDeadlineMs + 2000,
	);
	if (claimed.kind === 'duplicate') {
		this.logger.debug('SuperOffice Trigger ignored an event it has already handled', {
			...where,
			eventId: event.eventId,
		});
		return acknowledged();
	}
	if (claimed.kind === 'busy') return refuse(this, 503, 'The same event is still being handled');

	const { claim } = claimed;
	try {
		const scope = [where.workflowId ?? '', this.getNode().id, slot];
		const answer = await handleEvent(this, event, options, request, scope);
		if (answer.noWebhookResponse === true) claim.released();
		else claim.handled();
		return answer;
	} finally {
		claim.released();
	}
}

/** A fresh, signed, first-seen event: filtered, read as far as needed, one item or nothing. */
async function handleEvent(
	ctx: IWebhookFunctions,
	event: ChatEvent,
	options: IDataObject,
	request: RawRequest,
	scope: string[],
): Promise<IWebhookResponseData> {
	const events = ctx.getNodeParameter('events', []) as string[];
	if (
		!events.includes(event.event) ||
		(event.entity !== '' && event.entity !== 'chatsession') ||
		event.chatSessionId === undefined
	) {
		return acknowledged();
	}
	const filters = checkedFilters(ctx.getNode(), ctx.getNodeParameter('filters', {}) as IDataObject);
	const from = event.event === 'chatsession.message' ? filters.messageFrom : 'any';
	const budgetMs = DELIVERY_LIMITS.readDeadlineMs;
	if (from === 'any') return await decide(ctx, event, options, request, filters, { budgetMs });

	// Message From: the deliveries of one session take turns, so each message is handed on once.
	const cursor = { from, key: DeliveryLedger.key([...scope, String(event.chatSessionId)]) };
	const startedAt = Date.now();
	const answer = await messageCursors.inTurn(
		cursor.key,
		budgetMs,
		async () =>
			await decide(ctx, event, options, request, filters, {
				budgetMs: budgetMs - (Date.now() - startedAt),
				cursor,
			}),
	);
	if (answer !== 'busy') return answer;
	return refuse(ctx, 503, 'An earlier message event of this chat session is still being handled');
}

/** How decide() reads: its time, and for Message From whose messages and its memory's key. */
interface Reading {
	budgetMs: number;
	cursor?: { from: Exclude<MessageFrom, 'any'>; key: string };
}

/** Reads what the filters, Include Chat Session and Message From need; one item or nothing. */
async function decide(
	ctx: IWebhookFunctions,
	event: ChatEvent,
	options: IDataObject,
	request: RawRequest,
	filters: TriggerFilters,
	{ budgetMs, cursor }: Reading,
): Promise<IWebhookResponseData> {
	const include = options.fetchChatSession === true;
	let facts = factsFromFieldValues(event.fieldValues);
	const filtersNeedSession = needsMoreFacts(filters, facts);
	const seenUpTo = cursor === undefined ? undefined : messageCursors.seenUpTo(cursor.key);
	let read: SessionRead | undefined;
	if (include || filtersNeedSession || cursor !== undefined) {
		read = await readSession(ctx, event, {
			session: include || filtersNeedSession,
			messages:
				cursor !== undefined
					? { after: seenUpTo }
					: include && event.event === 'chatsession.message'
						? 'newest'
						: 'none',
			budgetMs,
		});
		if (!read.ok && (filtersNeedSession || cursor !== undefined)) {
			// Without the session or its new messages nothing can be decided: refused, so SuperOffice
			// sends the event again.
			ctx.logger.warn(
				cursor !== undefined
					? 'SuperOffice Trigger could not read the chat messages Message From needs; SuperOffice will send the event again'
					: 'SuperOffice Trigger could not read the chat session its filters need; SuperOffice will send the event again',
				{
					workflowId: ctx.getWorkflow().id,
					node: ctx.getNode().name,
					chatSessionId: event.chatSessionId,
					reason: read.error,
				},
			);
			return refuse(ctx, 503, 'Could not read the chat session from SuperOffice in time');
		}
		if (read.ok && read.chatSession !== undefined)
			facts = mergeFacts(facts, factsFromEntity(read.chatSession));
	}
	let picked: NewMessages | undefined;
	if (cursor !== undefined && read?.ok === true) {
		picked = newMessagesFrom(read.messages ?? [], cursor.from, seenUpTo);
		if (picked.newestId !== undefined) messageCursors.markSeen(cursor.key, picked.newestId);
	}
	if (!passesFilters(filters, facts)) return acknowledged();
	if (picked !== undefined && picked.matching.length === 0) return acknowledged();

	// Include Chat Session adds what was read (or why it was not); Message From's new messages
	// replace the newest few.
	const fetched =
		!include || read === undefined
			? {}
			: read.ok
				? { chatSession: read.chatSession, messages: read.messages }
				: { chatSessionError: read.error };
	if (picked !== undefined)
		Object.assign(fetched, { messages: picked.matching, text: picked.text });
	const item = eventItem(event, retryCount(request.headers['x-superoffice-retry']), fetched);
	return { workflowData: [ctx.helpers.returnJsonArray([item])] };
}
