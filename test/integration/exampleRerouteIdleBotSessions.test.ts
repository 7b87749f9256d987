/**
 * The example workflow examples/reroute-idle-bot-sessions.json, run in-process through
 * n8n-core's WorkflowExecute against the sandbox.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
	IConnections,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { HARNESS_TRIGGER_NODE_TYPE, runWorkflow } from '../harness';
import type { RunWorkflowResult } from '../harness';
import { formatSoDate, parseSoDate } from '../sandbox';
import { expectNoSecrets, NODE_TYPE, sandboxCredential } from './support';
import {
	ACTIVE,
	API,
	MINUTE,
	archiveRequests,
	entityRequests,
	expectArchiveRequest,
	idsWhere,
	outputIds,
	sandbox,
	wholeSecondsIso,
} from './chatSessionSupport';

interface WorkflowFile {
	id: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	settings: IDataObject;
	active: boolean;
	[key: string]: unknown;
}

const EXAMPLE_PATH = join(__dirname, '../../examples/reroute-idle-bot-sessions.json');
const SET_TYPE = 'n8n-nodes-base.set';
const FILTER_TYPE = 'n8n-nodes-base.filter';
const IF_TYPE = 'n8n-nodes-base.if';
const SCHEDULE_TYPE = 'n8n-nodes-base.scheduleTrigger';
const STICKY_TYPE = 'n8n-nodes-base.stickyNote';
const EXAMPLE_CREDENTIAL = { id: 'superoffice-sandbox', name: 'SuperOffice sandbox' };

function loadExample(): WorkflowFile {
	return JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8')) as WorkflowFile;
}

/** Test double of n8n's Edit Fields (Set) v3.3+, manual mode: sets the assignments, nothing else. */
class SetDouble implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Edit Fields (test double)',
		name: 'set',
		group: ['input'],
		version: [3.3, 3.4],
		description: 'Test double',
		defaults: { name: 'Edit Fields' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [{ name: 'Manual Mapping', value: 'manual' }],
				default: 'manual',
			},
			{
				displayName: 'Fields to Set',
				name: 'assignments',
				type: 'assignmentCollection',
				default: {},
			},
			{
				displayName: 'Include Other Input Fields',
				name: 'includeOtherFields',
				type: 'boolean',
				default: false,
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, itemIndex) => {
				const { assignments = [] } = this.getNodeParameter('assignments', itemIndex) as {
					assignments?: Array<{ name: string; type: string; value: unknown }>;
				};
				const json: IDataObject =
					this.getNodeParameter('includeOtherFields', itemIndex) === true ? { ...item.json } : {};
				for (const { name, type, value } of assignments) {
					if (type !== 'number')
						throw new Error(`SetDouble: only number fields are supported, got ${type}`);
					json[name] = Number(value);
				}
				return { json, pairedItem: { item: itemIndex } };
			}),
		];
	}
}

