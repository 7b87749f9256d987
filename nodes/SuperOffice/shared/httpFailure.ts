/**
 * What n8n's request helpers answer or throw, turned into the failure shapes the retry rules
 * and error messages work with.
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import type { HttpFailure, NetworkFailure, RequestFailure } from './errors';

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
		typeof wrapper.httpCode === 'string' && /^[A-Z][A-Z_]+$/.test(wrapper.httpCode) ? wrapper.httpCode : undefined;
	const original =
		Array.isArray(wrapper.messages) && typeof wrapper.messages[0] === 'string' ? wrapper.messages[0] : undefined;
	return {
		kind: 'network',
		code: typeof root.code === 'string' ? root.code : wrappedCode,
		message: original ?? (typeof root.message === 'string' ? root.message : 'request failed'),
	};
}

/** The text body of an answer as JSON, or why it is not (a proxy's HTML page, a cut-off body). */
export function parseJsonBody(response: IN8nHttpFullResponse): { value: unknown } | { failure: RequestFailure } {
	try {
		return { value: JSON.parse(String(response.body)) as unknown };
	} catch {
		return { failure: { kind: 'invalidJson', status: response.statusCode, contentType: header(response, 'content-type') ?? '' } };
	}
}
