/**
 * Helpers for the resilience, concurrency and 1,000-item tests: run the SuperOffice node
 * through n8n-core (with node options, Continue On Fail and a cancel signal) and read the
 * sandbox's request log per chat session.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import type { Sandbox } from '../sandbox';
import { NODE_TYPE, sandboxCredential } from './support';
import type { Scheme } from './support';

export type RecordedRequest = Sandbox['requests'][number];
export type Operation = 'reset' | 'addMessage';

/** The text every Add Message run in these tests posts (to count copies in the sandbox). */
export const MESSAGE_TEXT = 'A colleague takes over this chat in a moment.';

export interface RunNodeOptions {
	sandbox: Sandbox;
	/** One input item per entry; the node reads `chatSessionId` from `$json.id`. */
	ids: unknown[];
	operation?: Operation;
	/** The node's Options collection (concurrency, timeout, maxRetries, maxRetryWait, …). */
	options?: IDataObject;
	/** Extra node parameters (e.g. `message` for Add Message). */
	parameters?: IDataObject;
	continueOnFail?: boolean;
	abortSignal?: AbortSignal;
	scheme?: Scheme;
	/** The credential's base URL; default the sandbox's web client URL. */
	baseUrl?: string;
}

export interface TimedRunResult extends RunWorkflowResult {
	/** Wall-clock milliseconds of the whole run (n8n start to result). */
	elapsedMs: number;
}

/** Runs one SuperOffice node (Reset or Add Message) on the sandbox through n8n-core's WorkflowExecute. */
export async function runNode(o: RunNodeOptions): Promise<TimedRunResult> {
	const operation = o.operation ?? 'reset';
	const parameters: IDataObject = {
		resource: 'chatSession',
		operation,
		chatSessionId: '={{ $json.id }}',
		...(operation === 'addMessage' ? { message: MESSAGE_TEXT } : {}),
		...(o.options ? { options: o.options } : {}),
		...o.parameters,
	};
	const inputItems: INodeExecutionData[] = o.ids.map((id) => ({ json: { id } as IDataObject }));
	const started = Date.now();
	const result = await runWorkflow({
		nodeTypes: { [NODE_TYPE]: new SuperOffice() },
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: {
				id: '1',
				name: 'SuperOffice sandbox',
				data: sandboxCredential(o.baseUrl ?? o.sandbox.webClientUrl, o.scheme),
			},
		},
		inputItems,
		node: {
			type: NODE_TYPE,
			parameters: parameters as INodeParameters,
			onError: o.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		},
		abortSignal: o.abortSignal,
	});
	return { ...result, elapsedMs: Date.now() - started };
}

const PATH_SUFFIX: Record<Operation, string> = { reset: 'Reset', addMessage: 'Messages' };

/** Every recorded attempt of `operation` on chat session `id`, in arrival order. */
export function attemptsFor(
	sandbox: Sandbox,
	id: number,
	operation: Operation = 'reset',
): RecordedRequest[] {
	const path = new RegExp(`/ChatSession/${id}/${PATH_SUFFIX[operation]}$`);
	return sandbox.requests
		.filter((r) => r.method === 'POST' && path.test(r.path))
		.sort((a, b) => a.seq - b.seq);
}

/** The chat session id in a recorded Reset/Messages path, or NaN. */
export function sessionIdOf(request: RecordedRequest): number {
	const match = /\/ChatSession\/(\d+)\/(?:Reset|Messages)$/.exec(request.path);
	return match ? Number(match[1]) : Number.NaN;
}

/**
 * Milliseconds from the end of one attempt (the server closed that exchange) to the start of
 * the next: the pause the client made, plus connection set-up.
 */
export function gapsBetween(attempts: RecordedRequest[]): number[] {
	const gaps: number[] = [];
	for (let i = 1; i < attempts.length; i++) {
		const previousEnd = attempts[i - 1].endedAt ?? attempts[i - 1].startedAt;
		gaps.push(attempts[i].startedAt - previousEnd);
	}
	return gaps;
}

/** The fault each attempt got (`'none'` when it was answered normally). */
export function faultsOf(attempts: RecordedRequest[]): string[] {
	return attempts.map((r) => {
		const f = r.fault;
		if (!f) return 'none';
		if (f.type === 'status') return `status ${f.status}`;
		if (f.type === 'reset') return `reset ${f.when ?? 'before-body'}`;
		if (f.type === 'html') return `html ${f.status ?? 200}`;
		return f.type;
	});
}

/** How many stored messages of session `id` carry `text`. */
export function copiesOfMessage(sandbox: Sandbox, id: number, text = MESSAGE_TEXT): number {
	return sandbox.getMessages(id).filter((m) => m.Message === text).length;
}

/** Resolves after `ms` (bounded waits in tests only; the node under test never uses this). */
export async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
