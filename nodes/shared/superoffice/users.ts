/**
 * SuperOffice users (associates) from the User archive, a page at a time: what a pick list of
 * users needs. Only rows with a user name are users one can hand a chat to.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';
import type { ResultPage } from '../transport/resultPage';

/** One user as a pick list shows it. */
export interface UserChoice {
	userName: string;
	fullName: string;
	associateId: string;
}

export interface UserPage {
	users: UserChoice[];
	/** Where the next page starts ($skip), or undefined when this was the last one. */
	nextSkip?: number;
}

/** Text as an OData string literal: quotes doubled. */
function odataText(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

function userOf(row: IDataObject): UserChoice | undefined {
	if (typeof row.userName !== 'string' || row.userName === '') return undefined;
	return {
		userName: row.userName,
		fullName: String(row.fullName ?? row.userName),
		associateId: String(row.associateDbId ?? row.PrimaryKey ?? ''),
	};
}

/**
 * GET /User: users ordered by full name, `top` from `skip`, whose full name or user name
 * contains `search` (any case, as SuperOffice compares text) when one is given.
 */
export async function listUsers(
	send: SendRequest,
	page: { search?: string; skip?: number; top: number },
): Promise<UserPage> {
	const skip = page.skip ?? 0;
	const search = page.search?.trim();
	const qs: IDataObject = {
		$select: 'associateDbId,userName,fullName',
		$orderBy: 'fullName',
		$top: page.top,
		...(skip > 0 ? { $skip: skip } : {}),
	};
	if (search) {
		const text = odataText(search);
		qs.$filter = `fullName contains ${text} or userName contains ${text}`;
	}
	const result = await send<ResultPage>({
		method: 'GET',
		path: '/User',
		qs,
		subject: { action: 'list users' },
		answer: 'page',
	});
	const users = result.rows.map(userOf).filter((user): user is UserChoice => user !== undefined);
	const more = result.nextLink !== undefined || result.rowsSent >= page.top;
	return { users, ...(more && result.rowsSent > 0 ? { nextSkip: skip + result.rowsSent } : {}) };
}
