/**
 * The SuperOffice Trigger's pure parts: the signature check over raw bytes, reading a delivery
 * (status number → name, keys in any case, the registration test call), the filters, the output
 * item, which registration a URL belongs to, and the readable registration refusals.
 */
import { createHmac } from 'node:crypto';
import type { INode } from 'n8n-workflow';

import {
	eventItem,
	factsFromEntity,
	factsFromFieldValues,
	mergeFacts,
	needsMoreFacts,
	parseDelivery,
	parseTopicIds,
	passesFilters,
	readFilters,
	retryCount,
} from '../../nodes/SuperOfficeTrigger/event';
import type { ChatEvent } from '../../nodes/SuperOfficeTrigger/event';
import { registrationFor } from '../../nodes/SuperOfficeTrigger/registration';
import { explainRegistrationFailure } from '../../nodes/SuperOfficeTrigger/registrationErrors';
import { newWebhookSecret, signatureMatches } from '../../nodes/SuperOfficeTrigger/signature';
import { statusName } from '../../nodes/shared/superoffice/statuses';

const SECRET = 'shared-secret-for-tests';
const body = Buffer.from(
	JSON.stringify({ EventId: 'e1', Event: 'chatsession.changed', PrimaryKey: 903 }),
	'utf8',
);
const sign = (secret: string, bytes: Buffer) =>
	createHmac('sha256', secret).update(bytes).digest('base64');

describe('signatureMatches', () => {
	it('accepts base64(HMAC-SHA256(secret, raw body)) and nothing else', () => {
		expect(signatureMatches(SECRET, body, sign(SECRET, body))).toBe(true);
		expect(signatureMatches(SECRET, body, ` ${sign(SECRET, body)} `)).toBe(true);
		expect(signatureMatches(SECRET, body, sign('another-secret', body))).toBe(false);
		expect(signatureMatches(SECRET, body, undefined)).toBe(false);
		expect(signatureMatches(SECRET, body, '')).toBe(false);
		expect(signatureMatches(SECRET, body, [sign(SECRET, body)])).toBe(false);
		expect(signatureMatches(SECRET, body, 'not base64 !')).toBe(false);
		expect(signatureMatches(SECRET, body, Buffer.from('short').toString('base64'))).toBe(false);
		expect(
			signatureMatches(SECRET, body, createHmac('sha256', SECRET).update(body).digest('hex')),
		).toBe(false);
		expect(signatureMatches('', body, sign('', body))).toBe(false);
	});

	it('is over the exact bytes: one changed byte or a re-serialised body fails', () => {
		const tampered = Buffer.from(body);
		tampered[tampered.length - 2] = '4'.charCodeAt(0);
		expect(signatureMatches(SECRET, tampered, sign(SECRET, body))).toBe(false);
		const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
		expect(signatureMatches(SECRET, pretty, sign(SECRET, body))).toBe(false);
		// Non-ASCII text: signed as UTF-8 bytes, checked as bytes.
		const nordic = Buffer.from('{"Event":"chatsession.message","Note":"blåbærsyltetøy"}', 'utf8');
		expect(signatureMatches(SECRET, nordic, sign(SECRET, nordic))).toBe(true);
		expect(
			signatureMatches(
				SECRET,
				Buffer.from(nordic.toString('latin1'), 'utf8'),
				sign(SECRET, nordic),
			),
		).toBe(false);
	});

	it('makes a fresh 256-bit secret each time', () => {
		const a = newWebhookSecret();
		const b = newWebhookSecret();
		expect(a).not.toBe(b);
		expect(Buffer.from(a, 'base64url')).toHaveLength(32);
	});
});

