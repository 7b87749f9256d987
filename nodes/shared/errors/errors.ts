import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { cutSafely, redact } from './redact';

/** What went wrong with one HTTP exchange, stripped of everything but what a user needs. */
export interface HttpFailure {
	kind: 'http';
	status: number;
	statusText?: string;
	body: string;
	contentType?: string;
	retryAfter?: string;
	/** Bytes read of a longer error body (the rest was not read). */
	bodyCutAt?: number;
}
export interface NetworkFailure {
	kind: 'network';
	code?: string;
	message: string;
}
export type RequestFailure =
	| HttpFailure
	| NetworkFailure
	| { kind: 'invalidJson'; status: number; contentType?: string }
	| { kind: 'tokenRefresh'; message: string }
	| TenantStateFailure
	| DescribedFailure;

/** A failure the transport has already put into words (redirects, odd answers, deadlines). */
export interface DescribedFailure {
	kind: 'described';
	/** What went wrong, after "Could not <action>: ". */
	summary: string;
	description: string;
	httpCode?: string;
}

/** SuperOffice Online's tenant lookup answered, but gives no host to call (see tenantHost.ts). */
export interface TenantStateFailure {
	kind: 'tenantState';
	tenant: string;
	/** `State` of the answer (Unknown, Suspended, OfflineMaintenance, ...) or what was wrong with it. */
	state: string;
	stateUrl: string;
}

/** What the request was about, so the message can name it ("reset chat session 464"). */
export interface RequestSubject {
	/** verb phrase, e.g. "reset chat session 464" */
	action: string;
	chatSessionId?: number | string;
	/** The chat topic the request is about (Chat Topic operations). */
	chatTopicId?: number | string;
	/** How many attempts were made; named in the message when more than one. */
	attempts?: number;
	/** Online: where SuperOffice says which host serves the tenant; named in the advice for a 421. */
	tenantStateUrl?: string;
}

/**
 * How much of an error body is read for the server's words. Real error bodies (SuperOffice's
 * JSON, IIS and proxy pages) say what matters in their first lines; the rest is never looked at,
 * so a huge or hostile page costs no more than this.
 */
export const ERROR_BODY_LIMIT = 16 * 1024;
const MAX_SERVER_MESSAGE = 300;

/**
 * Text fit for a message: cut to ERROR_BODY_LIMIT, redacted whole, and only then flattened and
 * shortened, so neither collapsing whitespace nor the cut can leave part of a secret behind.
 */
export function readableText(text: string, secrets: readonly string[] = []): string {
	const flat = redact(cutSafely(text, ERROR_BODY_LIMIT, secrets), secrets)
		.replace(/\s+/g, ' ')
		.trim();
	if (flat.length <= MAX_SERVER_MESSAGE) return flat;
	return `${cutSafely(flat, MAX_SERVER_MESSAGE - 3, secrets)}...`;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

function decodeEntities(text: string): string {
	return text.replace(
		/&(?:(lt|gt|quot|apos|amp)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi,
		(whole, name?: string, decimal?: string, hex?: string) => {
			if (name !== undefined) return ENTITIES[name.toLowerCase()];
			const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
			return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
		},
	);
}

/** Whether the text holds at least one tag (`<[^<>]*>` scans at most to the next `<`: linear). */
const HTML_TAG = /<[a-z!][^<>]*>/i;
const ANY_TAG = /<[^<>]*>/g;
const TITLE_OPEN = /<title(?:\s[^<>]*)?>/i;
const HEADING_OPEN = /<h([12])(?:\s[^<>]*)?>/i;

/** The content of the first element opened by `open`, up to its closing tag; undefined without one. */
function elementContent(
	text: string,
	open: RegExp,
	closeTag: (opening: RegExpExecArray) => string,
): string | undefined {
	const opening = open.exec(text);
	if (!opening) return undefined;
	const start = opening.index + opening[0].length;
	const end = text.toLowerCase().indexOf(closeTag(opening), start);
	return end === -1 ? undefined : text.slice(start, end);
}

/** The title or first heading of an HTML page, else its text without tags. */
function htmlText(page: string): string {
	const picked =
		elementContent(page, TITLE_OPEN, () => '</title') ??
		elementContent(page, HEADING_OPEN, (opening) => `</h${opening[1]}`) ??
		page;
	return decodeEntities(picked.replace(ANY_TAG, ' '));
}

/** A JSON error body cut off by ERROR_BODY_LIMIT: its message field, found without parsing. */
const JSON_MESSAGE_FIELD =
	/"(?:Message|message|ErrorMessage|error_description|error|title|detail)"[ \t\r\n]*:[ \t\r\n]*"((?:[^"\\]|\\.)*)"/;

