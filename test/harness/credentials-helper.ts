/**
 * Test implementation of n8n's `ICredentialsHelper`, modelled on the CLI's
 * `packages/cli/src/credentials-helper.ts` (minus database, overwrites, external
 * secrets and dynamic credentials):
 *
 *  - credentials are stored ENCRYPTED with n8n-core's real `Credentials`/`Cipher`
 *    (so `getCredentials()` returns a real `Credentials` instance and updates go
 *    through `setData`/`updateData` like in n8n),
 *  - `getDecrypted()` decrypts, applies the credential type's defaults with
 *    `NodeHelpers.getNodeParameters` (undeclared / hidden-by-displayOptions fields are
 *    dropped, just like in n8n), keeps `oauthTokenData`, and resolves `={{ ... }}`
 *    expressions in credential fields,
 *  - `authenticate()` applies a FUNCTION authenticate by calling it, and a GENERIC
 *    authenticate by resolving `={{ $credentials.x }}` with n8n-workflow's expression
 *    engine (`workflow.expression.getSimpleParameterValue(node, value, 'internal',
 *    { $credentials })`) into headers/qs/body/auth,
 *  - `preAuthentication()` follows the CLI's expirable-property logic and persists the
 *    result through `updateCredentials()`,
 *  - `getParentTypes()` walks `extends` for real, so OAuth2 credential types go through
 *    n8n-core's real `requestOAuth2` path.
 *
 * Every call is recorded (`authenticateCalls`, `getDecryptedCalls`, ...) for asserts.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	deepCopy,
	isExpression,
} from 'n8n-workflow';

import { HarnessCredentialTypes } from './credential-types';
import { setupHarnessEnvironment } from './environment';

/** Decrypted credential as a test provides it. Keyed by credential TYPE name. */
export interface HarnessCredential {
	/** Credential id; node.credentials[type].id must match (like n8n's DB lookup). Default `'1'`. */
	id?: string;
	/** Display name. Default: the credential type name. */
	name?: string;
	/** The decrypted data, e.g. `{ apiKey: 'abc' }` or with `oauthTokenData` for OAuth2. */
	data: ICredentialDataDecryptedObject;
}

export type HarnessCredentials = Record<string, HarnessCredential>;

/** Request options as they looked before/after authentication (shallow snapshot). */
export type RequestSnapshot = Record<string, unknown>;

export interface AuthenticateCall {
	typeName: string;
	nodeName?: string;
	/** `'function'`, `'generic'` or `'none'` (credential type without `authenticate`). */
	kind: 'function' | 'generic' | 'none';
	credentials: ICredentialDataDecryptedObject;
	requestBefore: RequestSnapshot;
	requestAfter: RequestSnapshot;
}

export interface GetDecryptedCall {
	type: string;
	nodeCredentials: INodeCredentialsDetails;
	mode: WorkflowExecuteMode;
	raw: boolean;
	nodeName?: string;
}

export interface PreAuthenticationCall {
	typeName: string;
	nodeName: string;
	credentialsExpired: boolean;
	/** What the credential type's preAuthentication returned (undefined if not invoked). */
	output?: ICredentialDataDecryptedObject;
}

export interface CredentialUpdate {
	kind: 'updateCredentials' | 'updateCredentialsOauthTokenData';
	type: string;
	nodeCredentials: INodeCredentialsDetails;
	data: ICredentialDataDecryptedObject;
}

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	/** Encrypted with n8n's Cipher, exactly what n8n keeps in its DB. */
	encrypted: string;
}