describe('parseDelivery', () => {
	const payload = (extra: Record<string, unknown>) =>
		Buffer.from(
			JSON.stringify({
				EventId: 'id-1',
				Timestamp: '2026-11-30T06:00:00.1234567Z',
				Changes: ['status'],
				Event: 'chatsession.changed',
				PrimaryKey: 903,
				Entity: 'chatsession',
				ChangedByAssociateId: 21,
				...extra,
			}),
		);

	it('reads an event, the status as its name, keys in any case', () => {
		const parsed = parseDelivery(
			payload({ FieldValues: { Status: 5, chatbotIsactive: true, TopicId: 2 } }),
		);
		expect(parsed).toEqual({
			kind: 'event',
			event: {
				event: 'chatsession.changed',
				eventId: 'id-1',
				timestamp: '2026-11-30T06:00:00.1234567Z',
				entity: 'chatsession',
				chatSessionId: 903,
				changedByAssociateId: 21,
				changes: ['status'],
				fieldValues: { Status: 'CustomerLast', chatbotIsactive: true, TopicId: 2 },
			},
		});
		const lower = parseDelivery(
			Buffer.from(
				JSON.stringify({
					event: 'ChatSession.Message',
					primaryKey: '904',
					fieldValues: { status: '6' },
				}),
			),
		);
		expect(lower).toMatchObject({
			kind: 'event',
			event: {
				event: 'chatsession.message',
				chatSessionId: 904,
				fieldValues: { status: 'UserLast' },
			},
		});
	});

	it('keeps an unknown status number as sent and takes the id from FieldValues when PrimaryKey is missing', () => {
		const parsed = parseDelivery(
			payload({ PrimaryKey: undefined, FieldValues: { Status: 42, ChatSessionId: 77 } }),
		);
		expect(parsed).toMatchObject({
			kind: 'event',
			event: { chatSessionId: 77, fieldValues: { Status: 42 } },
		});
	});

	it("recognises SuperOffice's registration test call, and refuses what is not an event", () => {
		expect(parseDelivery(payload({ Event: 'test' }))).toEqual({ kind: 'test' });
		expect(parseDelivery(payload({ Event: 'TEST' }))).toEqual({ kind: 'test' });
		expect(parseDelivery(Buffer.from('not json'))).toEqual({
			kind: 'invalid',
			reason: 'the body is not JSON',
		});
		expect(parseDelivery(Buffer.from('[1]'))).toEqual({
			kind: 'invalid',
			reason: 'the body is not a JSON object',
		});
		expect(parseDelivery(Buffer.from('{}'))).toEqual({
			kind: 'invalid',
			reason: 'the body names no Event',
		});
	});

	it('names every status number and reads names in any case', () => {
		expect([0, 1, 4, 5, 6, 11].map(statusName)).toEqual([
			'Invalid',
			'PreChatForm',
			'InQueue',
			'CustomerLast',
			'UserLast',
			'ClosedFromQueue',
		]);
		expect(statusName('inqueue')).toBe('InQueue');
		expect(statusName('Sleeping')).toBeUndefined();
		expect(statusName(12)).toBeUndefined();
	});
});

describe('filters', () => {
	it('reads the collection: Active = CustomerLast or UserLast, topic ids as a list', () => {
		expect(readFilters({})).toEqual({
			chatbotActive: 'any',
			messageFrom: 'any',
			statuses: [],
			topicIds: [],
		});
		expect(
			readFilters({
				chatbotActive: 'yes',
				messageFrom: 'customer',
				statuses: ['active', 'InQueue', 'CustomerLast'],
				topicIds: '2, 3;3',
			}),
		).toEqual({
			chatbotActive: 'yes',
			messageFrom: 'customer',
			statuses: ['CustomerLast', 'UserLast', 'InQueue'],
			topicIds: [2, 3],
		});
		expect(parseTopicIds(7)).toEqual([7]);
		expect(parseTopicIds(['4', 5])).toEqual([4, 5]);
		expect(parseTopicIds('')).toEqual([]);
	});

	it('refuses a bad value with its name', () => {
		expect(() => readFilters({ statuses: ['Sleeping'] })).toThrow(
			'Unknown chat session status "Sleeping"',
		);
		expect(() => readFilters({ topicIds: '2, two' })).toThrow(
			'Topic IDs must be a whole number from 1 to 2147483647, got "two"',
		);
		expect(() => readFilters({ chatbotActive: 'maybe' })).toThrow(
			'Chatbot Active must be any, yes or no, got "maybe"',
		);
		expect(() => readFilters({ messageFrom: 'bot' })).toThrow(
			'Message From must be any, customer or agent, got "bot"',
		);
	});

	it('let a session through only when every set filter matches; an unknown fact never passes', () => {
		const botActive = { chatbotActive: true, status: 'CustomerLast', topicId: 2 };
		const f = readFilters({ chatbotActive: 'yes', statuses: ['active'], topicIds: '2' });
		expect(passesFilters(f, botActive)).toBe(true);
		expect(passesFilters(f, { ...botActive, chatbotActive: false })).toBe(false);
		expect(passesFilters(f, { ...botActive, status: 'InQueue' })).toBe(false);
		expect(passesFilters(f, { ...botActive, topicId: 3 })).toBe(false);
		expect(passesFilters(f, { ...botActive, topicId: undefined })).toBe(false);
		expect(passesFilters(readFilters({ chatbotActive: 'no' }), { chatbotActive: false })).toBe(
			true,
		);
		expect(passesFilters(readFilters({}), {})).toBe(true);
	});

	it('asks for the full session only when a set filter lacks its fact', () => {
		const f = readFilters({ chatbotActive: 'yes' });
		expect(needsMoreFacts(f, factsFromFieldValues({ ChatbotIsactive: 'true' }))).toBe(false);
		expect(needsMoreFacts(f, factsFromFieldValues({ Status: 5 }))).toBe(true);
		expect(needsMoreFacts(readFilters({}), {})).toBe(false);
		const merged = mergeFacts(
			factsFromFieldValues({ Status: 5 }),
			factsFromEntity({ ChatbotIsActive: false, Status: 'InQueue', TopicId: 3 }),
		);
		expect(merged).toEqual({ chatbotActive: false, status: 'CustomerLast', topicId: 3 });
	});
});

