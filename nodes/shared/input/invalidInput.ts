/**
 * The one error type for bad input (a node field, a credential value, an option): thrown before
 * any request is sent. The item runner turns it into a NodeOperationError with the item's
 * context; credential tests and triggers show its message and hint. A leaf: it imports nothing,
 * so every layer may throw it.
 */
export class InvalidInputError extends Error {
	/** Facts for the Continue On Fail item, e.g. the chat session id as given. */
	readonly context: Record<string, unknown> = {};

	constructor(
		message: string,
		readonly hint?: string,
		context: Record<string, unknown> = {},
	) {
		super(message);
		this.name = 'InvalidInputError';
		Object.assign(this.context, context);
	}
}
