/**
 * One call of SuperOffice to the trigger's webhook (the URL is public, so every call is suspect):
 * the raw body n8n received (one n8n already consumed, multipart, cannot be verified → 401); the
 * signature over those bytes before anything is parsed (401 and a warning when it is missing or
 * wrong; only a small unsigned body may be SuperOffice's registration test call, answered 200
 * without starting anything); then the event is filtered and becomes one item.
 * Reads the node's static data (the secret), never writes it.
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
import type { ChatEvent } from './event';
import { NEWEST_MESSAGES } from './properties';
import type { Registration, RegistrationSlot } from './registration';
import { signatureMatches } from './signature';
import type { SendRequest } from '../shared/transport/request';

const SIGNATURE_HEADER = 'x-superoffice-signature';
const SIGNATURE_REFUSAL = 'Invalid or missing X-SuperOffice-Signature';

/**
 * The largest unsigned body that is parsed at all, to recognise SuperOffice's registration test
 * call (a few hundred bytes). Anything larger and unsigned is refused unparsed.
 */
export const TEST_CALL_MAX_BYTES = 4096;

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

/** The full session, and for a message event its newest messages. */
async function readSession(
	ctx: IWebhookFunctions,
	event: ChatEvent,
	withMessages: boolean,
): Promise<{ chatSession: IDataObject; messages?: IDataObject[] }> {
	const client = await SuperOfficeClient.forNode(ctx);
	const send: SendRequest = async (request) => await client.request(request);
	const id = event.chatSessionId!;
	const chatSession = await getChatSession(send, id);
	if (!withMessages) return { chatSession };
	const all = await getChatMessages(send, id);
	return { chatSession, messages: all.slice(-NEWEST_MESSAGES) };
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
	const events = this.getNodeParameter('events', []) as string[];
	if (
		!events.includes(event.event) ||
		(event.entity !== '' && event.entity !== 'chatsession') ||
		event.chatSessionId === undefined
	) {
		return acknowledged();
	}
	const filters = checkedFilters(
		this.getNode(),
		this.getNodeParameter('filters', {}) as IDataObject,
	);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const include = options.fetchChatSession === true;
	let facts = factsFromFieldValues(event.fieldValues);
	let fetched: { chatSession: IDataObject; messages?: IDataObject[] } | undefined;
	if (include || needsMoreFacts(filters, facts)) {
		fetched = await readSession(this, event, include && event.event === 'chatsession.message');
		facts = mergeFacts(facts, factsFromEntity(fetched.chatSession));
	}
	if (!passesFilters(filters, facts)) return acknowledged();

	const item = eventItem(
		event,
		retryCount(request.headers['x-superoffice-retry']),
		include && fetched ? fetched : {},
	);
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
