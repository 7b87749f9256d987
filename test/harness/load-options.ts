/**
 * Runs a node's `methods.loadOptions[method]` the way the editor's pick lists do, or its
 * `methods.listSearch[method]` the way a searchable list (resource locator) does: n8n-core's
 * LoadOptionsContext on a one-node workflow, with real request helpers and the harness's
 * credentials helper.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialType,
	INode,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { baseAdditionalData } from './additional-data';
import type { HarnessCredentials } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { setupHarnessEnvironment } from './environment';
import { HarnessNodeTypes } from './node-types';
import type { NodeTypeMap } from './node-types';

export interface RunLoadOptionsOptions {
	nodeTypes: NodeTypeMap;
	credentialTypes: ICredentialType[];
	credentials: HarnessCredentials;
	/** The node whose pick list is opened (type, parameters, credentials). */
	node: INode;
	method: string;
}

/** The node's type and a LoadOptionsContext for it, as the editor builds them. */
function loadOptionsContext(options: RunLoadOptionsOptions) {
	setupHarnessEnvironment();
	const credentialsHelper = new HarnessCredentialsHelper(
		options.credentialTypes,
		options.credentials,
	);
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const workflow = new Workflow({
		nodes: [options.node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const context = new LoadOptionsContext(
		workflow,
		options.node,
		baseAdditionalData(credentialsHelper),
		'',
	);
	const nodeType = NodeHelpers.getVersionedNodeType(
		nodeTypes.getByName(options.node.type),
		options.node.typeVersion,
	) as INodeType;
	return { context, nodeType, credentialsHelper };
}

export async function runLoadOptions(
	options: RunLoadOptionsOptions,
): Promise<{ result: INodePropertyOptions[]; credentialsHelper: HarnessCredentialsHelper }> {
	const { context, nodeType, credentialsHelper } = loadOptionsContext(options);
	const method = nodeType.methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${options.node.type} has no loadOptions method ${options.method}`);
	return { result: await method.call(context), credentialsHelper };
}

export interface RunListSearchOptions extends RunLoadOptionsOptions {
	/** What was typed into the list's search box. */
	filter?: string;
	/** The token of the page before, to load the next one. */
	paginationToken?: string;
}

export async function runListSearch(
	options: RunListSearchOptions,
): Promise<{ result: INodeListSearchResult; credentialsHelper: HarnessCredentialsHelper }> {
	const { context, nodeType, credentialsHelper } = loadOptionsContext(options);
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`${options.node.type} has no listSearch method ${options.method}`);
	return {
		result: await method.call(context, options.filter, options.paginationToken),
		credentialsHelper,
	};
}
