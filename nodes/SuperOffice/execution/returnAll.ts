import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../shared/input/invalidInput';

/** n8n's usual Return All / Limit pair for a "Get Many" operation shown under `show`. */
export function returnAllProperties(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** How many results an item asks for: all (as a safe integer), or its checked Limit. */
export function resultLimitOf(ctx: IExecuteFunctions, itemIndex: number): number {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return Number.MAX_SAFE_INTEGER;
	const limit = ctx.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(
			`Limit of item ${itemIndex} must be a whole number of at least 1, got ${JSON.stringify(limit)}`,
		);
	}
	return limit;
}
