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
import { CredentialTestContext, ExecuteContext, ExternalSecretsProxy, RoutingNode } from 'n8n-core';
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';

import { baseAdditionalData } from './additional-data';
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
		typeof options.credentialType === 'string'
			? options.credentialType
			: options.credentialType?.name;
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

/** What n8n's CredentialsTester answers for a declarative test, and what the rules make of it. */
export interface DeclarativeCredentialTestRun {
	/** The CLI's answer (its catch block, step by step, as in n8n 2.x). */
	result: INodeCredentialTestResult;
	/**
	 * What the `rules` make of the HTTP status, where the status is known (from the error's
	 * httpCode). n8n's tester reads `error.cause.response.status` instead, which n8n-workflow
	 * 2.11.1's NodeApiError does not keep; then users see `result`, n8n's generic text.
	 */
	byRules: INodeCredentialTestResult;
	helper: HarnessCredentialsHelper;
}

/** n8n's NoOp node, whose copy carries a declarative credential test's request. */
export const NOOP_DESCRIPTION: INodeType['description'] = {
	displayName: 'No Operation, do nothing',
	name: 'n8n-nodes-base.noOp',
	group: ['organization'],
	version: 1,
	description: 'No Operation',
	defaults: { name: 'No Operation, do nothing' },
	inputs: ['main'],
	outputs: ['main'],
	properties: [],
};

/**
 * Run a credential type's declarative `test` the way n8n's CLI `CredentialsTester.testCredentials`
 * does (packages/cli/src/services/credentials-tester.service.ts): defaults applied, then the test
 * request becomes `routing.request` of a property on a copy of the NoOp node, executed by
 * n8n-core's RoutingNode with an ExecuteContext (so the credential's `authenticate` signs it);
 * failures map through `rules`, a success through the `responseSuccessBody` rules.
 */
export async function runDeclarativeCredentialTest(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
	{
		id = '1',
		name = 'Test credential',
		credentialTypes = [],
	}: { id?: string; name?: string; credentialTypes?: ICredentialType[] } = {},
): Promise<DeclarativeCredentialTestRun> {
	setupHarnessEnvironment();
	const typeName = credentialType.name;
	const testRequest = credentialType.test;
	if (!testRequest) throw new UnexpectedError(`${typeName} has no declarative test`);
	const helper = new HarnessCredentialsHelper([credentialType, ...credentialTypes], {
		[typeName]: { id, name, data },
	});
	const additionalData = baseAdditionalData(helper);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id,
		name,
		type: typeName,
		data: await helper.applyDefaultsAndOverwrites(
			additionalData,
			deepCopy(data),
			typeName,
			'internal',
		),
	};

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NOOP_DESCRIPTION.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [typeName]: { id, name } },
	};
	const nodeTypeCopy = {
		description: {
			...NOOP_DESCRIPTION,
			credentials: [{ name: typeName, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (_name, version) =>
			NodeHelpers.getVersionedNodeType(nodeTypeCopy, version),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
	const rules = (testRequest.rules ?? []) as Array<
		IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody
	>;
	const ruleForStatus = (statusCode: number) =>
		rules.find(
			(rule): rule is IAuthenticateRuleResponseCode =>
				rule.type === 'responseCode' && rule.properties.value === statusCode,
		);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const httpCode = Number((error as { httpCode?: unknown }).httpCode);
		const rule = Number.isInteger(httpCode) && httpCode > 0 ? ruleForStatus(httpCode) : undefined;
		const byRules: INodeCredentialTestResult = rule
			? { status: 'Error', message: rule.properties.message }
			: { status: 'Error', message: String((error as Error).message) };
		// CredentialsTester.testCredentials, catch block, step by step:
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		let result: INodeCredentialTestResult = {
			status: 'Error',
			message: String((error as Error).message),
		};
		if (cause?.response) {
			const { status: statusCode, statusText } = cause.response;
			const matched = ruleForStatus(statusCode);
			if (matched) result = { status: 'Error', message: matched.properties.message };
			else if (statusCode < 199 || statusCode > 299)
				result = {
					status: 'Error',
					message: statusText || `Received HTTP status code: ${statusCode}`,
				};
		} else if (cause?.code) {
			result = { status: 'Error', message: cause.code };
		}
		return { result, byRules, helper };
	}
	const json = response?.[0]?.[0]?.json ?? {};
	for (const rule of rules) {
		if (
			rule.type === 'responseSuccessBody' &&
			json[rule.properties.key] === rule.properties.value
		) {
			const failed: INodeCredentialTestResult = {
				status: 'Error',
				message: rule.properties.message,
			};
			return { result: failed, byRules: failed, helper };
		}
	}
	const ok: INodeCredentialTestResult = { status: 'OK', message: 'Connection successful!' };
	return { result: ok, byRules: ok, helper };
}