const mockNode: INode = {
	id: 'harness-credentials-mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

function encryptedOf(credentials: Credentials): string {
	const { data } = credentials.getDataToSave();
	if (data === undefined) throw new UnexpectedError('Credentials could not be encrypted');
	return data;
}

const SNAPSHOT_OMIT = new Set(['abortSignal', 'agent', 'httpsAgent', 'httpAgent']);

function snapshotRequest(options: object): RequestSnapshot {
	const snap: RequestSnapshot = {};
	for (const [key, value] of Object.entries(options)) {
		if (SNAPSHOT_OMIT.has(key)) continue;
		if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value)) {
			const proto = Object.getPrototypeOf(value);
			snap[key] = proto === Object.prototype || proto === null ? { ...value } : value;
		} else {
			snap[key] = value;
		}
	}
	return snap;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	readonly credentialTypes: HarnessCredentialTypes;

	private readonly store = new Map<string, StoredCredential>();

	readonly authenticateCalls: AuthenticateCall[] = [];

	readonly getDecryptedCalls: GetDecryptedCall[] = [];

	readonly preAuthenticationCalls: PreAuthenticationCall[] = [];

	readonly credentialUpdates: CredentialUpdate[] = [];

	constructor(
		credentialTypes: HarnessCredentialTypes | ICredentialType[] = [],
		credentials: HarnessCredentials = {},
	) {
		super();
		setupHarnessEnvironment(); // Cipher needs InstanceSettings
		this.credentialTypes =
			credentialTypes instanceof HarnessCredentialTypes
				? credentialTypes
				: new HarnessCredentialTypes(credentialTypes);
		for (const [type, credential] of Object.entries(credentials))
			this.setCredential(type, credential);
	}

	/** Store (encrypted) the decrypted data for a credential type. Replaces any previous one. */
	setCredential(type: string, credential: HarnessCredential): void {
		const id = credential.id ?? '1';
		const name = credential.name ?? type;
		const entity = new Credentials({ id, name }, type);
		entity.setData(deepCopy(credential.data));
		this.store.set(type, { id, name, type, encrypted: encryptedOf(entity) });
	}

	/** `{ id, name }` to put into `node.credentials[type]`, or undefined if not configured. */
	getNodeCredentialsDetails(type: string): INodeCredentialsDetails | undefined {
		const stored = this.store.get(type);
		return stored ? { id: stored.id, name: stored.name } : undefined;
	}

	hasCredential(type: string): boolean {
		return this.store.has(type);
	}

	/** The currently stored (decrypted, raw — no defaults applied) data, e.g. after a token refresh. */
	getStoredData(type: string): ICredentialDataDecryptedObject | undefined {
		const stored = this.store.get(type);
		if (!stored) return undefined;
		return new Credentials({ id: stored.id, name: stored.name }, type, stored.encrypted).getData();
	}

	/** Forget recorded calls (stored credentials are kept). */
	clearCalls(): void {
		this.authenticateCalls.length = 0;
		this.getDecryptedCalls.length = 0;
		this.preAuthenticationCalls.length = 0;
		this.credentialUpdates.length = 0;
	}

	// ---------------------------------------------------------------- ICredentialsHelper

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		if (!this.credentialTypes.recognizes(type)) {
			throw new UnexpectedError('Unknown credential type', { tags: { credentialType: type } });
		}
		return this.credentialTypes.getCredentialsProperties(type);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestBefore = snapshotRequest(incomingRequestOptions);
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		const record = (kind: AuthenticateCall['kind'], after: object) => {
			this.authenticateCalls.push({
				typeName,
				nodeName: node?.name,
				kind,
				credentials: deepCopy(credentials),
				requestBefore,
				requestAfter: snapshotRequest(after),
			});
		};

		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') {
			const result = await authenticate(credentials, requestOptions as IHttpRequestOptions);
			record('function', result);
			return result;
		}

		if (typeof authenticate === 'object') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
						const keyResolved = this.resolveValue(key, credentials, workflow, node);
						const valueResolved = this.resolveValue(value as string, credentials, workflow, node);
						const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
						target[outerKey] ??= {};
						target[outerKey][keyResolved] = valueResolved;
					}
				}
			}
			record('generic', requestOptions);
			return requestOptions as IHttpRequestOptions;
		}

		record('none', requestOptions);
		return requestOptions as IHttpRequestOptions;
	}

	/** Same as the CLI: only expressions are evaluated, with `$credentials` as additional key. */
	private resolveValue(
		parameterValue: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const value = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!value) return '';
		return value.toString();
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const call: PreAuthenticationCall = { typeName, nodeName: node?.name, credentialsExpired };
		this.preAuthenticationCalls.push(call);

		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// The CLI treats a noOp node with `temp: ''` as "credential test in progress".
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (!(
			credentials[expirableProperty.name] === '' ||
			credentialsExpired ||
			isTestingCredentials
		)) {
			return undefined;
		}

		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		call.output = deepCopy(output);
		if (output[expirableProperty.name] === undefined) return undefined;

		if (node.credentials) {
			const nodeCredentials = node.credentials[credentialType.name];
			// Persist the fresh token onto the STORED data, without replacing fields the user
			// stored as expressions by the value they resolved to in this run.
			const stored = (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
			const toPersist: ICredentialDataDecryptedObject = { ...stored };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirableProperty.name || !isExpression(stored[key])) toPersist[key] = value;
			}
			await this.updateCredentials(nodeCredentials, credentialType.name, toPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const stored = this.findStored(nodeCredentials, type);
		return new Credentials({ id: stored.id, name: stored.name }, stored.type, stored.encrypted);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.getDecryptedCalls.push({
			type,
			nodeCredentials,
			mode,
			raw: raw === true,
			nodeName: expressionResolveValues?.node.name ?? executeData?.node.name,
		});
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Same steps as the CLI (without admin overwrites): defaults, oauthTokenData, expressions. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);

		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			// Not declared as a property on most types, so getNodeParameters drops it.
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.findStored(nodeCredentials, type);
		const credentials = new Credentials(
			{ id: stored.id, name: stored.name },
			type,
			stored.encrypted,
		);
		credentials.setData(data);
		stored.encrypted = encryptedOf(credentials);
		this.credentialUpdates.push({
			kind: 'updateCredentials',
			type,
			nodeCredentials,
			data: deepCopy(data),
		});
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
		_additionalData?: IWorkflowExecuteAdditionalData,
	): Promise<void> {
		const stored = this.findStored(nodeCredentials, type);
		const credentials = new Credentials(
			{ id: stored.id, name: stored.name },
			type,
			stored.encrypted,
		);
		credentials.updateData({ oauthTokenData: data.oauthTokenData });
		stored.encrypted = encryptedOf(credentials);
		this.credentialUpdates.push({
			kind: 'updateCredentialsOauthTokenData',
			type,
			nodeCredentials,
			data: deepCopy({ oauthTokenData: data.oauthTokenData } as ICredentialDataDecryptedObject),
		});
	}

	/** Like the CLI's DB lookup by `{ id, type }`: missing id / unknown credential throw. */
	private findStored(
		nodeCredentials: INodeCredentialsDetails | undefined,
		type: string,
	): StoredCredential {
		if (!nodeCredentials?.id) {
			throw new UserError(
				`Credential "${nodeCredentials?.name ?? ''}" of type "${type}" has no ID (node.credentials is missing or incomplete)`,
			);
		}
		const stored = this.store.get(type);
		if (!stored || stored.id !== nodeCredentials.id) {
			throw new UserError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return stored;
	}
}
