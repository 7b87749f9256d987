/**
 * Reads the sessions that are idle candidates now: the archive lists the active sessions (of
 * the topics), then each is read in full, `concurrency` at a time, because only the full
 * entity has WhenIdle and ChatbotIsActive.
 */
import type { IDataObject } from 'n8n-workflow';

import { mapConcurrently } from '../shared/execution/concurrency';
import { searchArchive } from '../shared/superoffice/archive';
import { buildChatSessionFilter } from '../shared/superoffice/archiveFilter';
import { getChatSession } from '../shared/superoffice/chatSessions';
import type { SendRequest } from '../shared/transport/request';
import { isIdleCandidate } from './idleSessions';
import type { IdleSettings } from './idleSessions';

export interface CandidateQuery {
	settings: IdleSettings;
	concurrency: number;
	/** The workflow's time zone, for dates SuperOffice sends without an offset. */
	timeZone?: string;
	now?: () => number;
}

/** A session deleted between the search and its read answers 404: it is simply gone. */
function isNotFound(error: unknown): boolean {
	return String((error as { httpCode?: unknown })?.httpCode ?? '') === '404';
}

/** The ids the archive lists as active (Customer Last or User Last) in the topics, in id order. */
async function activeSessionIds(send: SendRequest, settings: IdleSettings): Promise<number[]> {
	const filter = buildChatSessionFilter({ status: ['active'], topicIds: settings.topicIds });
	const rows = await searchArchive(
		send,
		{ columns: ['chatSessionId'], filter },
		Number.MAX_SAFE_INTEGER,
	);
	const ids = rows
		.map((row) => Number(row.PrimaryKey ?? row.chatSessionId))
		.filter((id) => Number.isInteger(id) && id > 0);
	return [...new Set(ids)];
}

/** The full ChatSessionEntity of every session that is an idle candidate now, in id order. */
export async function readIdleCandidates(
	send: SendRequest,
	query: CandidateQuery,
): Promise<IDataObject[]> {
	const ids = await activeSessionIds(send, query.settings);
	const sessions = await mapConcurrently(ids.length, query.concurrency, async (index) => {
		const chatSessionId = ids[index];
		const read = getChatSession(send, chatSessionId);
		// Any other failure (already a readable NodeApiError) fails the poll: nothing is emitted half.
		return await read.catch(async (error: unknown) =>
			isNotFound(error) ? undefined : await Promise.reject(error),
		);
	});
	const nowMs = (query.now ?? Date.now)();
	return sessions.filter(
		(session): session is IDataObject =>
			session !== undefined &&
			session !== null &&
			typeof session === 'object' &&
			isIdleCandidate(session, query.settings, nowMs, query.timeZone),
	);
}
