/**
 * Runs a webhook trigger's lifecycle and webhook calls the way n8n does: n8n-core's HookContext
 * for `webhookMethods.default.checkExists/create/delete` and WebhookContext for `webhook()`,
 * on one workflow whose static data lives as long as the harness (as in a running n8n). With
 * `listen()`, an HTTP server on 127.0.0.1 plays n8n's webhook endpoint, so a SuperOffice sandbox
 * can call the trigger (registration test call, signed deliveries).
 *
 * Production calls use mode 'trigger' / activation 'activate'; test calls use mode 'manual' and
 * the webhook-test URL like n8n's editor; deleting a test webhook uses mode 'internal' /
 * activation 'update', as n8n does.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { baseAdditionalData } from './additional-data';
import type { HarnessCredentials } from './credentials-helper';
import { HarnessCredentialsHelper } from './credentials-helper';
import { setupHarnessEnvironment } from './environment';
import { HarnessNodeTypes } from './node-types';

export interface TriggerHarnessOptions {
	type: string;
	nodeType: INodeType;
	credentialTypes: ICredentialType[];
	credentials: HarnessCredentials;
	parameters: INodeParameters;
	/** Node static data to start with (as saved by an earlier n8n run). */
	staticData?: IDataObject;
	/** The workflow's id (default `harness-trigger-workflow`): a copy of a workflow has another. */
	workflowId?: string;
	/** The node's id (default random): a copied workflow keeps its nodes' ids. */
	nodeId?: string;
}

export type LifecycleMethod = 'checkExists' | 'create' | 'delete';

export interface Delivery {
	/** The exact bytes n8n received (req.rawBody). */
	body: Buffer | string;
	headers?: Record<string, string>;
	/** A call to the editor's test URL (mode 'manual'). */
	test?: boolean;
	/**
	 * A body n8n parsed itself before the node ran (multipart/form-data): no raw body, and reading
	 * it again fails as in n8n ("not readable").
	 */
	consumed?: boolean;
}

export interface DeliveryResult {
	/** What the trigger answered: its own response (status + JSON), or n8n's 200. */
	status: number;
	json?: unknown;
	response: IWebhookResponseData;
}

/** The parts of an express response a webhook() may use to answer by itself. */
class RecordingResponse {
	statusCode = 200;
	body: unknown;
	headersSent = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.body = body;
		this.headersSent = true;
		return this;
	}
	send(body: unknown) {
		return this.json(body);
	}
	end() {
		this.headersSent = true;
		return this;
	}
}

export class TriggerHarness {
	readonly node: INode;
	readonly workflow: Workflow;
	readonly credentialsHelper: HarnessCredentialsHelper;
	private baseUrl = 'http://127.0.0.1:5678';
	private server?: http.Server;
	/** Every lifecycle call, in order: [method, mode]. */
	readonly calls: Array<[LifecycleMethod, 'production' | 'test']> = [];
	/** What the listening server handed to the trigger and what it answered, in order. */
	readonly received: Array<DeliveryResult & { headers: Record<string, string>; test: boolean }> =
		[];
	/** Warnings n8n's logger got since this harness was made (message and metadata). */
	readonly warnings: Array<{ message: string; meta: unknown }> = [];

	constructor(private readonly options: TriggerHarnessOptions) {
		setupHarnessEnvironment();
		this.credentialsHelper = new HarnessCredentialsHelper(
			options.credentialTypes,
			options.credentials,
		);
		const logger = Container.get(Logger);
		const warn = logger.warn.bind(logger);
		logger.warn = (message: string, meta?: Parameters<Logger['warn']>[1]) => {
			this.warnings.push({ message, meta });
			warn(message, meta);
		};
		const credentials: INode['credentials'] = {};
		for (const { name } of options.nodeType.description.credentials ?? []) {
			const details = this.credentialsHelper.getNodeCredentialsDetails(name);
			if (details) credentials[name] = details;
		}
		this.node = {
			id: options.nodeId ?? randomUUID(),
			name: String(
				options.nodeType.description.defaults.name ?? options.nodeType.description.displayName,
			),
			type: options.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials,
			webhookId: randomUUID(),
		};
		const staticData: IDataObject = {};
		if (options.staticData)
			staticData[`node:${this.node.name}`] = structuredClone(options.staticData);
		this.workflow = new Workflow({
			id: options.workflowId ?? 'harness-trigger-workflow',
			name: 'Harness trigger workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: new HarnessNodeTypes({ [options.type]: options.nodeType }),
			staticData,
		});
	}

