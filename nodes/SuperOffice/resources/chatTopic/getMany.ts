import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/input/invalidInput';
import { chatTopicsForCurrentUser } from '../../../shared/superoffice/chatTopics';
import type { ItemContext } from '../../execution/operation';

const show = { resource: ['chatTopic'], operation: ['getMany'] };

/** Lists topics: no session, no topic field. */
export const usesChatSessionId = false;

export const description: INodeProperties[] = [
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

/**
 * The topics the credential's user may respond to, listen to, manage or be notified about
 * (ChatTopic/ForCurrentUser: SuperOffice has no list of all topics), one item each, as returned.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', item.itemIndex, false) as boolean;
	const limit = returnAll
		? Number.MAX_SAFE_INTEGER
		: (this.getNodeParameter('limit', item.itemIndex, 50) as number);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(
			`Limit of item ${item.itemIndex} must be a whole number of at least 1, got ${JSON.stringify(limit)}`,
		);
	}
	return (await chatTopicsForCurrentUser(item.request)).slice(0, limit);
}
