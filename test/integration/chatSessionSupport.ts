/**
 * What the chat-session operation tests share: one sandbox per test file (fresh for every test),
 * a runner for the SuperOffice node against it, and readers of the sandbox's request log and
 * state, so each test checks the request the node sent and its output against the sandbox.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { RunWorkflowResult } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { runSuperOffice, sandboxCredential } from './support';
import type { Scheme } from './support';
import { useSandbox } from '../support/sandboxLifecycle';

export type Session = NonNullable<ReturnType<Sandbox['getSession']>>;
export type Recorded = Sandbox['requests'][number];

export const API = `/${SANDBOX_DEFAULTS.tenant}/api/v1`;
export const MINUTE = 60_000;
export const ACTIVE = ['CustomerLast', 'UserLast'];
export const PRINCIPAL_ID = 5;
/** The archive columns Get Many asks for, in the order it asks for them. */
export const SELECT =
	'chatSessionId,status,firstMessage,lastMessage,whenRequested,whenStarted,whenEnded,agent,chatTopic/chatTopicId,chatTopic/name,contactId,personId,updatedDate';
export const SIMPLE_KEYS = [
	'chatSessionId',
	'status',
	'firstMessage',
	'lastMessage',
	'whenRequested',
	'whenStarted',
	'whenEnded',
	'agent',
	'chatTopicId',
	'chatTopicName',
	'contactId',
	'personId',
	'updatedDate',
];

export const sandbox = useSandbox();

export async function run(
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean; scheme?: Scheme } = {},
): Promise<RunWorkflowResult> {
	return await runSuperOffice({
		credential: sandboxCredential(sandbox.webClientUrl, options.scheme ?? 'basic'),
		parameters,
		inputItems: options.items ?? [{ json: {} }],
		continueOnFail: options.continueOnFail,
	});
}

/** Every session in the sandbox, by id. */
export function allSessions(): Session[] {
	return [...sandbox.sessions.values()].sort((a, b) => a.ChatSessionId - b.ChatSessionId);
}

export function idsWhere(predicate: (session: Session) => boolean): number[] {
	return allSessions()
		.filter(predicate)
		.map((s) => s.ChatSessionId);
}

/** updatedDate as the archive computes it (the sandbox's own bookkeeping). */
export function updatedDateOf(session: Session): string | null {
	return sandbox.state.updated.get(session.ChatSessionId) ?? session.WhenRequested;
}

export function archiveRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession$/);
}

export function entityRequests(): Recorded[] {
	return sandbox.requestsFor('GET', /\/ChatSession\/\d+$/);
}

export function expectArchiveRequest(
	request: Recorded,
	expected: { top: number; skip: number; filter?: string },
): void {
	expect(request.method).toBe('GET');
	expect(request.path).toBe(`${API}/ChatSession`);
	const query: Record<string, string> = {
		$select: SELECT,
		$orderBy: 'chatSessionId',
		$top: String(expected.top),
		$skip: String(expected.skip),
	};
	if (expected.filter !== undefined) query.$filter = expected.filter;
	expect(request.query).toEqual(query);
	expect(request.headers.accept).toBe('application/json');
	expect(request.body).toBeUndefined();
	expect(request.status).toBe(200);
}

export function outputIds(result: RunWorkflowResult, key = 'chatSessionId'): number[] {
	return result.items.map((item) => item.json[key] as number);
}

/** An ISO instant with whole seconds, as the node sends dates. */
export function wholeSecondsIso(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