	/** The node's static data (a plain copy). */
	staticData(): IDataObject {
		return structuredClone({
			...(this.workflow.staticData[`node:${this.node.name}`] as IDataObject | undefined),
		});
	}

	/** Whether anything marked the workflow's static data as changed since `resetChangeFlag()`. */
	get staticDataChanged(): boolean {
		return (this.workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;
	}

	resetChangeFlag(): void {
		(this.workflow.staticData as { __dataChanged?: boolean }).__dataChanged = false;
	}

	/** Production and test URL of the trigger's webhook. */
	url(test = false): string {
		return NodeHelpers.getNodeWebhookUrl(
			`${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}`,
			this.workflow.id,
			this.node,
			'webhook',
			false,
		);
	}

	private additionalData(
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		return {
			...baseAdditionalData(this.credentialsHelper),
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
			...extra,
		} as IWorkflowExecuteAdditionalData;
	}

	private webhookData(additionalData: IWorkflowExecuteAdditionalData, test: boolean): IWebhookData {
		const description = this.options.nodeType.description.webhooks![0];
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest: test,
		};
	}

	/** Runs checkExists / create / delete like n8n's activation, test listening or deactivation. */
	async hook(method: LifecycleMethod, { test = false }: { test?: boolean } = {}): Promise<boolean> {
		const additionalData = this.additionalData();
		let mode: WorkflowExecuteMode = test ? 'manual' : 'trigger';
		let activation: WorkflowActivateMode = test ? 'manual' : 'activate';
		if (method === 'delete') {
			mode = 'internal';
			activation = 'update';
		}
		const context = new HookContext(
			this.workflow,
			this.node,
			additionalData,
			mode,
			activation,
			this.webhookData(additionalData, test),
		);
		this.calls.push([method, test ? 'test' : 'production']);
		const fn = this.options.nodeType.webhookMethods!.default![method]!;
		return await fn.call(context);
	}

	/** n8n's activation: checkExists, and create when it says no. */
	async activate(options: { test?: boolean } = {}): Promise<void> {
		if (!(await this.hook('checkExists', options))) await this.hook('create', options);
	}

	/** One call of the webhook, as n8n hands it to the node (raw body, parsed body, headers). */
	async receive(delivery: Delivery): Promise<DeliveryResult> {
		const raw = Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body, 'utf8');
		let parsed: unknown = {};
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			parsed = {};
		}
		const headers = Object.fromEntries(
			Object.entries(delivery.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
		);
		const response = new RecordingResponse();
		const additionalData = this.additionalData({
			httpRequest: {
				method: 'POST',
				body: parsed,
				...(delivery.consumed === true
					? {
							readRawBody: async () => {
								throw new Error('Request body stream was aborted or is not readable');
							},
						}
					: { rawBody: raw }),
				headers,
				params: {},
				query: {},
			} as never,
			httpResponse: response as never,
		});
		const test = delivery.test === true;
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			test ? 'manual' : 'webhook',
			this.webhookData(additionalData, test),
			[],
			null,
		);
		const result = await this.options.nodeType.webhook!.call(context);
		if (result.noWebhookResponse)
			return { status: response.statusCode, json: response.body, response: result };
		return { status: 200, json: result.webhookResponse, response: result };
	}

	/** Serve the webhook URLs on 127.0.0.1 (a free port) so a sandbox can call the trigger. */
	async listen(): Promise<void> {
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const path = (req.url ?? '').split('?')[0];
				const test = path === new URL(this.url(true)).pathname;
				if (!test && path !== new URL(this.url(false)).pathname) {
					res.writeHead(404).end();
					return;
				}
				const headers = Object.fromEntries(
					Object.entries(req.headers).map(([k, v]) => [
						k,
						Array.isArray(v) ? v.join(', ') : String(v),
					]),
				);
				this.receive({ body: Buffer.concat(chunks), headers, test }).then(
					(r) => (
						this.received.push({ ...r, headers, test }),
						res
							.writeHead(r.status, { 'content-type': 'application/json' })
							.end(JSON.stringify(r.json ?? { message: 'Workflow was started' }))
					),
					(error: Error) =>
						res
							.writeHead(500, { 'content-type': 'application/json' })
							.end(JSON.stringify({ message: error.message })),
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.server = server;
		this.baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