/** Test double of n8n's Filter v2: FilterV2.execute's logic over n8n's own filter evaluation. */
class FilterDouble implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Filter (test double)',
		name: 'filter',
		group: ['transform'],
		version: [2, 2.1, 2.2, 2.3],
		description: 'Test double',
		defaults: { name: 'Filter' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Kept', 'Discarded'],
		properties: [
			{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const kept: INodeExecutionData[] = [];
		const discarded: INodeExecutionData[] = [];
		this.getInputData().forEach((item, itemIndex) => {
			const pass = this.getNodeParameter('conditions', itemIndex, false, {
				extractValue: true,
			}) as boolean;
			if (item.pairedItem === undefined) item.pairedItem = { item: itemIndex };
			(pass ? kept : discarded).push(item);
		});
		return [kept, discarded];
	}
}

/** Test double of n8n's If v2: the same filter evaluation, items to the true or the false output. */
class IfDouble extends FilterDouble {
	constructor() {
		super();
		this.description = {
			...this.description,
			displayName: 'If (test double)',
			name: 'if',
			outputNames: ['true', 'false'],
		};
	}
}

/**
 * The example's nodes and connections, runnable by the harness: the schedule trigger becomes the
 * harness' manual trigger (same name), the sticky note is left out, everything else is verbatim.
 * `upTo` cuts the graph after that node.
 */
function runnableExample(
	example: WorkflowFile,
	upTo?: string,
): { nodes: INode[]; connections: IConnections } {
	const nodes = example.nodes
		.filter((node) => node.type !== STICKY_TYPE)
		.map((node) =>
			node.type === SCHEDULE_TYPE
				? { ...node, type: HARNESS_TRIGGER_NODE_TYPE, typeVersion: 1, parameters: {} }
				: node,
		);
	const connections = structuredClone(example.connections);
	if (upTo !== undefined) {
		const keep = new Set<string>();
		let current: string | undefined = nodes.find(
			(node) => node.type === HARNESS_TRIGGER_NODE_TYPE,
		)?.name;
		while (current !== undefined) {
			keep.add(current);
			if (current === upTo) break;
			current = connections[current]?.main?.[0]?.[0]?.node;
		}
		for (const name of Object.keys(connections)) {
			if (!keep.has(name) || name === upTo) delete connections[name];
		}
		return { nodes: nodes.filter((node) => keep.has(node.name)), connections };
	}
	return { nodes, connections };
}

async function runExample(example: WorkflowFile, upTo?: string): Promise<RunWorkflowResult> {
	const { nodes, connections } = runnableExample(example, upTo);
	return await runWorkflow({
		nodeTypes: {
			[NODE_TYPE]: new SuperOffice(),
			[SET_TYPE]: new SetDouble(),
			[FILTER_TYPE]: new FilterDouble(),
			[IF_TYPE]: new IfDouble(),
		},
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: { ...EXAMPLE_CREDENTIAL, data: sandboxCredential(sandbox.webClientUrl) },
		},
		nodes,
		connections,
		resultNode: upTo,
	});
}

function exampleNode(example: WorkflowFile, predicate: (node: INode) => boolean): INode {
	const matches = example.nodes.filter(predicate);
	expect(matches).toHaveLength(1);
	return matches[0];
}

/** idleMinutes as the example's Config node sets it. */
function exampleIdleMinutes(example: WorkflowFile): number {
	const config = exampleNode(example, (node) => node.type === SET_TYPE);
	const { assignments } = config.parameters.assignments as {
		assignments: Array<{ name: string; value: unknown; type: string }>;
	};
	expect(assignments).toHaveLength(1);
	expect(assignments[0]).toMatchObject({ name: 'idleMinutes', type: 'number' });
	return Number(assignments[0].value);
}

/** The sandbox's idle bot sessions, from its own state and its own date parser. */
function idleBotSessionIds(idleMinutes: number): number[] {
	const limit = Date.now() - idleMinutes * MINUTE;
	return idsWhere(
		(s) =>
			s.ChatbotIsActive === true &&
			ACTIVE.includes(s.Status) &&
			s.WhenIdle !== null &&
			parseSoDate(s.WhenIdle) < limit,
	);
}

