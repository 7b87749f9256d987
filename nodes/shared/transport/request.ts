import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { RequestSubject } from '../errors/errors';
import type { LocaleOptions } from './localeHeaders';
import type { RetryPolicy } from './retry';
import type { AnswerShape } from './httpFailure';

/** One call to the SuperOffice REST API, as the domain layer describes it. */
export interface SuperOfficeRequest {
	method: IHttpRequestMethods;
	/** Path below the API root, starting with "/", with every dynamic part already validated. */
	path: string;
	qs?: IDataObject;
	/** A JSON object, or a list (a JSON Patch document). */
	body?: IDataObject | IDataObject[];
	subject: RequestSubject;
	/**
	 * False for requests that must not be repeated once they may have reached SuperOffice
	 * (adding a message twice shows it twice). Defaults to true.
	 */
	idempotent?: boolean;
	/**
	 * What a success must hold: a JSON object (default), an OData page (returned as a ResultPage),
	 * a list (keeps only objects), or nothing ('none': the body is ignored).
	 * Anything else fails the request.
	 */
	answer?: AnswerShape;
	/** What the answer is, for the error when it is something else: default "chat session" for a session's request. */
	answerName?: string;
	/**
	 * A field every answer of this kind has (`ChatSessionId` of a chat session, any casing): an
	 * object without it is not that answer and fails the request. Only for `answer: 'object'`.
	 */
	answerKey?: string;
	/**
	 * Secrets this request carries besides the credential's (a webhook's Secret): scrubbed from
	 * its error in every form, like the credential's.
	 */
	secrets?: readonly string[];
}

/** How requests of one item are sent: the node's options for that item. */
export interface RequestSettings {
	locale?: LocaleOptions;
	/** Milliseconds before one attempt is given up; undefined leaves n8n's default. */
	timeout?: number;
	retry?: RetryPolicy;
}

/**
 * Sends one request with the caller's settings: what the SuperOffice API functions
 * (../superoffice/) need of their context, whether an item of the action node or a trigger.
 */
export type SendRequest = <T>(request: SuperOfficeRequest) => Promise<T>;

/**
 * Contexts that may talk to SuperOffice: an execution, a pick list in the editor, a poll, a
 * trigger (un)registering its webhook, or a webhook call being handled.
 */
export type RequestContext =
	IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions | IWebhookFunctions;