function messageFromCutJson(text: string): string | undefined {
	const escaped = JSON_MESSAGE_FIELD.exec(text)?.[1];
	if (escaped === undefined || escaped.trim() === '') return undefined;
	try {
		return JSON.parse(`"${escaped}"`) as string;
	} catch {
		return escaped;
	}
}

/** SuperOffice's own words in an error body, whole: JSON message, HTML title or heading, or text. */
function wordsOf(body: string, contentType: string): string {
	const text = body.trim();
	if (text.startsWith('{') || text.startsWith('[') || contentType.includes('json')) {
		try {
			const fromJson = messageFromJson(JSON.parse(text) as unknown, 0);
			if (fromJson !== undefined) return fromJson;
		} catch {
			const fromCut = messageFromCutJson(text);
			if (fromCut !== undefined) return fromCut;
			// Not JSON after all: fall through to HTML/plain text.
		}
	}
	return HTML_TAG.test(text) ? htmlText(text) : text;
}

/**
 * SuperOffice's own words from an error body: the `Message` of its JSON error body,
 * the title or heading of an HTML page (IIS, proxies), or plain text. Empty when none.
 * Only the first ERROR_BODY_LIMIT characters are read; the words are redacted before they
 * are flattened and shortened.
 */
export function serverMessage(
	body: string,
	contentType = '',
	secrets: readonly string[] = [],
): string {
	const cut = cutSafely(body, ERROR_BODY_LIMIT, secrets);
	if (cut.trim() === '') return '';
	return readableText(wordsOf(cut, contentType), secrets);
}

