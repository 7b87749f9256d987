/**
 * What n8n's request helpers answer or throw, turned into the failure shapes the retry rules
 * and error messages work with.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import type {
	DescribedFailure,
	HttpFailure,
	NetworkFailure,
	RequestFailure,
} from '../errors/errors';
import type { BodyRead } from './responseBody';

/** A response header as text (n8n keeps header names lower-case). */
export function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return value === undefined ? undefined : String(value);
}

/** A non-2xx answer, with the body as text so its words can be shown. */
export function failureFromResponse(response: IN8nHttpFullResponse): HttpFailure {
	return {
		kind: 'http',
		status: response.statusCode,
		statusText: response.statusMessage,
		body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
		contentType: header(response, 'content-type') ?? '',
		retryAfter: header(response, 'retry-after'),
	};
}

/**
 * n8n wraps request failures in a NodeApiError. n8n-workflow 2.x keeps no Error `cause`:
 * it moves the code (ECONNRESET, ...) to `httpCode`, replaces the message with a generic
 * text and keeps the original in `messages`. Older releases keep the cause; read both.
 */
export function failureFromThrown(error: unknown): NetworkFailure {
	const wrapper = (error ?? {}) as { cause?: unknown; httpCode?: unknown; messages?: unknown };
	const root = (wrapper.cause ?? wrapper) as { code?: unknown; message?: unknown };
	const wrappedCode =
		typeof wrapper.httpCode === 'string' && /^[A-Z][A-Z_]+$/.test(wrapper.httpCode)
			? wrapper.httpCode
			: undefined;
	const original =
		Array.isArray(wrapper.messages) && typeof wrapper.messages[0] === 'string'
			? wrapper.messages[0]
			: undefined;
	return {
		kind: 'network',
		code: typeof root.code === 'string' ? root.code : wrappedCode,
		message: original ?? (typeof root.message === 'string' ? root.message : 'request failed'),
	};
}

/** The text body of an answer as JSON, or why it is not (a proxy's HTML page, a cut-off body). */
export function parseJsonBody(
	response: IN8nHttpFullResponse,
): { value: unknown } | { failure: RequestFailure } {
	try {
		return { value: JSON.parse(String(response.body)) as unknown };
	} catch {
		return {
			failure: {
				kind: 'invalidJson',
				status: response.statusCode,
				contentType: header(response, 'content-type') ?? '',
			},
		};
	}
}

/** A failure put into words here; `retry` = whether repeating an idempotent call may help. */
export type TransportFailure = DescribedFailure & { retry?: 'ifIdempotent' };

function kilobytes(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${Math.round(bytes / (1024 * 1024))} MB`
		: `${Math.round(bytes / 1024)} KB`;
}

/** The host a redirect points to (never its path or query), or undefined when there is none. */
function redirectTarget(location: string | undefined, requestUrl: string): string | undefined {
	if (location === undefined || location.trim() === '') return undefined;
	try {
		const target = new URL(location.trim(), requestUrl);
		return target.protocol === 'https:' || target.protocol === 'http:'
			? `${target.protocol}//${target.host}`
			: target.protocol;
	} catch {
		return undefined;
	}
}

/**
 * A 3xx answer. Redirects are never followed: n8n would send the credential (Authorization,
 * SO-AppToken) along to whatever host the server names, and turn a POST into a GET.
 */
export function redirectFailure(
	response: IN8nHttpFullResponse,
	requestUrl: string,
): TransportFailure {
	const target = redirectTarget(header(response, 'location'), requestUrl);
	const sameHost = target !== undefined && target === redirectTarget(requestUrl, requestUrl);
	return {
		kind: 'described',
		summary: `the server answered HTTP ${response.statusCode}, a redirect ${target ? `to ${target}` : 'without a usable target'}, which the node does not follow`,
		description:
			'Fix the Base URL of the SuperOffice credential so that it needs no redirect: use https:// instead of http://, or the host the tenant has moved to' +
			(target && !sameHost ? ` (if ${target} is really your SuperOffice)` : '') +
			'. Redirects are never followed, so the credential is never sent to another address.',
		httpCode: String(response.statusCode),
	};
}

/** The attempt's wall-clock deadline passed before the whole answer was read. */
export function deadlineFailure(timeoutMs: number, idempotent: boolean): TransportFailure {
	return {
		kind: 'described',
		summary:
			`no complete answer within the timeout of ${timeoutMs} ms` +
			(idempotent ? '' : '; the request may have arrived, so it was not sent again'),
		description: idempotent
			? 'SuperOffice did not answer in time (or a proxy held the answer back). Try again later, or raise the Timeout option.'
			: 'Look at the chat session before sending again: SuperOffice may have received the message. Raise the Timeout option if SuperOffice is slow.',
		retry: 'ifIdempotent',
	};
}

