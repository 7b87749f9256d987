/**
 * Run node(s) through n8n-core's real `WorkflowExecute` (the same engine the n8n CLI
 * uses), with real `ExecuteContext`s, real request helpers
 * (`httpRequest`, `httpRequestWithAuthentication`, `requestWithAuthentication`, OAuth2),
 * real expression resolution, `continueOnFail` / `onError`, retries and `pairedItem`
 * bookkeeping. Only the credential store and the node/credential type registries are
 * test doubles (see credentials-helper.ts / node-types.ts).
 */
import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IDataObject,
	ICredentialType,
	IConnections,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
} from 'n8n-workflow';

import { baseAdditionalData } from './additional-data';
import { HarnessCredentialTypes } from './credential-types';
import type { HarnessCredentials } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { setupHarnessEnvironment } from './environment';
import {
	HARNESS_ITEMS_NODE_NAME,
	HARNESS_ITEMS_NODE_TYPE,
	HARNESS_TRIGGER_NODE_NAME,
	HARNESS_TRIGGER_NODE_TYPE,
	HarnessManualTrigger,
	HarnessNodeTypes,
	createItemsSourceNodeType,
	latestVersion,
} from './node-types';
import type { NodeTypeMap } from './node-types';

/** The node under test in single-node mode. Everything but `type` is optional. */
export interface NodeUnderTest {
	type: string;
	/** Default: the type's latest/default version. */
	typeVersion?: number;
	/** Default: `description.defaults.name` (e.g. "SuperOffice"). */
	name?: string;
	id?: string;
	parameters?: INodeParameters;
	/**
	 * Default: for every credential the node type declares and the test configured in
	 * `credentials`, `{ id, name }` of that credential. Pass `{}` to run without any.
	 */
	credentials?: INodeCredentials;
	onError?: INode['onError'];
	continueOnFail?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	disabled?: boolean;
}

export interface RunWorkflowOptions {
	/** Node types by type name, e.g. `{ 'n8n-nodes-superoffice.superOffice': new SuperOffice() }`. */
	nodeTypes: NodeTypeMap;
	/** Credential types (instances). `oAuth2Api` is built in. */
	credentialTypes?: ICredentialType[];
	/** Decrypted credential data by credential TYPE name. */
	credentials?: HarnessCredentials;
	/**
	 * Reuse a helper across runs (e.g. to keep OAuth tokens refreshed by an earlier run).
	 * When given, `credentialTypes` / `credentials` are ignored.
	 */
	credentialsHelper?: HarnessCredentialsHelper;

	/**
	 * Items the node under test receives (through a source node, so `$json`, `$input`,
	 * `$('Input Items')` and pairedItem behave as in n8n). Without it the node receives
	 * the Manual Trigger's single empty item.
	 */
	inputItems?: INodeExecutionData[];

	/** Single-node mode: Manual Trigger -> [Input Items] -> node. */
	node?: NodeUnderTest;

	/** Graph mode: your own nodes/connections. A `harness.items` node emits `inputItems`. */
	nodes?: INode[];
	connections?: IConnections;
	/** Graph mode: name of the node to start from. Default: n8n's `workflow.getStartNode()`. */
	startNode?: string;
	/** Graph mode: node whose output fills `items`/`outputs`. Default: last node executed. */
	resultNode?: string;

	/** Default `'manual'` (like clicking "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	/** Default `{ executionOrder: 'v1' }`. */
	settings?: IWorkflowSettings;
	pinData?: IPinData;
	staticData?: IDataObject;
	/** Cancel the run (calls `.cancel()` on WorkflowExecute's PCancelable, like n8n's stop button). */
	abortSignal?: AbortSignal;
	/** Sets `additionalData.executionTimeoutTimestamp` (n8n's workflow timeout). */
	timeoutMs?: number;
	executionId?: string;
	workflowId?: string;
}

