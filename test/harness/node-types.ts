import { UnrecognizedNodeTypeError } from 'n8n-core';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, deepCopy } from 'n8n-workflow';

/** Type name of the harness' manual-trigger start node. */
export const HARNESS_TRIGGER_NODE_TYPE = 'harness.manualTrigger';
/** Type name of the harness' item source node (emits `inputItems`). */
export const HARNESS_ITEMS_NODE_TYPE = 'harness.items';
export const HARNESS_TRIGGER_NODE_NAME = 'Manual Trigger';
export const HARNESS_ITEMS_NODE_NAME = 'Input Items';

/**
 * Behaves like n8n's Manual Trigger: in 'manual' mode n8n-core calls `trigger()` through
 * `TriggersAndPollers.runTrigger` and the node emits one empty item; in other modes the
 * engine passes the start data (`[{ json: {} }]`) through.
 */
export class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: HARNESS_TRIGGER_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Test-only manual trigger',
		maxNodes: 1,
		defaults: { name: HARNESS_TRIGGER_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/**
 * Emits a fixed list of items (a deep copy per run), each paired to the single incoming
 * trigger item. The list lives in a closure, NOT in a node parameter, so strings that
 * start with "=" in test data are never evaluated as expressions.
 */
export function createItemsSourceNodeType(items: INodeExecutionData[] = []): INodeType {
	const cloneItems = (): INodeExecutionData[] =>
		items.map((item) => {
			const { pairedItem: _ignored, json, ...rest } = item;
			return {
				...(deepCopy(rest as unknown as IDataObject) as unknown as Partial<INodeExecutionData>),
				json: deepCopy(json ?? {}),
				pairedItem: { item: 0 },
			};
		});

	return {
		description: {
			displayName: 'Input Items',
			name: HARNESS_ITEMS_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Test-only: outputs the items given to the harness',
			defaults: { name: HARNESS_ITEMS_NODE_NAME },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [cloneItems()];
		},
	};
}

export type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

/** `INodeTypes` over a plain map (the CLI's NodeTypes is backed by the nodes loader). */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: NodeTypeMap) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types[type];
		if (!nodeType) throw new UnrecognizedNodeTypeError(type.split('.')[0] ?? '', type);
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.types).map((t) => [t, { className: t, sourcePath: '' }]),
		);
	}
}

/** Highest / default version of a node type (what a freshly added node would use). */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) {
		return (
			nodeType.description.defaultVersion ??
			Math.max(...Object.keys(nodeType.nodeVersions).map(Number))
		);
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}
