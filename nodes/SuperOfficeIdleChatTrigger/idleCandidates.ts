/**
 * Reads the active chat sessions a poll looks at, at a cost that does not grow with their
 * number: the archive lists the ids of the active sessions (of the topics, 200 a page), and
 * `GET ChatSession/ForCurrentUser` brings the full entities (with WhenIdle and ChatbotIsActive,
 * which the archive lacks) of every session the user may respond to, listen to or manage, in one
 * request. Only the active sessions that list lacks (topics the user is not a member of) are
 * read one by one, `concurrency` at a time.
 */
import type { IDataObject } from 'n8n-workflow';

import { mapConcurrently } from '../shared/execution/concurrency';
import { searchArchive } from '../shared/superoffice/archive';
import { buildChatSessionFilter } from '../shared/superoffice/archiveFilter';
import { chatSessionsForCurrentUser, getChatSession } from '../shared/superoffice/chatSessions';
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

export interface ActiveSessions {
	/** The full entity of every session this poll saw (listed or read), in id order. */
	sessions: IDataObject[];
	/** Of those, the idle candidates now, in id order. */
	candidates: IDataObject[];
	/** Active sessions the user may not read (403), skipped, in id order. */
	unreadable: number[];
}

function httpCodeOf(error: unknown): string {
	return String((error as { httpCode?: unknown })?.httpCode ?? '');
}

/** A positive whole session id, or undefined. */
function sessionId(value: unknown): number | undefined {
	const id = Number(value);
	return Number.isInteger(id) && id > 0 ? id : undefined;
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
		.map((row) => sessionId(row.PrimaryKey ?? row.chatSessionId))
		.filter((id): id is number => id !== undefined);
	return [...new Set(ids)];
}

/**
 * The active sessions of the poll and its idle candidates. Sessions listed by ForCurrentUser
 * count even when the archive's list missed them (a page that came back short): their entity
 * says whether they are active. A session read that answers 404 (gone) or 403 (not readable for
 * this user) is skipped; any other failed request (already a readable NodeApiError) fails the
 * poll: nothing is emitted half.
 */
export async function readActiveSessions(
	send: SendRequest,
	query: CandidateQuery,
): Promise<ActiveSessions> {
	const ids = await activeSessionIds(send, query.settings);
	const byId = new Map<number, IDataObject>();
	for (const session of await chatSessionsForCurrentUser(send)) {
		const id = sessionId(session.ChatSessionId);
		if (id !== undefined && !byId.has(id)) byId.set(id, session);
	}
	const missing = ids.filter((id) => !byId.has(id));
	const unreadable: number[] = [];
	const read = await mapConcurrently(missing.length, query.concurrency, async (index) => {
		return await getChatSession(send, missing[index]).catch(async (error: unknown) => {
			const code = httpCodeOf(error);
			// Deleted between the search and its read: simply gone.
			if (code === '404') return undefined;
			// A session the user may not read (e.g. a human's chat in a topic without rights) must
			// not keep every other session from being handed on: skipped, and reported.
			if (code === '403') {
				unreadable.push(missing[index]);
				return undefined;
			}
			return await Promise.reject(error);
		});
	});
	read.forEach((session, index) => {
		if (session !== undefined && session !== null && typeof session === 'object')
			byId.set(missing[index], session);
	});
	const sessions = [...byId.entries()].sort(([a], [b]) => a - b).map(([, session]) => session);
	const nowMs = (query.now ?? Date.now)();
	return {
		sessions,
		candidates: sessions.filter((session) =>
			isIdleCandidate(session, query.settings, nowMs, query.timeZone),
		),
		unreadable: unreadable.sort((a, b) => a - b),
	};
}
