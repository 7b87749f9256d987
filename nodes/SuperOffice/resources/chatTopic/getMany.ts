import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { chatTopicsForCurrentUser } from '../../../shared/superoffice/chatTopics';
import type { ItemContext } from '../../execution/operation';
import { resultLimitOf, returnAllProperties } from '../../execution/returnAll';

const show = { resource: ['chatTopic'], operation: ['getMany'] };

/** Lists topics: no session, no topic field. */
export const usesChatSessionId = false;

export const description: INodeProperties[] = [...returnAllProperties(show)];

/**
 * The topics the credential's user may respond to, listen to, manage or be notified about
 * (ChatTopic/ForCurrentUser: SuperOffice has no list of all topics), one item each, as returned.
 */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject[]> {
	const limit = resultLimitOf(this, item.itemIndex);
	return (await chatTopicsForCurrentUser(item.request)).slice(0, limit);
}
