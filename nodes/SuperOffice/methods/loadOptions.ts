import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listUsers } from '../../shared/superoffice/users';
import { SuperOfficeClient } from '../../shared/client';

/** Users (associates) for pick lists, from the User archive: "Full Name (username)". */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const client = await SuperOfficeClient.forNode(this);
	const { users } = await listUsers(async (request) => await client.request(request), {
		top: 500,
	});
	return users.map((user) => ({
		name: `${user.fullName} (${user.userName})`,
		value: user.userName,
		description: `Associate ID ${user.associateId}`,
	}));
}
