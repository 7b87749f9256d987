/**
 * The ChatSession archive: searched page by page (200 rows a page, by chatSessionId), with
 * paging that would not end refused, so a partial list is never taken for all sessions.
 */
import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../input/invalidInput';
import type { ResultPage } from '../transport/resultPage';
import type { SendRequest } from '../transport/request';

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
