import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { mapConcurrently } from '../../shared/execution/items';
import { readConcurrency } from '../../shared/execution/nodeOptions';
import type { ItemContext } from '../../shared/execution/operation';
import type { SuperOfficeRequest } from '../../shared/transport/client';
import type { ResultPage } from '../../shared/transport/resultPage';
import { InvalidInputError, parsePositiveInt32 } from '../../shared/execution/validate';
import { buildChatSessionFilter, STATUS_OPTIONS } from './archiveFilter';
import type { ChatSessionFilters } from './archiveFilter';
import { chatSessionPath } from './chatSessionId';

const show = { resource: ['chatSession'], operation: ['getMany'] };

/** Archive columns requested; the archive has no WhenIdle / ChatbotIsActive (see Full Entities). */
export const ARCHIVE_COLUMNS = [
	'chatSessionId',
	'status',
	'firstMessage',
	'lastMessage',
	'whenRequested',
	'whenStarted',
	'whenEnded',
	'agent',
	'chatTopic/chatTopicId',
	'chatTopic/name',
	'contactId',
	'personId',
	'updatedDate',
];

const PAGE_SIZE = 200;
/** Bounds Return All: 5,000 pages of 200 rows is a million sessions; more is an error. */
const MAX_PAGES = 5000;

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
			{
				displayName: 'Topic ID',
				name: 'topicId',
				type: 'number',
				default: 0,
				description: 'Only sessions of this chat topic (channel); 0 means all topics',
			},
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

/** Archive column paths that read better under a flat name. */
const FLAT_NAMES: Record<string, string> = {
	'chatTopic/chatTopicId': 'chatTopicId',
	'chatTopic/name': 'chatTopicName',
};

/** An archive row with simple keys: PrimaryKey as chatSessionId, "chatTopic/name" as chatTopicName. */
export function simplifyArchiveRow(row: IDataObject): IDataObject {
	const simple: IDataObject = { chatSessionId: row.PrimaryKey ?? row.chatSessionId };
	for (const [key, value] of Object.entries(row)) {
		if (
			key === 'PrimaryKey' ||
			key === 'EntityName' ||
			key === 'chatSessionId' ||
			key.startsWith('_')
		)
			continue;
		simple[
			FLAT_NAMES[key] ?? key.replace(/\/(\w)/g, (_match, letter: string) => letter.toUpperCase())
		] = value;
	}
	return simple;
}

/** The archive row's primary key; a row without one is known by its content. */
function rowKey(row: IDataObject): string {
	const key = row.PrimaryKey ?? row.chatSessionId;
	return key === undefined || key === null ? `row:${JSON.stringify(row)}` : `key:${String(key)}`;
}

const BROKEN_PAGING_ADVICE =
	'A proxy or gateway between n8n and SuperOffice may drop or cache the paging parameters ($skip). ' +
	`Narrow the filters, or turn off Return All and set a Limit of at most ${PAGE_SIZE} (one page).`;

/**
 * Paging that would not end (a server that ignores $skip or repeats its odata.nextLink):
 * the whole search fails, so a partial list is never taken for all sessions.
 */
function pagingError(
	problem: string,
	distinct: number,
	advice = BROKEN_PAGING_ADVICE,
): InvalidInputError {
	return new InvalidInputError(
		`The chat session search stopped: ${problem}`,
		`${distinct} distinct sessions were read before; none are output, as the list would be incomplete. ${advice}`,
	);
}

/** Sends one request (with the caller's settings): what the archive search needs of its context. */
export type SendRequest = <T>(request: SuperOfficeRequest) => Promise<T>;

/**
 * Pages through the ChatSession archive by chatSessionId, 200 rows a page, up to `limit`
 * distinct rows of the given columns, as SuperOffice sent them. Paging that would not end
 * (a server that ignores $skip or repeats its odata.nextLink) fails the whole search.
 */
export async function searchArchive(
	request: SendRequest,
	query: { columns: string[]; filter?: string },
	limit: number,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	const nextLinks = new Set<string>();
	// Rows the server has handed out, duplicates included: where the next page starts.
	let skip = 0;

	for (let page = 1; rows.length < limit; page++) {
		if (page > MAX_PAGES) {
			throw pagingError(
				`SuperOffice still had more after ${MAX_PAGES} pages`,
				rows.length,
				'Narrow the filters (status, topic, dates) so fewer sessions match.',
			);
		}
		const top = Math.min(PAGE_SIZE, limit - rows.length);
		const qs: IDataObject = {
			$select: query.columns.join(','),
			$orderBy: 'chatSessionId',
			$top: top,
			$skip: skip,
		};
		if (query.filter) qs.$filter = query.filter;
		const result = await request<ResultPage>({
			method: 'GET',
			path: '/ChatSession',
			qs,
			subject: { action: 'search chat sessions' },
			answer: 'page',
		});
		const { nextLink } = result;
		skip += result.rowsSent;

		if (nextLink !== undefined) {
			if (nextLinks.has(nextLink)) {
				throw pagingError(
					`page ${page} has the same odata.nextLink as an earlier page, so paging would never end`,
					rows.length,
				);
			}
			nextLinks.add(nextLink);
		}
		let added = 0;
		for (const row of result.rows) {
			const key = rowKey(row);
			if (seen.has(key)) continue;
			seen.add(key);
			rows.push(row);
			added++;
		}
		// The archive pages by $skip. A server may cap a page below $top: only an empty page,
		// or a short one without odata.nextLink, means the end.
		if (result.rowsSent === 0 || (result.rowsSent < top && nextLink === undefined)) break;
		if (added === 0) {
			throw pagingError(
				`page ${page} only repeats sessions of earlier pages (the server seems to ignore $skip)`,
				rows.length,
			);
		}
	}
	return rows.slice(0, limit);
}

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

async function fullEntity(item: ItemContext, chatSessionId: number): Promise<IDataObject> {
	return await item.request<IDataObject>({
		method: 'GET',
		path: chatSessionPath(chatSessionId),
		subject: { action: `get chat session ${chatSessionId}`, chatSessionId },
	});
}

/** Lists chat sessions: one output item per session, all paired with this input item. */
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
	const source = this.getNodeParameter('source', item.itemIndex, 'archive') as string;

	if (source === 'forCurrentUser') {
		const sessions = await item.request<IDataObject[]>({
			method: 'GET',
			path: '/ChatSession/ForCurrentUser',
			subject: { action: 'list the chat sessions of the current user' },
			answer: 'list',
		});
		return (Array.isArray(sessions) ? sessions : []).slice(0, limit);
	}

	const filters = this.getNodeParameter('filters', item.itemIndex, {}) as ChatSessionFilters;
	const filter = buildChatSessionFilter(filters, this.getTimezone());
	const rows = (await searchArchive(item.request, { columns: ARCHIVE_COLUMNS, filter }, limit)).map(
		simplifyArchiveRow,
	);
	if (!(this.getNodeParameter('fullEntities', item.itemIndex, false) as boolean)) return rows;

	// One GET per session, as many at once as the Concurrency option allows; order is kept.
	const ids = fullEntityIds(this, item, rows);
	return await mapConcurrently(
		ids.length,
		readConcurrency(this),
		async (index) => await fullEntity(item, ids[index]),
	);
}
