/**
 * Runs a polling trigger's `poll()` the way n8n does: n8n-core's PollContext on a one-node
 * workflow with real request helpers, the harness's credentials helper and the workflow's
 * static data. Mode 'trigger' is an active workflow's poll (ActiveWorkflows.activatePolling);
 * 'manual' is the editor's "Fetch Test Event" (WorkflowExecute.executePollNode).
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { PollContext } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, deepCopy } from 'n8n-workflow';

import { baseAdditionalData } from './additional-data';
import type { HarnessCredentials } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { setupHarnessEnvironment } from './environment';
import { HarnessNodeTypes, latestVersion } from './node-types';
import type { NodeTypeMap } from './node-types';

export interface RunPollOptions {
	nodeTypes: NodeTypeMap;
	credentialTypes?: ICredentialType[];
	credentials?: HarnessCredentials;
	/** The trigger: its type, parameters and (optional) credentials; name defaults to the type's. */
	node: {
		type: string;
		name?: string;
		parameters?: INodeParameters;
		credentials?: INode['credentials'];
	};
	/** Default 'trigger' (an active workflow's poll). */
	mode?: Extract<WorkflowExecuteMode, 'trigger' | 'manual'>;
	activation?: WorkflowActivateMode;
	/** The workflow's static data before this poll (pass the previous result's `staticData`). */
	staticData?: IDataObject;
	/** The workflow's time zone (settings.timezone). */
	timezone?: string;
}

export interface RunPollResult {
	/** What poll() returned: null = nothing to emit. */
	result: INodeExecutionData[][] | null;
	/** A copy of the workflow's static data after the poll. */
	staticData: IDataObject;
	/** Whether poll() changed the static data (n8n saves it only then). */
	staticDataChanged: boolean;
	credentialsHelper: HarnessCredentialsHelper;
	/** Warnings n8n's logger got during this poll (message and metadata). */
	warnings: Array<{ message: string; meta: unknown }>;
}

export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	setupHarnessEnvironment();
	const credentialsHelper = new HarnessCredentialsHelper(
		options.credentialTypes ?? [],
		options.credentials ?? {},
	);
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const type = nodeTypes.getByName(options.node.type);
	const typeVersion = latestVersion(type);
	const nodeType = NodeHelpers.getVersionedNodeType(type, typeVersion) as INodeType;
	if (!nodeType.poll) throw new Error(`${options.node.type} has no poll()`);

	let credentials = options.node.credentials;
	if (credentials === undefined) {
		credentials = {};
		for (const { name } of nodeType.description.credentials ?? []) {
			const details = credentialsHelper.getNodeCredentialsDetails(name);
			if (details) credentials[name] = details;
		}
	}
	const node: INode = {
		id: randomUUID(),
		name:
			options.node.name ?? nodeType.description.defaults?.name ?? nodeType.description.displayName,
		type: options.node.type,
		typeVersion,
		position: [0, 0],
		parameters: deepCopy(options.node.parameters ?? {}),
		credentials,
	};
	const workflow = new Workflow({
		id: 'harness-poll-workflow',
		nodes: [node],
		connections: {},
		active: options.mode !== 'manual',
		nodeTypes,
		staticData: deepCopy(options.staticData ?? {}),
		settings: options.timezone ? { timezone: options.timezone } : {},
	});
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		workflow.getNode(node.name)!,
		baseAdditionalData(credentialsHelper),
		mode,
		options.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
	);
	const warnings: RunPollResult['warnings'] = [];
	const logger = Container.get(Logger);
	const warn = logger.warn;
	logger.warn = (message: string, meta?: Parameters<Logger['warn']>[1]) => {
		warnings.push({ message, meta });
		warn.call(logger, message, meta);
	};
	let result: INodeExecutionData[][] | null;
	try {
		result = await nodeType.poll.call(context);
	} finally {
		logger.warn = warn;
	}
	const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
	const staticDataChanged = staticData.__dataChanged === true;
	const copy = deepCopy(staticData);
	delete (copy as { __dataChanged?: boolean }).__dataChanged;
	return { result, staticData: copy, staticDataChanged, credentialsHelper, warnings };
}