describe('examples/reroute-idle-bot-sessions.json', () => {
	it('is an importable n8n workflow (structure n8n checks on import)', () => {
		const example = loadExample();
		// n8n 2.41's `import:workflow` refuses a single workflow without an id (NOT NULL constraint).
		expect(example.id).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(typeof example.name).toBe('string');
		expect(example.name.length).toBeGreaterThan(0);
		expect(example.active).toBe(false);
		expect(example.settings).toEqual({ executionOrder: 'v1' });

		const names = new Set<string>();
		const ids = new Set<string>();
		for (const node of example.nodes) {
			expect(node.id).toMatch(
				/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
			);
			expect(typeof node.name).toBe('string');
			expect(typeof node.type).toBe('string');
			expect(typeof node.typeVersion).toBe('number');
			expect(node.position).toEqual([expect.any(Number), expect.any(Number)]);
			expect(typeof node.parameters).toBe('object');
			names.add(node.name);
			ids.add(node.id);
		}
		expect(names.size).toBe(example.nodes.length);
		expect(ids.size).toBe(example.nodes.length);

		for (const [source, byType] of Object.entries(example.connections)) {
			expect(names.has(source)).toBe(true);
			expect(Object.keys(byType)).toEqual(['main']);
			for (const bucket of byType.main) {
				for (const connection of bucket ?? []) {
					expect(names.has(connection.node)).toBe(true);
					expect(connection).toEqual({ node: connection.node, type: 'main', index: 0 });
				}
			}
		}

		// One chain from the trigger along the first outputs (the If's true branch), in this order.
		const chain: INode[] = [];
		let current: INode | undefined = exampleNode(example, (node) => node.type === SCHEDULE_TYPE);
		while (current !== undefined && chain.length < example.nodes.length) {
			chain.push(current);
			const next: string | undefined = example.connections[current.name]?.main?.[0]?.[0]?.node;
			current = example.nodes.find((node) => node.name === next);
		}
		expect(chain.map((node) => [node.type, node.parameters.operation])).toEqual([
			[SCHEDULE_TYPE, undefined],
			[SET_TYPE, undefined],
			[NODE_TYPE, 'getMany'],
			[FILTER_TYPE, undefined],
			[NODE_TYPE, 'getAvailability'],
			[IF_TYPE, undefined],
			[NODE_TYPE, 'addMessage'],
			[NODE_TYPE, 'reset'],
		]);
		// The If's false output: the wait note, once.
		expect(example.connections['Someone can answer now?'].main[1]).toEqual([
			{ node: 'Not told yet', type: 'main', index: 0 },
		]);
		expect(example.connections['Not told yet'].main[0]).toEqual([
			{ node: 'Tell the customer to wait', type: 'main', index: 0 },
		]);
		expect(example.nodes.filter((node) => node.type === STICKY_TYPE)).toHaveLength(1);
	});

	it('sets up trigger, Config, the three SuperOffice nodes and the Filter as intended', () => {
		const example = loadExample();
		const schedule = exampleNode(example, (node) => node.type === SCHEDULE_TYPE);
		expect(schedule.typeVersion).toBe(1.2);
		expect(schedule.parameters).toEqual({
			rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] },
		});

		expect(exampleNode(example, (node) => node.type === SET_TYPE).name).toBe('Config');
		expect(exampleIdleMinutes(example)).toBe(3);

		const superOfficeNodes = example.nodes.filter((node) => node.type === NODE_TYPE);
		expect(superOfficeNodes).toHaveLength(5);
		const known: INodeProperties[] = new SuperOffice().description.properties;
		for (const node of superOfficeNodes) {
			expect(node.typeVersion).toBe(1);
			expect(node.credentials).toEqual({ superOfficeApi: EXAMPLE_CREDENTIAL });
			// Every parameter is one the node has (a typo would be silently ignored by n8n).
			for (const name of Object.keys(node.parameters))
				expect(known.map((p) => p.name)).toContain(name);
		}

		const getMany = exampleNode(example, (node) => node.parameters.operation === 'getMany');
		expect(getMany.parameters).toMatchObject({
			resource: 'chatSession',
			source: 'archive',
			returnAll: true,
			fullEntities: true,
			filters: { status: ['active'] },
		});
		const filter = exampleNode(example, (node) => node.name === 'Keep idle bot sessions');
		const availability = exampleNode(
			example,
			(node) => node.parameters.operation === 'getAvailability',
		);
		expect(availability.parameters).toMatchObject({
			resource: 'chatTopic',
			chatTopicId: { __rl: true, mode: 'id', value: '={{ $json.TopicId }}' },
		});
		const addMessage = exampleNode(example, (node) => node.name === 'Tell the customer');
		expect(addMessage.parameters).toMatchObject({
			chatSessionId: `={{ $('${filter.name}').item.json.ChatSessionId }}`,
			message: 'A colleague takes over this chat in a moment.',
			botMessage: true,
		});
		expect(addMessage.onError).toBe('continueRegularOutput');
		const reset = exampleNode(example, (node) => node.parameters.operation === 'reset');
		expect(reset.parameters.chatSessionId).toBe(
			`={{ $('${filter.name}').item.json.ChatSessionId }}`,
		);

		// N is set in one place: only Config holds it; the Filter reads it from there.
		const wait = exampleNode(example, (node) => node.name === 'Tell the customer to wait');
		expect(wait.parameters).toMatchObject({
			operation: 'addMessage',
			chatSessionId: `={{ $('${filter.name}').item.json.ChatSessionId }}`,
		});
		expect(wait.onError).toBe('continueRegularOutput');
		const conditions = (
			filter.parameters.conditions as { conditions: Array<{ leftValue: string }> }
		).conditions;
		expect(conditions.map((c) => c.leftValue).join(' ')).toContain(
			"$('Config').first().json.idleMinutes",
		);
		expect(
			JSON.stringify(
				example.nodes.filter((node) => node.name !== 'Config' && node.type !== STICKY_TYPE),
			),
		).not.toMatch(/minutes:\s*3\b/);
	});

	it("Get Many (active, full) + the example's own Filter conditions select exactly the idle bot sessions", async () => {
		const example = loadExample();
		const idleMinutes = exampleIdleMinutes(example);
		const now = Date.now();
		// Sessions around the edge, and date shapes other than the seed's.
		sandbox.putSession({
			ChatSessionId: 950,
			TopicId: 2,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			// 7-digit fraction, New York offset: still one instant.
			WhenIdle: formatSoDate(now - idleMinutes * MINUTE - 20_000, 'America/New_York', 4321),
		});
		sandbox.putSession({
			ChatSessionId: 951,
			TopicId: 2,
			Status: 'UserLast',
			ChatbotIsActive: true,
			WhenIdle: formatSoDate(now - idleMinutes * MINUTE + 20_000, 'Europe/Oslo', 9999),
		});
		sandbox.putSession({
			ChatSessionId: 952,
			TopicId: 2,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			WhenIdle: wholeSecondsIso(now - 20 * MINUTE),
		});
		sandbox.putSession({
			ChatSessionId: 953,
			TopicId: 2,
			Status: 'UserLast',
			ChatbotIsActive: true,
			WhenIdle: null,
		});
		sandbox.putSession({
			ChatSessionId: 954,
			TopicId: 1,
			Status: 'CustomerLast',
			ChatbotIsActive: false,
			User: 'anna.agent',
			WhenIdle: formatSoDate(now - 45 * MINUTE),
		});
		sandbox.clearRequests();

		const filterName = 'Keep idle bot sessions';
		const result = await runExample(example, filterName);

		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder).toEqual([
			'Every 5 minutes',
			'Config',
			'Get active chat sessions',
			filterName,
		]);
		const [kept, discarded] = result.outputs as INodeExecutionData[][];
		const keptIds = kept.map((item) => item.json.ChatSessionId as number);
		const discardedIds = discarded.map((item) => item.json.ChatSessionId as number);

		// Seed: bots idle 1, 2, 4, 6, 10, 30 minutes (901..906); plus 950 and 952 from above.
		expect(keptIds).toEqual([903, 904, 905, 906, 950, 952]);
		expect(keptIds).toEqual(idleBotSessionIds(idleMinutes));
		expect(discardedIds).toEqual([901, 902, 911, 912, 913, 914, 915, 916, 951, 953, 954]);
		expect([...keptIds, ...discardedIds].sort((a, b) => a - b)).toEqual(
			idsWhere((s) => ACTIVE.includes(s.Status)),
		);
		for (const item of kept)
			expect(item.json).toMatchObject({ ChatbotIsActive: true, WhenIdle: expect.any(String) });

		// What Get Many sent: one archive search for active sessions, then one read per session.
		expect(archiveRequests()).toHaveLength(1);
		expectArchiveRequest(archiveRequests()[0], {
			top: 200,
			skip: 0,
			filter: '(status eq 5 or status eq 6)',
		});
		expect(entityRequests()).toHaveLength(keptIds.length + discardedIds.length);
		// Nothing was changed.
		expect(sandbox.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('end to end in-process: tells and resets exactly the idle bot sessions; a failed message does not stop the hand-off', async () => {
		const example = loadExample();
		const idle = idleBotSessionIds(exampleIdleMinutes(example));
		expect(idle).toEqual([903, 904, 905, 906]);
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /\/ChatSession\/905\/Messages$/ },
				times: 1,
				fault: { type: 'status', status: 400 },
			},
		]);

		const result = await runExample(example);

		expect(result.error).toBeUndefined();
		expect(result.nodeExecutionOrder.slice(-2)).toEqual([
			'Tell the customer',
			'Hand over to a human',
		]);
		const messages = sandbox.requestsFor('POST', /\/Messages$/);
		const resets = sandbox.requestsFor('POST', /\/Reset$/);
		expect(messages.map((r) => r.path).sort()).toEqual(
			idle.map((id) => `${API}/ChatSession/${id}/Messages`),
		);
		expect(resets.map((r) => r.path).sort()).toEqual(
			idle.map((id) => `${API}/ChatSession/${id}/Reset`),
		);
		// Every message went out before the first reset.
		expect(Math.max(...messages.map((r) => r.seq))).toBeLessThan(
			Math.min(...resets.map((r) => r.seq)),
		);
		for (const request of messages) {
			expect(request.body).toEqual({
				ChatSessionId: Number(request.path.split('/').at(-2)),
				Message: 'A colleague takes over this chat in a moment.',
				Type: 'ToCustomer',
				Author: 'Bot',
				SpecialType: 'BotMessage',
			});
		}

		// The message step's outcome per session: stored, except the injected failure.
		const tell = result.runData['Tell the customer'][0].data!.main[0]!;
		expect(tell.map((item) => item.json.ChatSessionId ?? item.json.chatSessionId)).toEqual(idle);
		expect(tell[idle.indexOf(905)].json).toMatchObject({ chatSessionId: 905, httpCode: '400' });
		for (const id of idle) {
			const texts = sandbox.getMessages(id).map((m) => m.Message);
			expect(texts.includes('A colleague takes over this chat in a moment.')).toBe(id !== 905);
		}

		// Reset output: the sessions, back on the queue, paired item by item.
		expect(outputIds(result, 'ChatSessionId')).toEqual(idle);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			idle.map((_id, item) => ({ item })),
		);
		for (const id of idle)
			expect(sandbox.getSession(id)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
		// The bots that were not idle long enough are untouched.
		for (const id of [901, 902])
			expect(sandbox.getSession(id)).toMatchObject({
				ChatbotIsActive: true,
				Status: expect.stringMatching(/Last$/),
			});
		expectNoSecrets(result.run);
	});

	it.each([
		[
			'deactivated',
			(example: WorkflowFile) => {
				exampleNode(example, (node) => node.name === 'Tell the customer').disabled = true;
			},
		],
		[
			'deleted, Filter connected straight to Reset',
			(example: WorkflowFile) => {
				const addMessage = exampleNode(example, (node) => node.name === 'Tell the customer');
				const reset = exampleNode(example, (node) => node.parameters.operation === 'reset');
				example.nodes = example.nodes.filter((node) => node !== addMessage);
				delete example.connections[addMessage.name];
				example.connections['Someone can answer now?'].main[0] = [
					{ node: reset.name, type: NodeConnectionTypes.Main, index: 0 },
				];
			},
		],
	])(
		'Add Message is optional: %s, Reset still hands over exactly the idle bot sessions',
		async (_label, change) => {
			const example = loadExample();
			change(example);
			const idle = idleBotSessionIds(exampleIdleMinutes(example));
			expect(idle).toEqual([903, 904, 905, 906]);

			const result = await runExample(example);

			expect(result.error).toBeUndefined();
			expect(sandbox.requestsFor('POST', /\/Messages$/)).toHaveLength(0);
			expect(
				sandbox
					.requestsFor('POST', /\/Reset$/)
					.map((r) => r.path)
					.sort(),
			).toEqual(idle.map((id) => `${API}/ChatSession/${id}/Reset`));
			expect(outputIds(result, 'ChatSessionId')).toEqual(idle);
			for (const id of idle)
				expect(sandbox.getSession(id)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
			for (const id of [901, 902]) expect(sandbox.getSession(id)?.ChatbotIsActive).toBe(true);
		},
	);

	it('nobody can answer: the bot keeps the session and the customer is told once; once someone is back, it is handed over', async () => {
		const example = loadExample();
		const wait = exampleNode(example, (node) => node.name === 'Tell the customer to wait');
		const waitText = wait.parameters.message as string;
		// Support (2), the bot topic of 903-906: Anna and Bob away (Carl is too). 950 is an idle
		// bot session in Sales (1), where Sandra is present and may respond.
		sandbox.setPresent('anna.agent', false);
		sandbox.setPresent('bob.backup', false);
		sandbox.putSession({
			ChatSessionId: 950,
			TopicId: 1,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			WhenIdle: formatSoDate(Date.now() - 10 * MINUTE),
		});
		const idle = idleBotSessionIds(exampleIdleMinutes(example));
		expect(idle).toEqual([903, 904, 905, 906, 950]);
		const waiting = [903, 904, 905, 906];

		const first = await runExample(example);
		expect(first.error).toBeUndefined();
		// One availability check per idle session, of its own topic.
		expect(
			sandbox
				.requestsFor('GET', /\/ChatTopic\/\d+\/IsOpen$/)
				.map((r) => r.apiPath)
				.sort(),
		).toEqual(['/ChatTopic/1/IsOpen', ...waiting.map(() => '/ChatTopic/2/IsOpen')]);
		const availability = first.runData['Who can answer?'][0].data!.main[0]!;
		expect(availability.map((item) => [item.json.chatTopicId, item.json.canAnswer])).toEqual([
			...waiting.map(() => [2, false]),
			[1, true],
		]);
		expect(sandbox.requestsFor('POST', /\/Reset$/).map((r) => r.apiPath)).toEqual([
			'/ChatSession/950/Reset',
		]);
		const notes = sandbox.requestsFor('POST', /\/Messages$/);
		// The true branch (hand-over) runs before the false branch (the wait notes).
		expect(notes.map((r) => [r.apiPath, (r.body as { Message: string }).Message])).toEqual([
			['/ChatSession/950/Messages', 'A colleague takes over this chat in a moment.'],
			...waiting.map((id) => [`/ChatSession/${id}/Messages`, waitText]),
		]);
		for (const id of waiting) {
			expect(sandbox.getSession(id)).toMatchObject({
				ChatbotIsActive: true,
				LastMessage: waitText,
			});
			expect(sandbox.getSession(id)?.Status).toMatch(/Last$/);
		}
		expect(sandbox.getSession(950)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });

		// Still nobody, idle again: no second note.
		for (const id of waiting) sandbox.setIdle(id, 10);
		sandbox.clearRequests();
		const second = await runExample(example);
		expect(second.error).toBeUndefined();
		expect(sandbox.requestsFor('POST', /\/(Messages|Reset)$/)).toEqual([]);

		// Anna is back: the next run hands the waiting sessions over.
		sandbox.setPresent('anna.agent', true);
		sandbox.clearRequests();
		const third = await runExample(example);
		expect(third.error).toBeUndefined();
		expect(
			sandbox
				.requestsFor('POST', /\/Reset$/)
				.map((r) => r.apiPath)
				.sort(),
		).toEqual(waiting.map((id) => `/ChatSession/${id}/Reset`));
		for (const id of waiting)
			expect(sandbox.getSession(id)).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });
		expectNoSecrets(third.run);
	});
});
