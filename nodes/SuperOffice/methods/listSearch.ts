import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { SuperOfficeClient } from '../../shared/client';
export { searchChatTopics } from '../../shared/methods/chatTopics';
import { listUsers } from '../../shared/superoffice/users';

/** Users per page of the searchable list; the editor asks for the next page as one scrolls. */
const USERS_PER_PAGE = 100;

/** Where the next page starts, as the editor hands back the token it was given. */
function skipOf(paginationToken: string | undefined): number {
	const skip = Number(paginationToken);
	return Number.isInteger(skip) && skip > 0 ? skip : 0;
}

/**
 * The Transfer To user list, searchable and paged: "Full Name (username)" from the User
 * archive, whose full name or user name contains what was typed. No list is ever cut short.
 */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await SuperOfficeClient.forNode(this);
	const page = await listUsers(async (request) => await client.request(request), {
		search: filter,
		skip: skipOf(paginationToken),
		top: USERS_PER_PAGE,
	});
	return {
		results: page.users.map((user) => ({
			name: `${user.fullName} (${user.userName})`,
			value: user.userName,
		})),
		...(page.nextSkip === undefined ? {} : { paginationToken: String(page.nextSkip) }),
	};
}
