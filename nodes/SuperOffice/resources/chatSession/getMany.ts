import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mapConcurrently } from '../../../shared/execution/concurrency';
import { readConcurrency } from '../../../shared/execution/nodeOptions';
import { locatedValue, parsePositiveInt32 } from '../../../shared/input/values';
import {
	ARCHIVE_COLUMNS,
	searchArchive,
	simplifyArchiveRow,
} from '../../../shared/superoffice/archive';
import { buildChatSessionFilter } from '../../../shared/superoffice/archiveFilter';
import type { ChatSessionFilters } from '../../../shared/superoffice/archiveFilter';
import {
	chatSessionsForCurrentUser,
	getChatSession,
} from '../../../shared/superoffice/chatSessions';
import { STATUS_OPTIONS } from '../../../shared/superoffice/statuses';
import type { ItemContext } from '../../execution/operation';
import { resultLimitOf, returnAllProperties } from '../../execution/returnAll';
import { chatTopicLocator } from '../chatTopic/chatTopicId';

const show = { resource: ['chatSession'], operation: ['getMany'] };

/** Finds sessions: no Chat Session ID field. */
export const usesChatSessionId = false;

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'archive',
		options: [
			{
				name: 'Search All Sessions',
				value: 'archive',
				description: 'The ChatSession archive, with the filters below',
			},
			{
				name: 'Sessions of the Current User',
				value: 'forCurrentUser',
				description:
					'Sessions the signed-in user may answer, listen to or manage (full chat sessions; filters do not apply)',
			},
		],
		displayOptions: { show },
	},
	...returnAllProperties(show),
	{
		displayName: 'Return Full Chat Sessions',
		name: 'fullEntities',
		type: 'boolean',
		default: false,
		description:
			'Whether to read each found session in full (one extra request per session, as many at once as the Concurrency option allows). Needed for WhenIdle and ChatbotIsActive, which the search does not return.',
		displayOptions: { show: { ...show, source: ['archive'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...show, source: ['archive'] } },
		options: [
			{
				displayName: 'Advanced Filter (OData)',
				name: 'rawFilter',
				type: 'string',
				default: '',
				placeholder: "e.g. contains(firstMessage, 'invoice')",
				description:
					'Raw OData $filter over the ChatSession archive columns, combined with the other filters by "and" inside its own parentheses. Parentheses outside quoted text must balance.',
			},
			{
				displayName: 'Requested After',
				name: 'requestedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only sessions the customer requested after this moment',
			},
			{
				displayName: 'Requested Before',
				name: 'requestedBefore',
				type: 'dateTime',
				default: '',
				description: 'Only sessions the customer requested before this moment',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: STATUS_OPTIONS,
				description:
					'Only sessions in one of these states. "Active" means Customer Last or User Last.',
			},
			chatTopicLocator({
				displayName: 'Topic',
				name: 'topicId',
				description:
					'Only sessions of this chat topic (channel): pick it from the list or give its ID; empty means all topics',
			}),
			{
				displayName: 'Updated After',
				name: 'updatedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only sessions changed after this moment',
			},
			{
				displayName: 'Updated Before',
				name: 'updatedBefore',
				type: 'dateTime',
				default: '',
				description: 'Only sessions changed before this moment',
			},
		],
	},
];

/** The ids of the rows to read in full, all checked like any id before the first request. */
function fullEntityIds(ctx: IExecuteFunctions, item: ItemContext, rows: IDataObject[]): number[] {
	return rows.map((row, index) => {
		try {
			return parsePositiveInt32(
				row.chatSessionId,
				`Search result ${index + 1} has no valid chat session ID: it`,
			);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				itemIndex: item.itemIndex,
				description:
					'SuperOffice returned a search row without a usable primary key, so that session cannot be read in full. Turn off Return Full Chat Sessions to see the rows as found.',
			});
		}
	});
}

/** Lists chat sessions: one output item per session, all paired with this input item. */
export async function execute(this: IExecuteFunctions, item: ItemContext): Promise<IDataObject[]> {
	const limit = resultLimitOf(this, item.itemIndex);
	const source = this.getNodeParameter('source', item.itemIndex, 'archive') as string;

	if (source === 'forCurrentUser') {
		return (await chatSessionsForCurrentUser(item.request)).slice(0, limit);
	}

	const raw = this.getNodeParameter('filters', item.itemIndex, {}) as ChatSessionFilters;
	// The topic as the list or By ID stores it ({ __rl, value }), or a number an older workflow saved.
	const topicId = locatedValue(raw.topicId) as ChatSessionFilters['topicId'];
	const filters = { ...raw, topicId: topicId === null ? undefined : topicId };
	const filter = buildChatSessionFilter(filters, this.getTimezone());
	const rows = (await searchArchive(item.request, { columns: ARCHIVE_COLUMNS, filter }, limit)).map(
		simplifyArchiveRow,
	);
	if (!(this.getNodeParameter('fullEntities', item.itemIndex, false) as boolean)) return rows;

	// One GET per session, order kept. The execution's one limiter counts these requests with
	// every other item's, so Concurrency bounds the requests in flight, not the items.
	const ids = fullEntityIds(this, item, rows);
	return await mapConcurrently(
		ids.length,
		readConcurrency(this),
		async (index) => await getChatSession(item.request, ids[index]),
	);
}
