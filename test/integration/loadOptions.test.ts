/**
 * The Transfer To user pick list (`methods.loadOptions.getUsers`) as the editor loads it, with
 * either credential: n8n-core's LoadOptionsContext, real request helpers, the sandbox.
 */
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runLoadOptions } from '../harness';
import { SANDBOX_DEFAULTS as D } from '../sandbox';
import { OAUTH_TYPE, oauthCredentialFor } from './oauthSupport';
import { useSandbox } from '../support/sandboxLifecycle';
import { NODE_TYPE, sandboxCredential } from './support';

const sandbox = useSandbox((sb) => sb.oauth.expireAccessTokens());

async function loadUsers(credentialType: string, data: ICredentialDataDecryptedObject) {
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
	return await runLoadOptions({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi(), new SuperOfficeOAuth2Api()],
		credentials: { [credentialType]: { id: 'c1', name: 'SuperOffice', data } },
		node,
		method: 'getUsers',
	});
}

const userCalls = () => sandbox.requestsFor('GET', /\/api\/v1\/User$/);

describe('Transfer To user pick list (getUsers)', () => {
	it('with the SuperOffice API credential: "Full Name (username)" from GET /User, sorted by name', async () => {
		const { result } = await loadUsers(
			'superOfficeApi',
			sandboxCredential(sandbox.webClientUrl, 'basic'),
		);
		expect(result.length).toBeGreaterThan(1);
		expect(result).toContainEqual(
			expect.objectContaining({ name: 'Anna Agent (anna.agent)', value: 'anna.agent' }),
		);
		const [call] = userCalls();
		expect(call.query).toMatchObject({
			$select: 'associateDbId,userName,fullName',
			$orderBy: 'fullName',
			$top: '500',
		});
		expect(call.headers.authorization).toMatch(/^Basic /);
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
