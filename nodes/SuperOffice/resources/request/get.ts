import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getRequest } from '../../../shared/superoffice/requests';
import type { ItemContext } from '../../execution/operation';
import { requestIdOf } from './requestId';

/** Acts on a request, not a session. */
export const usesChatSessionId = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		placeholder: 'e.g. 12',
		description: 'ID of the request (TicketId), e.g. the requestId a Hand Over returned',
		displayOptions: { show: { resource: ['request'], operation: ['get'] } },
	},
];

/** The TicketEntity as SuperOffice returns it; a failure names the request. */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject> {
	const requestId = requestIdOf(this, item.itemIndex);
	try {
		return await getRequest(item.request, requestId);
	} catch (error) {
		throw withRequest(error, requestId);
	}
}

/** The failure names its request, so a Continue On Fail item carries requestId. */
function withRequest(error: unknown, requestId: number): unknown {
	const context = (error as { context?: IDataObject } | null)?.context;
	if (context && typeof context === 'object' && context.requestId === undefined)
		context.requestId = requestId;
	return error;
}
