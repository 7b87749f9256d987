import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { API_CREDENTIAL_TYPE, SuperOfficeClient } from '../transport/client';
import type { CredentialType } from '../transport/client';
import type { ResultPage } from '../transport/resultPage';

/** Users (associates) for pick lists, from the User archive: "Full Name (username)". */
export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const credentialType = this.getNodeParameter(
		'authentication',
		API_CREDENTIAL_TYPE,
	) as CredentialType;
	const client = await SuperOfficeClient.create(this, credentialType);
	const page = await client.request<ResultPage>({
		method: 'GET',
		path: '/User',
		qs: { $select: 'associateDbId,userName,fullName', $orderBy: 'fullName', $top: 500 },
		subject: { action: 'list users' },
		answer: 'page',
	});
	return page.rows
		.filter((row) => typeof row.userName === 'string' && row.userName !== '')
		.map((row) => ({
			name: `${String(row.fullName ?? row.userName)} (${String(row.userName)})`,
			value: String(row.userName),
			description: `Associate ID ${String(row.associateDbId ?? row.PrimaryKey ?? '')}`,
		}));
}
