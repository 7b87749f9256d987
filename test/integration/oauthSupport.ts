/**
 * The node with `authentication: 'superOfficeOAuth2Api'` in the harness: the credential as
 * n8n stores it after "Connect my account", a one-node run, and what n8n kept of the tokens.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeOAuth2Api } from '../../credentials/SuperOfficeOAuth2Api.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { SANDBOX_DEFAULTS as D } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { NODE_TYPE } from './support';

export const OAUTH_TYPE = 'superOfficeOAuth2Api';
export const OAUTH_CREDENTIAL_ID = 'oauth-1';

export interface Tokens {
	access_token: string;
	refresh_token?: string;
}

/** The credential as n8n stores it after "Connect my account", against `sandbox`. */
export function oauthCredentialFor(
	sandbox: Sandbox,
	tokens: Tokens,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		baseUrl: sandbox.webClientUrl,
		environment: 'online',
		accessTokenUrl: sandbox.oauth.tokenUrl,
		clientId: D.oauthClientId,
		clientSecret: D.oauthClientSecret,
		appToken: D.appToken,
		grantType: 'authorizationCode',
		authentication: 'body',
		oauthTokenData: {
			access_token: tokens.access_token,
			refresh_token: tokens.refresh_token,
			token_type: 'Bearer',
		},
		...extra,
	};
}

export interface RunOAuthOptions {
	credential: ICredentialDataDecryptedObject;
	parameters?: IDataObject;
	inputItems: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** One SuperOffice node (Chat Session → Reset of `{{ $json.id }}` unless `parameters` say otherwise). */
export async function runOAuth(options: RunOAuthOptions): Promise<RunWorkflowResult> {
	return await runWorkflow({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi(), new SuperOfficeOAuth2Api()],
		credentials: {
			[OAUTH_TYPE]: {
				id: OAUTH_CREDENTIAL_ID,
				name: 'SuperOffice sign-in',
				data: options.credential,
			},
		},
		inputItems: options.inputItems,
		node: {
			type: NODE_TYPE,
			parameters: {
				authentication: OAUTH_TYPE,
				resource: 'chatSession',
				operation: 'reset',
				chatSessionId: '={{ $json.id }}',
				...options.parameters,
			},
			onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		},
	});
}

/** The token data n8n stored for the OAuth2 credential after the run. */
export function storedTokens(result: RunWorkflowResult): Tokens {
	return result.credentialsHelper.getStoredData(OAUTH_TYPE)!.oauthTokenData as unknown as Tokens;
}

/** The token updates n8n saved for the OAuth2 credential during the run. */
export function tokenUpdates(result: RunWorkflowResult) {
	return result.credentialsHelper.credentialUpdates.filter((u) => u.type === OAUTH_TYPE);
}

/** None of these may appear in anything a user or a log sees; nor may any sandbox access token. */
export function expectNoneOf(value: unknown, secrets: Array<string | undefined>): void {
	const text = JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error
			? { ...v, message: v.message, stack: v.stack, cause: (v as { cause?: unknown }).cause }
			: v,
	);
	for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Bearer\s+8A:[A-Za-z0-9+/=]{6,}/);
	expect(text).not.toMatch(/8A:Cust12345\.[A-Za-z0-9+/=]{6,}/);
}