/** A body that could not be read whole: too large, not decompressible, or broken off. */
export function bodyReadFailure(
	read: Exclude<BodyRead, { ok: true }>,
	status: number,
): TransportFailure {
	if (read.problem === 'tooLarge') {
		return {
			kind: 'described',
			summary: `SuperOffice answered HTTP ${status} with a body larger than ${kilobytes(read.limit)}, the most the node reads`,
			description:
				'A proxy or a misconfigured server may be answering. Check the Base URL; for Get Many, lower the Limit.',
			httpCode: String(status),
		};
	}
	if (read.problem === 'decompress') {
		return {
			kind: 'described',
			summary: `SuperOffice answered HTTP ${status} with a compressed body that could not be decompressed (${read.code ?? read.message})`,
			description:
				'The answer was damaged on the way (a proxy or gateway may be at fault). Try again; check proxies between n8n and SuperOffice.',
			httpCode: String(status),
			retry: 'ifIdempotent',
		};
	}
	return {
		kind: 'described',
		summary: `SuperOffice answered HTTP ${status}, but the body broke off (${read.code ? `${read.code}: ` : ''}${read.message})`,
		description:
			'The connection closed in the middle of the answer. Try again; check proxies between n8n and SuperOffice.',
		httpCode: String(status),
		retry: 'ifIdempotent',
	};
}

/**
 * What a 2xx answer must be: an object, an OData page (an object with `value`, handed on as a
 * ResultPage), an array, true or false (ChatTopic/{id}/IsOpen), or nothing in particular (a
 * DELETE's 204: the status is the answer).
 */
export type AnswerShape = 'object' | 'page' | 'list' | 'boolean' | 'none';

const items = (count: number) => `${count} item${count === 1 ? '' : 's'}`;

/** The first few key names of an object (each cut short): what kind of object came back. */
function describeObject(value: Record<string, unknown>): string {
	const list = value.value;
	if (Array.isArray(list)) return `an object holding a list (value: ${items(list.length)})`;
	if ('value' in value) return `an object whose value is ${describeJson(list, false)}`;
	const keys = Object.keys(value);
	if (keys.length === 0) return 'an empty object';
	const named = keys
		.slice(0, 3)
		.map((key) => (key.length > 30 ? `${key.slice(0, 30)}...` : key))
		.join(', ');
	return `an object with the key${keys.length === 1 ? '' : 's'} ${named}${keys.length > 3 ? ', ...' : ''}`;
}

/** What a JSON value is, in a few words: never its content beyond key names and counts. */
function describeJson(value: unknown, detailed = true): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${items(value.length)}`;
	if (typeof value === 'string') return 'a text';
	if (typeof value !== 'object') return `a ${typeof value}`;
	return detailed ? describeObject(value as Record<string, unknown>) : 'an object';
}

/**
 * A 2xx answer whose JSON is not what the operation expects (empty, 204, null, a number, a list,
 * a page where an entity belongs, an object that is no entity), described by its shape.
 */
export function unexpectedAnswerFailure(
	status: number,
	value: unknown,
	empty: boolean,
	expected: string,
): TransportFailure {
	return {
		kind: 'described',
		summary: empty
			? `SuperOffice answered HTTP ${status} with no ${expected}`
			: `SuperOffice answered HTTP ${status} with ${describeJson(value)} instead of a ${expected}`,
		description:
			'The request reached the server, but the answer is not what SuperOffice sends. A proxy or gateway may have answered instead; check the Base URL. The change (if any) may have been made.',
		httpCode: String(status),
	};
}

/** Node refused a header value (ERR_INVALID_CHAR): name the header, never its value. */
export function invalidHeaderFailure(thrown: NetworkFailure): TransportFailure | undefined {
	if (thrown.code !== 'ERR_INVALID_CHAR' && !/Invalid character in header/i.test(thrown.message))
		return undefined;
	const headerName = /\["']?([A-Za-z0-9-]+)["']?\]/.exec(thrown.message)?.[1];
	return {
		kind: 'described',
		summary: `the ${headerName ? `${headerName} header` : 'request headers'} would hold a character HTTP headers cannot carry, so nothing was sent`,
		description:
			'Header values allow Latin-1 text only, without line breaks. Check the credential (token, ticket, app token) and the Language, Culture and Time Zone options for pasted or non-Latin characters.',
	};
}
