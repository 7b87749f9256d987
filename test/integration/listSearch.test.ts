/**
 * The Transfer To user list (`methods.listSearch.searchUsers`) as the editor's searchable list
 * loads it, with either credential: n8n-core's LoadOptionsContext, real request helpers, the
 * sandbox. It searches, and pages instead of stopping at some number of users.
 */
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runListSearch } from '../harness';
import { SANDBOX_DEFAULTS as D } from '../sandbox';
import { OAUTH_TYPE, oauthCredentialFor } from './oauthSupport';
import { useSandbox } from '../support/sandboxLifecycle';
import { NODE_TYPE, sandboxCredential } from './support';

const sandbox = useSandbox((sb) => sb.oauth.expireAccessTokens());

async function loadUsers(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	search: { filter?: string; paginationToken?: string } = {},
) {
	const node: INode = {
		id: 'node-1',
		name: 'SuperOffice',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			authentication: credentialType,
			resource: 'chatSession',
			operation: 'transferTo',
		},
		credentials: { [credentialType]: { id: 'c1', name: 'SuperOffice' } },
	};
	const { result, credentialsHelper } = await runListSearch({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi(), new SuperOfficeOAuth2Api()],
		credentials: { [credentialType]: { id: 'c1', name: 'SuperOffice', data } },
		node,
		method: 'searchUsers',
		...search,
	});
	return { result: result.results, paginationToken: result.paginationToken, credentialsHelper };
}

const userCalls = () => sandbox.requestsFor('GET', /\/api\/v1\/User$/);

describe('Transfer To user list (searchUsers)', () => {
	it('with the SuperOffice API credential: "Full Name (username)" from GET /User, sorted by name', async () => {
		const { result, paginationToken } = await loadUsers(
			'superOfficeApi',
			sandboxCredential(sandbox.webClientUrl, 'basic'),
		);
		expect(result.map((user) => user.name)).toEqual(
			[...D.associates]
				.sort((a, b) => a.fullName.localeCompare(b.fullName))
				.map((a) => `${a.fullName} (${a.username})`),
		);
		expect(result).toContainEqual({ name: 'Anna Agent (anna.agent)', value: 'anna.agent' });
		expect(paginationToken).toBeUndefined();
		const [call] = userCalls();
		expect(call.query).toEqual({
			$select: 'associateDbId,userName,fullName',
			$orderBy: 'fullName',
			$top: '100',
		});
		expect(call.headers.authorization).toMatch(/^Basic /);
	});

	it('searches full names and user names as typed (quotes escaped)', async () => {
		const credential = sandboxCredential(sandbox.webClientUrl, 'basic');
		const { result } = await loadUsers('superOfficeApi', credential, { filter: ' BACK ' });
		expect(result).toEqual([{ name: 'Bob Backup (bob.backup)', value: 'bob.backup' }]);
		expect(userCalls()[0].query.$filter).toBe(
			"fullName contains 'BACK' or userName contains 'BACK'",
		);

		const quoted = await loadUsers('superOfficeApi', credential, { filter: "o'brien" });
		expect(quoted.result).toEqual([]);
		expect(userCalls()[1].query.$filter).toBe(
			"fullName contains 'o''brien' or userName contains 'o''brien'",
		);
	});

	it('pages through more users than one page holds: nobody is cut off', async () => {
		const many = Array.from({ length: 230 }, (_unused, i) => {
			const n = String(i).padStart(3, '0');
			return {
				associateId: 1000 + i,
				username: `user${n}`,
				name: `U${n}`,
				fullName: `User ${n}`,
				firstName: 'User',
				lastName: n,
				email: `user${n}@example.com`,
				personId: 2000 + i,
			};
		});
		const state = sandbox.state as unknown as { associates: readonly object[] };
		const before = state.associates;
		state.associates = [...before, ...many];
		try {
			const credential = sandboxCredential(sandbox.webClientUrl, 'basic');
			const seen: string[] = [];
			let token: string | undefined;
			for (let page = 0; page < 10; page++) {
				const { result, paginationToken } = await loadUsers('superOfficeApi', credential, {
					paginationToken: token,
				});
				seen.push(...result.map((user) => String(user.value)));
				token = paginationToken as string | undefined;
				if (token === undefined) break;
			}
			expect(token).toBeUndefined();
			expect(seen).toHaveLength(before.length + many.length);
			expect(new Set(seen).size).toBe(seen.length);
			expect(userCalls().map((call) => call.query.$skip)).toEqual([undefined, '100', '200']);
		} finally {
			state.associates = before;
		}
	});

	it('with the OAuth2 credential and an expired token: one refresh, then the list', async () => {
		const tokens = sandbox.oauth.issueTokens();
		sandbox.oauth.expireAccessTokens();
		const { result, credentialsHelper } = await loadUsers(
			OAUTH_TYPE,
			oauthCredentialFor(sandbox, tokens),
		);
		expect(result).toContainEqual(expect.objectContaining({ value: 'anna.agent' }));
		expect(sandbox.oauth.refreshRequests()).toHaveLength(1);
		expect(userCalls().map((r) => r.status)).toEqual([403, 200]);
		const stored = credentialsHelper.getStoredData(OAUTH_TYPE)!.oauthTokenData as {
			access_token: string;
		};
		expect(userCalls()[1].headers.authorization).toBe(`Bearer ${stored.access_token}`);
		expect(userCalls()[1].headers['so-apptoken']).toBe(D.appToken);
	});

	it('with the OAuth2 credential and only a customer id: looks the host up first', async () => {
		const { result } = await loadUsers(
			OAUTH_TYPE,
			oauthCredentialFor(sandbox, sandbox.oauth.issueTokens(), { baseUrl: D.tenant }),
		);
		expect(result).toContainEqual(expect.objectContaining({ value: 'anna.agent' }));
		const lookups = sandbox.requestsFor('GET', /^\/api\/state\//);
		expect(lookups).toHaveLength(1);
		expect(lookups[0].seq).toBeLessThan(userCalls()[0].seq);
	});
});
