import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapConcurrently } from '../../shared/execution/concurrency';
import { InvalidInputError } from '../../shared/input/invalidInput';
import { valueForContext } from '../../shared/input/values';

/** What one input item turns into: one result object, or several (list operations). */
export type ItemResult = IDataObject | IDataObject[];

export interface RunItemsOptions {
	/**
	 * Requests at once; 1 runs the items one after another. A function is called once, inside the
	 * runner: if it throws (an invalid option), every item fails with that error.
	 */
	concurrency: number | (() => number);
}

interface NodeErrorLike {
	message: string;
	description?: string | null;
	context?: IDataObject;
	httpCode?: string | null;
}

function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeErrorLike & Error {
	if (error instanceof InvalidInputError) {
		const nodeError = new NodeOperationError(ctx.getNode(), error.message, {
			description: error.hint,
			itemIndex,
		});
		// Facts about the bad value, never the value itself when it is an object or list.
		for (const [key, value] of Object.entries(error.context))
			nodeError.context[key] = valueForContext(value);
		return nodeError;
	}
	const nodeError = error as NodeErrorLike & Error;
	if (
		nodeError &&
		typeof nodeError === 'object' &&
		nodeError.context &&
		nodeError.context.itemIndex === undefined
	) {
		nodeError.context.itemIndex = itemIndex;
	}
	return nodeError;
}

/** The output item that stands for a failed input item under Continue On Fail. */
function errorItem(error: NodeErrorLike, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const chatSessionId = valueForContext(error.context?.chatSessionId);
	if (chatSessionId !== undefined) json.chatSessionId = chatSessionId;
	const chatTopicId = valueForContext(error.context?.chatTopicId);
	if (chatTopicId !== undefined) json.chatTopicId = chatTopicId;
	const requestId = valueForContext(error.context?.requestId);
	if (requestId !== undefined) json.requestId = requestId;
	if (error.httpCode) json.httpCode = error.httpCode;
	if (error.description) json.description = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

function toOutputItems(result: ItemResult, itemIndex: number): INodeExecutionData[] {
	const objects = Array.isArray(result) ? result : [result];
	return objects.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * Runs `processItem` for every input item, at most `concurrency` at once, and returns the
 * output in input order with `pairedItem` on every item. This runner, not the operations,
 * owns Continue On Fail: a failed item becomes `{ error, chatSessionId | chatTopicId }` and the rest go on;
 * without it the first failure (in input order) stops the node once in-flight work settles.
 * All state lives in this call, never on the node instance (n8n shares it across executions).
 */
export async function runItems(
	ctx: IExecuteFunctions,
	itemCount: number,
	processItem: (itemIndex: number) => Promise<ItemResult>,
	options: RunItemsOptions,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	let concurrency: number;
	try {
		concurrency =
			typeof options.concurrency === 'function' ? options.concurrency() : options.concurrency;
	} catch (thrown) {
		// A run-wide setting is invalid: every item fails with it. Thrown from the node under
		// Continue On Fail, n8n would pass the input items through as if they had succeeded.
		if (!continueOnFail) throw toNodeError(ctx, thrown, 0);
		return Array.from({ length: itemCount }, (_unused, itemIndex) =>
			errorItem(toNodeError(ctx, thrown, itemIndex), itemIndex),
		);
	}
	const results = await mapConcurrently(itemCount, concurrency, async (itemIndex) => {
		try {
			return toOutputItems(await processItem(itemIndex), itemIndex);
		} catch (thrown) {
			const error = toNodeError(ctx, thrown, itemIndex);
			if (continueOnFail) return [errorItem(error, itemIndex)];
			throw error;
		}
	});
	return results.flat();
}
