import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parsePositiveInt32, valueForContext } from '../../../shared/input/values';

/** The Chat Session ID field, shown for every operation that works on one session. */
export function chatSessionIdField(operations: string[]): INodeProperties {
	return {
		displayName: 'Chat Session ID',
		name: 'chatSessionId',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		placeholder: 'e.g. 464',
		description:
			"ID of the chat session (ChatSessionId), a whole number from 1 to 2147483647. Usually mapped from the ChatSessionId of a previous node's item.",
		hint: 'Drag ChatSessionId in from the input, or write {{ $json.ChatSessionId }}',
		displayOptions: { show: { resource: ['chatSession'], operation: operations } },
	};
}

/** Reads and validates the item's chat session id before any request is built. */
export function chatSessionIdOf(ctx: IExecuteFunctions, itemIndex: number): number {
	const raw = ctx.getNodeParameter('chatSessionId', itemIndex) as unknown;
	// What was given travels with the error, so a Continue On Fail item shows it; an object
	// (a whole item mapped by mistake) only as a description, never its contents.
	return parsePositiveInt32(raw, `Chat Session ID of item ${itemIndex}`, {
		chatSessionId: valueForContext(raw),
	});
}
