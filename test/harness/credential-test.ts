/**
 * Run a node's `methods.credentialTest[name]` the way n8n's CLI `CredentialsTester`
 * does for function-based tests: `testFunction.call(new CredentialTestContext(), {
 * id, name, type, data })`, where `CredentialTestContext` is n8n-core's real class
 * (exported by n8n-core 2.11.1; its `helpers.request` is n8n's legacy request helper
 * implemented on axios, plus the SSH tunnel helpers).
 *
 * Like the CLI, when the credential type is known the data first goes through
 * defaults + expression resolution (`applyDefaultsAndOverwrites`, mode 'internal').
 * Errors thrown by the test function propagate (the CLI doesn't catch them either).
 */
import { CredentialTestContext, ExternalSecretsProxy } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialType,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeType,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { UnexpectedError, deepCopy } from 'n8n-workflow';

import { HarnessCredentialTypes } from './credential-types';
import { HarnessCredentialsHelper } from './credentials-helper';
import { setupHarnessEnvironment } from './environment';

export interface RunCredentialTestOptions {
	/**
	 * The credential type (instance or name). When given, defaults of the type are applied
	 * and expressions resolved before the test function runs (as in the CLI).
	 * A name needs `credentialTypes` to resolve it.
	 */
	credentialType?: ICredentialType | string;
	credentialTypes?: ICredentialType[];
	id?: string;
	name?: string;
}

export async function runCredentialTest(
	testFunction: ICredentialTestFunction,
	credentialData: ICredentialDataDecryptedObject,
	options: RunCredentialTestOptions = {},
): Promise<INodeCredentialTestResult> {
	setupHarnessEnvironment();

	const typeName =
		typeof options.credentialType === 'string' ? options.credentialType : options.credentialType?.name;
	let data = deepCopy(credentialData);

	if (options.credentialType) {
		const types = new HarnessCredentialTypes([
			...(options.credentialTypes ?? []),
			...(typeof options.credentialType === 'object' ? [options.credentialType] : []),
		]);
		const helper = new HarnessCredentialsHelper(types);
		const additionalData = {
			executionId: undefined,
			variables: {},
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			externalSecretsProxy: new ExternalSecretsProxy(),
		} as unknown as IWorkflowExecuteAdditionalData;
		data = await helper.applyDefaultsAndOverwrites(additionalData, data, typeName!, 'internal');
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: options.id ?? '1',
		name: options.name ?? typeName ?? 'Test credential',
		type: typeName ?? 'unknown',
		data,
	};

	const context = new CredentialTestContext();
	return await testFunction.call(context, credentialsDecrypted);
}

/**
 * Find the credential test function a node declares for a credential
 * (`description.credentials[].testedBy` -> `methods.credentialTest[testedBy]`),
 * searching versioned nodes from the newest version, like the CLI.
 */
export function findCredentialTestFunction(
	nodeType: INodeType | IVersionedNodeType,
	credentialName: string,
): ICredentialTestFunction {
	const candidates: INodeType[] =
		'nodeVersions' in nodeType
			? Object.keys(nodeType.nodeVersions)
					.map(Number)
					.sort((a, b) => b - a)
					.map((v) => nodeType.nodeVersions[v])
			: [nodeType];
	for (const candidate of candidates) {
		const declared = candidate.description.credentials?.find((c) => c.name === credentialName);
		if (typeof declared?.testedBy === 'string') {
			const fn = candidate.methods?.credentialTest?.[declared.testedBy];
			if (fn) return fn;
		}
	}
	throw new UnexpectedError(
		`No credential test function declared for "${credentialName}" (testedBy + methods.credentialTest)`,
	);
}
