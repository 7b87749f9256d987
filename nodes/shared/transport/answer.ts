/**
 * What a success must hold. An empty body, 204, null, a text, a number or a list where an
 * object belongs fails the request: it would otherwise become no item, a primitive item or
 * several items for one input. So does an object that is not the entity asked for (a page of
 * sessions where one session belongs: no `ChatSessionId`) and a page whose `value` is no list
 * (it would read as "no results").
 */
import type { IN8nHttpFullResponse } from 'n8n-workflow';

import type { RequestFailure } from '../errors/errors';
import { parseJsonBody, unexpectedAnswerFailure } from './httpFailure';
import type { SuperOfficeRequest } from './request';
import { isJsonObject, toResultPage } from './resultPage';
import { withoutSessionKey } from './sessionKey';

/**
 * The JSON of a success, in the shape the request expects: an object, a list whose entries
 * that are not objects are dropped, or a page (ResultPage: its object rows and how many rows
 * were sent). `fail` turns what is wrong into the request's error.
 *
 * SessionKey is removed here (at any depth), not in the chat-session API: every answer passes
 * this one door, so no call added later (a request embedding its session, a list) can let the
 * key out. The keys removed go to `seen`, to be scrubbed from the execution's later errors.
 */
export function readAnswer(
	response: IN8nHttpFullResponse & { body: string },
	request: SuperOfficeRequest,
	fail: (failure: RequestFailure) => Error,
	seen?: (sessionKey: string) => void,
): unknown {
	const shape = request.answer ?? 'object';
	if (shape === 'none') return undefined;
	const expected =
		request.answerName ??
		(shape === 'object'
			? request.subject.chatSessionId !== undefined
				? 'chat session'
				: 'JSON object'
			: shape === 'page'
				? 'page of results'
				: shape === 'boolean'
					? 'true or false'
					: 'list');
	const unexpected = (value: unknown, empty: boolean) =>
		fail(unexpectedAnswerFailure(response.statusCode, value, empty, expected));
	if (response.body.trim() === '') throw unexpected(undefined, true);
	const parsed = parseJsonBody(response);
	if ('failure' in parsed) throw fail(parsed.failure);
	const value = parsed.value;
	if (shape === 'boolean') {
		if (typeof value !== 'boolean') throw unexpected(value, false);
		return value;
	}
	if (shape === 'list') {
		if (!Array.isArray(value)) throw unexpected(value, false);
		return value.filter(isJsonObject).map((row) => withoutSessionKey(row, seen));
	}
	if (!isJsonObject(value)) throw unexpected(value, false);
	if (shape === 'page') {
		if (!Array.isArray(value.value)) throw unexpected(value, false);
		return toResultPage(value, seen);
	}
	const key = request.answerKey?.toLowerCase();
	if (key !== undefined && !Object.keys(value).some((name) => name.toLowerCase() === key))
		throw unexpected(value, false);
	return withoutSessionKey(value, seen);
}
