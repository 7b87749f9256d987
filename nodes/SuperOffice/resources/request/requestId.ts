import type { IExecuteFunctions } from 'n8n-workflow';

import { parsePositiveInt32, valueForContext } from '../../../shared/input/values';

/** Reads and validates an item's Request ID (a TicketId) before any request is built. */
export function requestIdOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'requestId',
	label = 'Request ID',
): number {
	const raw = ctx.getNodeParameter(name, itemIndex) as unknown;
	return parsePositiveInt32(raw, `${label} of item ${itemIndex}`, {
		requestId: valueForContext(raw),
	});
}
