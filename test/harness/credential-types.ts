import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { UnrecognizedCredentialTypeError } from 'n8n-core';

/**
 * The generic `oAuth2Api` parent credential type (lives in n8n-nodes-base, which is not a
 * dependency here). Credential types that `extends: ['oAuth2Api']` need it so that
 * `getParentTypes()` reports the OAuth2 parent (that is what routes
 * `httpRequestWithAuthentication` into n8n-core's real `requestOAuth2`) and so that the
 * parent's property defaults are merged like n8n's CLI does.
 *
 * Only the properties that matter at request time are declared (grant type, token URL,
 * client id/secret, scope, authentication placement, SSL flag).
 */
export class HarnessOAuth2ApiCredential implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	genericAuth = true;

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{ name: 'Authorization Code', value: 'authorizationCode' },
				{ name: 'Client Credentials', value: 'clientCredentials' },
				{ name: 'PKCE', value: 'pkce' },
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: '',
			required: true,
		},
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', required: true },
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'string',
			displayOptions: { show: { grantType: ['authorizationCode', 'pkce'] } },
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Header', value: 'header' },
			],
			default: 'header',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			doNotInherit: true,
		},
	];
}

/**
 * Registry of credential types, the harness' stand-in for the CLI's `CredentialTypes`
 * (which is backed by `LoadNodesAndCredentials`). Built-in: `oAuth2Api` (overridable).
 */
export class HarnessCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(credentialTypes: ICredentialType[] = [], { builtins = true } = {}) {
		if (builtins) this.add(new HarnessOAuth2ApiCredential());
		for (const type of credentialTypes) this.add(type);
	}

	add(type: ICredentialType): this {
		this.types.set(type.name, type);
		return this;
	}

	recognizes(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnrecognizedCredentialTypeError(name);
		return type;
	}

	/** All ancestors, nearest first, walking `extends` recursively (like the CLI). */
	getParentTypes(name: string): string[] {
		const direct = this.types.get(name)?.extends ?? [];
		const all = [...direct];
		for (const parent of direct) all.push(...this.getParentTypes(parent));
		return all;
	}

	/**
	 * Properties of a credential type including inherited ones, merged like the CLI:
	 * parents first, then the type's own properties overwrite by name (and, as in n8n,
	 * `doNotInherit` properties are skipped when merging). `oAuth2Api`/`oAuth1Api` get the
	 * `oauthTokenData` json property, exactly as the CLI does.
	 */
	getCredentialsProperties(name: string): INodeProperties[] {
		const type = this.getByName(name);
		if (type.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(name)) {
				return [
					...type.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return type.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}
}