function messageFromJson(parsed: unknown, depth: number): string | undefined {
	if (typeof parsed === 'string') return parsed;
	if (depth > 4) return undefined;
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const record = parsed as Record<string, unknown>;
	for (const key of [
		'Message',
		'message',
		'ErrorMessage',
		'error_description',
		'error',
		'title',
		'detail',
	]) {
		const value = record[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (value && typeof value === 'object') {
			const nested = messageFromJson(value, depth + 1);
			if (nested !== undefined) return nested;
		}
	}
	return undefined;
}

interface StatusAdvice {
	summary: string;
	advice: string;
}

function adviceForStatus(status: number, subject: RequestSubject): StatusAdvice {
	switch (status) {
		case 400:
			return {
				summary: 'SuperOffice rejected the request as invalid',
				advice: 'Check the values sent by this node (ids, filters, message fields).',
			};
		case 401:
			return {
				summary: 'SuperOffice rejected the credential',
				advice:
					'Check the user name and password (Basic), the ticket (SoTicket) or the access token (Bearer) of the SuperOffice API credential. Tickets and tokens expire; Online also needs the right app token.',
			};
		case 403:
			return {
				summary: 'SuperOffice refused access (no rights, or an expired token)',
				advice:
					'The user behind the credential needs chat rights for this session, or the access token has expired and must be renewed.',
			};
		case 404:
			return {
				summary: 'not found',
				advice:
					subject.chatSessionId !== undefined
						? `Check chat session id ${subject.chatSessionId}; the session may have been deleted, or belong to another tenant.`
						: subject.chatTopicId !== undefined
							? `Check chat topic id ${subject.chatTopicId}; pick the topic from the list to see the topics this user may work with.`
							: 'Check the base URL of the credential and the ids used.',
			};
		case 409:
		case 412:
			return {
				summary: 'SuperOffice refused the change because the session changed meanwhile',
				advice: 'Read the session again and retry.',
			};
		case 421:
			return {
				summary: 'wrong SuperOffice Online host',
				advice:
					'SuperOffice Online answers API calls only on the numbered tenant host. Use a base URL like https://online3.superoffice.com/Cust12345 (the host is shown in the address bar after you sign in), not https://online.superoffice.com.' +
					(subject.tenantStateUrl
						? ` The tenant's current host is the Endpoint at ${subject.tenantStateUrl}. With the OAuth2 credential, a Base URL of just the customer id (e.g. Cust12345) lets the node look the host up by itself.`
						: ''),
			};
		case 429:
			return {
				summary: 'too many requests',
				advice:
					'SuperOffice or a gateway is rate limiting; lower the batch size or concurrency and try again later.',
			};
		default:
			if (status >= 500) {
				return {
					summary: 'SuperOffice had a server problem',
					advice:
						'The server or a gateway failed; this often happens during maintenance windows. Try again later.',
				};
			}
			return {
				summary: 'SuperOffice answered with an error',
				advice: "See SuperOffice's message for details.",
			};
	}
}

const NETWORK_ADVICE: Array<[RegExp, string]> = [
	[
		/ENOTFOUND|EAI_AGAIN/,
		'The host name of the base URL could not be found. Check the base URL of the SuperOffice API credential.',
	],
	[
		/ECONNREFUSED/,
		'Nothing answered at the base URL. Check its host and port, and that the SuperOffice server is running.',
	],
	[
		/ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|timeout/i,
		'SuperOffice did not answer in time. Try again later, or raise the timeout.',
	],
	[
		/ECONNRESET|EPIPE|socket hang up/i,
		'The connection was closed before SuperOffice answered. Try again; check proxies in between.',
	],
	[
		/CERT|SSL|TLS|self[- ]signed|unable to verify/i,
		'The server\'s TLS certificate was not accepted. For an Onsite server with a self-signed certificate, switch on "Ignore SSL Issues" in the credential.',
	],
];

export function networkAdvice(text: string): string {
	for (const [pattern, advice] of NETWORK_ADVICE) {
		if (pattern.test(text)) return advice;
	}
	return 'Check the base URL of the SuperOffice API credential and the network between n8n and SuperOffice.';
}

function tenantStateAdvice(state: string): string {
	if (/maintenance/i.test(state)) return 'The tenant is in a maintenance window; try again later.';
	if (/suspend|locked|disabled/i.test(state))
		return 'The tenant is not available; ask its SuperOffice administrator.';
	if (/^unknown$/i.test(state)) {
		return 'Check the customer id in the Base URL and the Environment of the credential (a tenant of the development environment is unknown in production).';
	}
	return 'Try again later; if it persists, enter the full tenant URL (e.g. https://online3.superoffice.com/Cust12345) as Base URL.';
}

/** The message and description a user sees for a failed request. Secrets are scrubbed. */
export function describeFailure(
	failure: RequestFailure,
	subject: RequestSubject,
	secrets: readonly string[],
): { message: string; description: string; httpCode?: string } {
	let message: string;
	let description: string;
	let httpCode: string | undefined;
	const attempts =
		subject.attempts !== undefined && subject.attempts > 1
			? `, after ${subject.attempts} attempts`
			: '';

	if (failure.kind === 'http') {
		const { summary, advice } = adviceForStatus(failure.status, subject);
		const said = serverMessage(failure.body, failure.contentType, secrets);
		message = `Could not ${subject.action}: ${summary} (HTTP ${failure.status}${attempts})${said ? `. SuperOffice says: ${said}` : ''}`;
		description =
			failure.bodyCutAt === undefined
				? advice
				: `${advice} (Only the first ${Math.round(failure.bodyCutAt / 1024)} KB of SuperOffice's error page were read.)`;
		httpCode = String(failure.status);
	} else if (failure.kind === 'described') {
		message = `Could not ${subject.action}: ${failure.summary}${attempts ? ` (${attempts.slice(2)})` : ''}`;
		description = failure.description;
		httpCode = failure.httpCode;
	} else if (failure.kind === 'invalidJson') {
		message = `Could not ${subject.action}: SuperOffice answered HTTP ${failure.status}${attempts} with a body that is not valid JSON${failure.contentType ? ` (${failure.contentType})` : ''}`;
		description =
			'A proxy or gateway may have answered instead of SuperOffice, or the response was cut off. Try again; check the base URL.';
		httpCode = String(failure.status);
	} else if (failure.kind === 'tenantState') {
		message = `Could not ${subject.action}: SuperOffice Online tenant ${failure.tenant} is ${failure.state}`;
		description = `${tenantStateAdvice(failure.state)} SuperOffice's answer: ${failure.stateUrl}`;
	} else if (failure.kind === 'tokenRefresh') {
		message = `Could not ${subject.action}: the access token expired and could not be refreshed (${readableText(failure.message, secrets)})`;
		description =
			'Reconnect the SuperOffice OAuth2 credential: open it and sign in with SuperOffice again.';
	} else {
		const detail = failure.code ? `${failure.code}: ${failure.message}` : failure.message;
		message = `Could not ${subject.action}: no answer from SuperOffice (${readableText(detail, secrets)}${attempts})`;
		description = networkAdvice(cutSafely(detail, ERROR_BODY_LIMIT));
	}

	return { message: redact(message, secrets), description: redact(description, secrets), httpCode };
}

/**
 * A NodeApiError built only from scrubbed text. The helper's own error (which carries the
 * request config, headers included) is never passed on as the cause.
 */
export function toNodeApiError(
	node: INode,
	failure: RequestFailure,
	subject: RequestSubject,
	secrets: readonly string[],
): NodeApiError {
	const { message, description, httpCode } = describeFailure(failure, subject, secrets);
	const cause: JsonObject = { message, ...(httpCode ? { httpCode } : {}) };
	const error = new NodeApiError(node, cause, { message, description, httpCode });
	// NodeApiError swaps messages that mention ECONNREFUSED & co. for generic texts; keep ours,
	// which names what failed.
	error.message = message;
	if (subject.chatSessionId !== undefined) error.context.chatSessionId = subject.chatSessionId;
	if (subject.chatTopicId !== undefined) error.context.chatTopicId = subject.chatTopicId;
	return error;
}