export interface RunWorkflowResult {
	/** `main[0]` of the result node's last run (with pairedItem as n8n produced it). */
	items: INodeExecutionData[];
	/** All main outputs of the result node's last run (e.g. [success, error] with continueErrorOutput). */
	outputs: Array<INodeExecutionData[] | null>;
	/**
	 * The execution error as n8n stores it (`{ ...error, message, stack }` — a plain copy,
	 * so check `.name`, `.message`, `.description`, `.httpCode`, not `instanceof`).
	 */
	error?: ExecutionError;
	status: ExecutionStatus;
	finished: boolean;
	runData: IRunData;
	/** The full `IRun` returned by WorkflowExecute. */
	run: IRun;
	/** Name of the result node. */
	nodeName: string;
	/** Node names in the order their `nodeExecuteAfter` hook fired. */
	nodeExecutionOrder: string[];
	credentialsHelper: HarnessCredentialsHelper;
	workflow: Workflow;
}

const BUILTIN_TYPES = (): NodeTypeMap => ({
	[HARNESS_TRIGGER_NODE_TYPE]: new HarnessManualTrigger(),
});

function buildSingleNodeGraph(
	options: RunWorkflowOptions,
	nodeTypes: HarnessNodeTypes,
	credentialsHelper: HarnessCredentialsHelper,
): { nodes: INode[]; connections: IConnections; startNode: string; resultNode: string } {
	const spec = options.node!;
	const type = nodeTypes.getByName(spec.type);
	const typeVersion = spec.typeVersion ?? latestVersion(type);
	const description = NodeHelpers.getVersionedNodeType(type, typeVersion).description;
	const name = spec.name ?? description.defaults?.name ?? description.displayName;

	let credentials = spec.credentials;
	if (credentials === undefined) {
		credentials = {};
		for (const { name: credType } of description.credentials ?? []) {
			const details = credentialsHelper.getNodeCredentialsDetails(credType);
			if (details) credentials[credType] = details;
		}
	}

	const nodeUnderTest: INode = {
		id: spec.id ?? randomUUID(),
		name,
		type: spec.type,
		typeVersion,
		position: [440, 0],
		parameters: deepCopy(spec.parameters ?? {}),
		credentials: Object.keys(credentials).length ? deepCopy(credentials) : undefined,
	};
	for (const key of [
		'onError',
		'continueOnFail',
		'retryOnFail',
		'maxTries',
		'waitBetweenTries',
		'alwaysOutputData',
		'executeOnce',
		'disabled',
	] as const) {
		if (spec[key] !== undefined)
			(nodeUnderTest as unknown as Record<string, unknown>)[key] = spec[key];
	}

	const trigger: INode = {
		id: randomUUID(),
		name: HARNESS_TRIGGER_NODE_NAME,
		type: HARNESS_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes = [trigger];
	const connections: IConnections = {};
	const link = (from: string, to: string) => {
		connections[from] = { main: [[{ node: to, type: NodeConnectionTypes.Main, index: 0 }]] };
	};

	if (options.inputItems !== undefined) {
		nodes.push({
			id: randomUUID(),
			name: HARNESS_ITEMS_NODE_NAME,
			type: HARNESS_ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		});
		link(HARNESS_TRIGGER_NODE_NAME, HARNESS_ITEMS_NODE_NAME);
		link(HARNESS_ITEMS_NODE_NAME, name);
	} else {
		link(HARNESS_TRIGGER_NODE_NAME, name);
	}
	nodes.push(nodeUnderTest);
	return { nodes, connections, startNode: HARNESS_TRIGGER_NODE_NAME, resultNode: name };
}

/**
 * Build a Workflow and run it with n8n-core's WorkflowExecute. Resolves with the result
 * also when a node fails (see `result.error`); rejects only when n8n refuses to start
 * (e.g. the workflow has parameter issues) or on harness misuse.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	setupHarnessEnvironment();

	if (!options.node && !options.nodes) {
		throw new UnexpectedError('runWorkflow: pass either `node` or `nodes` + `connections`');
	}

	const credentialsHelper =
		options.credentialsHelper ??
		new HarnessCredentialsHelper(
			new HarnessCredentialTypes(options.credentialTypes ?? []),
			options.credentials ?? {},
		);

	const typeMap: NodeTypeMap = {
		...BUILTIN_TYPES(),
		...options.nodeTypes,
		[HARNESS_ITEMS_NODE_TYPE]: createItemsSourceNodeType(options.inputItems ?? []),
	};
	const nodeTypes = new HarnessNodeTypes(typeMap);

	let nodes: INode[];
	let connections: IConnections;
	let startNodeName: string | undefined;
	let resultNodeName: string | undefined;
	if (options.node) {
		({
			nodes,
			connections,
			startNode: startNodeName,
			resultNode: resultNodeName,
		} = buildSingleNodeGraph(options, nodeTypes, credentialsHelper));
	} else {
		// The Workflow constructor mutates node.parameters (adds defaults): work on copies.
		nodes = deepCopy(options.nodes!);
		connections = deepCopy(options.connections ?? {});
		startNodeName = options.startNode;
		resultNodeName = options.resultNode;
	}

	const executionId = options.executionId ?? randomUUID();
	const mode: WorkflowExecuteMode = options.mode ?? 'manual';
	const settings: IWorkflowSettings = options.settings ?? { executionOrder: 'v1' };

	const workflow = new Workflow({
		id: options.workflowId ?? 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings,
		staticData: options.staticData,
		pinData: options.pinData,
	});

	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
		activeVersionId: null,
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});

	const notInHarness = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not supported by the test harness`);
	};
	const additionalData: IWorkflowExecuteAdditionalData = {
		...baseAdditionalData(credentialsHelper),
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		executeWorkflow: notInHarness('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notInHarness('startRunnerTask (task runners / Code node)'),
		workflowSettings: settings,
		executionTimeoutTimestamp:
			options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : undefined,
	};

	const startNode = startNodeName ? (workflow.getNode(startNodeName) ?? undefined) : undefined;
	if (startNodeName && !startNode) {
		throw new UnexpectedError(`runWorkflow: start node "${startNodeName}" not found`);
	}

	const workflowExecute = new WorkflowExecute(additionalData, mode);
	let execution: ReturnType<WorkflowExecute['run']>;
	try {
		execution = workflowExecute.run({ workflow, startNode, pinData: options.pinData });
	} catch (error) {
		if (error?.name === 'WorkflowHasIssuesError' || /has issues/i.test(error?.message ?? '')) {
			const issues = workflowExecute.checkReadyForExecution(workflow, {
				startNode: startNode?.name ?? workflow.getStartNode()?.name,
				pinDataNodeNames: Object.keys(options.pinData ?? {}),
			});
			error.message += ` Issues: ${JSON.stringify(issues)}`;
		}
		throw error;
	}

	const { abortSignal } = options;
	const onAbort = () => execution.cancel();
	if (abortSignal) {
		if (abortSignal.aborted) onAbort();
		else abortSignal.addEventListener('abort', onAbort, { once: true });
	}
	let run: IRun;
	try {
		run = await execution;
	} finally {
		abortSignal?.removeEventListener('abort', onAbort);
	}

	const runData = run.data.resultData.runData ?? {};
	const nodeName = resultNodeName ?? run.data.resultData.lastNodeExecuted ?? '';
	const lastTask = runData[nodeName]?.at(-1);
	const outputs = (lastTask?.data?.[NodeConnectionTypes.Main] ?? []) as Array<
		INodeExecutionData[] | null
	>;

	return {
		items: outputs[0] ?? [],
		outputs,
		error: run.data.resultData.error,
		status: run.status,
		finished: run.finished === true,
		runData,
		run,
		nodeName,
		nodeExecutionOrder,
		credentialsHelper,
		workflow,
	};
}

/** Convenience for building graph-mode nodes with sane defaults. */
export function makeNode(
	node: Pick<INode, 'name' | 'type'> & Partial<INode>,
	nodeTypes?: NodeTypeMap,
): INode {
	const type = nodeTypes?.[node.type] as INodeType | IVersionedNodeType | undefined;
	return {
		id: randomUUID(),
		typeVersion: type ? latestVersion(type) : 1,
		position: [0, 0],
		parameters: {},
		...node,
	};
}