describe('output', () => {
	const event: ChatEvent = {
		event: 'chatsession.changed',
		eventId: 'id-1',
		timestamp: 't',
		entity: 'chatsession',
		chatSessionId: 903,
		changedByAssociateId: 0,
		changes: ['status'],
		fieldValues: { Status: 'CustomerLast' },
	};

	it('has the event facts, the retry number, and the session only when read', () => {
		expect(eventItem(event, retryCount('2'))).toEqual({
			event: 'chatsession.changed',
			eventId: 'id-1',
			timestamp: 't',
			chatSessionId: 903,
			changedByAssociateId: 0,
			retry: 2,
			changes: ['status'],
			fieldValues: { Status: 'CustomerLast' },
		});
		expect(
			eventItem(event, 0, { chatSession: { ChatSessionId: 903 }, messages: [] }),
		).toMatchObject({ chatSession: { ChatSessionId: 903 }, messages: [] });
		expect(retryCount(undefined)).toBe(0);
		expect(retryCount('x')).toBe(0);
	});
});

describe('registrationFor', () => {
	it('finds the registration by its URL, never the other one', () => {
		const data = {
			production: { webhookId: 1, secret: 'p', targetUrl: 'https://n8n.example/webhook/a/webhook' },
			test: { webhookId: 2, secret: 't', targetUrl: 'https://n8n.example/webhook-test/a/webhook' },
		};
		expect(registrationFor(data, 'https://n8n.example/webhook/a/webhook')?.slot).toBe('production');
		expect(
			registrationFor(data, 'https://n8n.example/webhook-test/a/webhook')?.registration.secret,
		).toBe('t');
		expect(registrationFor(data, 'https://other.example/webhook/a/webhook')).toBeUndefined();
		expect(registrationFor({}, 'https://n8n.example/webhook/a/webhook')).toBeUndefined();
		expect(registrationFor(data, undefined)).toBeUndefined();
	});
});

describe('explainRegistrationFailure', () => {
	const node = {
		id: 'n',
		name: 'SuperOffice Trigger',
		type: 't',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as INode;
	const transportMessage = (status: number, said: string) =>
		`Could not register the SuperOffice webhook: SuperOffice rejected the request as invalid (HTTP ${status}). SuperOffice says: ${said}`;

	it('403: no webhook rights, pointing to the Idle Chat Trigger', () => {
		const e = explainRegistrationFailure(
			node,
			{ httpCode: '403', message: transportMessage(403, 'Access denied to the Webhook agent.') },
			'https://n8n.example/webhook/x',
		);
		expect(e?.message).toMatch(
			/^SuperOffice refused the webhook \(HTTP 403\): the user or app of this credential has no right to manage webhooks\..*SuperOffice says: Access denied to the Webhook agent\.$/,
		);
		expect(e?.description).toMatch(/SuperOffice Idle Chat Trigger/);
	});

	it('400 for an http address: set WEBHOOK_URL to a public https address', () => {
		const e = explainRegistrationFailure(
			node,
			{
				httpCode: '400',
				message: transportMessage(
					400,
					'Webhook TargetUrl must be secure: http://127.0.0.1:5678/webhook/x',
				),
			},
			'http://127.0.0.1:5678/webhook/x',
		);
		expect(e?.message).toMatch(
			/^SuperOffice accepts only https webhook addresses, and n8n's webhook address http:\/\/127\.0\.0\.1:5678\/webhook\/x is not https\. Set n8n's WEBHOOK_URL \(N8N_WEBHOOK_URL in newer n8n\)/,
		);
	});

	it('400 for a failed test call: SuperOffice could not reach n8n', () => {
		const e = explainRegistrationFailure(
			node,
			{
				httpCode: '400',
				message: transportMessage(
					400,
					'Webhook test call to TargetUrl https://n8n.example/webhook/x failed: HTTP 404.',
				),
			},
			'https://n8n.example/webhook/x',
		);
		expect(e?.message).toMatch(
			/^SuperOffice could not reach n8n at https:\/\/n8n\.example\/webhook\/x: its test call/,
		);
		expect(e?.description).toMatch(/WEBHOOK_URL/);
	});

	it('anything else keeps the original error', () => {
		expect(
			explainRegistrationFailure(node, { httpCode: '500', message: 'x' }, 'https://n8n.example/'),
		).toBeUndefined();
		expect(
			explainRegistrationFailure(
				node,
				{ httpCode: '400', message: transportMessage(400, 'Webhook Name is required.') },
				'https://n8n.example/',
			),
		).toBeUndefined();
	});
});
