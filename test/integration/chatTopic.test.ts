/**
 * Chat Topic → Get, Get Many and Get Availability through n8n-core's WorkflowExecute against the
 * sandbox, and the topic pick list (searchChatTopics) as the editor loads it. Every case checks
 * the requests the node sent (the sandbox's log) and the output against the sandbox's own state.
 */
import type { INode } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { SuperOfficeIdleChatTrigger } from '../../nodes/SuperOfficeIdleChatTrigger/SuperOfficeIdleChatTrigger.node';
import { SuperOfficeTrigger } from '../../nodes/SuperOfficeTrigger/SuperOfficeTrigger.node';
import { runListSearch, runLoadOptions } from '../harness';
import { API, run, sandbox } from './chatSessionSupport';
import type { Recorded } from './chatSessionSupport';
import { expectNoSecrets, NODE_TYPE, sandboxCredential } from './support';

const byList = (value: string | number) => ({ __rl: true, mode: 'list', value: String(value) });
const byId = (value: string | number) => ({ __rl: true, mode: 'id', value });

/** The topic's members as the sandbox holds them. */
function membersOf(topicId: number) {
	return sandbox.state.findTopic(topicId)!.Members;
}

/** What Get Availability must say about a topic, from the sandbox's own state. */
function expectedAvailability(topicId: number, isOpen: boolean) {
	const topic = sandbox.state.findTopic(topicId)!;
	const sessions = [...sandbox.sessions.values()];
	const agents = membersOf(topicId).map((m) => {
		const who = sandbox.state.associates.find((a) => a.associateId === m.associateId)!;
		return {
			associateId: m.associateId,
			name: who.fullName,
			present: sandbox.state.present.has(m.associateId),
			canRespond: m.canRespond,
			ongoingChats: sessions.filter(
				(s) =>
					s.User?.AssociateId === m.associateId && ['CustomerLast', 'UserLast'].includes(s.Status),
			).length,
		};
	});
	const available = agents.filter((a) => a.present && a.canRespond).length;
	return {
		chatTopicId: topicId,
		name: topic.Name,
		isOpen,
		agentsPresent: agents.filter((a) => a.present).length,
		agentsAvailable: available,
		inQueue: sessions.filter((s) => s.TopicId === topicId && s.Status === 'InQueue').length,
		secondsPerAccept: topic.SecondsPrAccept,
		canAnswer: isOpen && available > 0,
		agents,
	};
}

function topicRequests(): Recorded[] {
	return sandbox.requests.filter((r) => /\/ChatTopic|GetChatPresence|\/ChatSession$/.test(r.path));
}

/** The five reads of one Get Availability, as the sandbox saw them (any order after the first). */
function expectAvailabilityRequests(requests: Recorded[], topicId: number): void {
	expect(requests.map((r) => `${r.method} ${r.apiPath}`)[0]).toBe(`GET /ChatTopic/${topicId}`);
	expect(requests.map((r) => `${r.method} ${r.apiPath}`).sort()).toEqual(
		[
			`GET /ChatTopic/${topicId}`,
			`GET /ChatTopic/${topicId}/IsOpen`,
			`GET /ChatTopic/${topicId}/UserAgent`,
			'POST /Agents/Chat/GetChatPresence',
			'GET /ChatSession',
		].sort(),
	);
	const presence = requests.find((r) => r.apiPath === '/Agents/Chat/GetChatPresence')!;
	expect(presence.body).toBeUndefined();
	const search = requests.find((r) => r.apiPath === '/ChatSession')!;
	expect(search.query).toEqual({
		$select: 'chatSessionId',
		$filter: `status eq 4 and chatTopic/chatTopicId eq ${topicId}`,
		$orderBy: 'chatSessionId',
		$top: '200',
		$skip: '0',
	});
	for (const r of requests) {
		expect(r.headers.accept).toBe('application/json');
		expect(r.status).toBe(200);
	}
}

describe('Chat Topic → Get', () => {
	it('from the list, by ID, as a plain number (older workflows) or an expression: GET /ChatTopic/{id}', async () => {
		const values = [byList(2), byId('3'), 371, '={{ $json.topic }}'];
		for (const [index, chatTopicId] of values.entries()) {
			sandbox.clearRequests();
			const result = await run(
				{ resource: 'chatTopic', operation: 'get', chatTopicId },
				{ items: [{ json: { topic: 1 } }] },
			);
			const expectedId = [2, 3, 371, 1][index];
			expect(result.error).toBeUndefined();
			expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET ${API}/ChatTopic/${expectedId}`,
			]);
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({
				ChatTopicId: expectedId,
				Name: sandbox.state.findTopic(expectedId)!.Name,
				SecondsPrAccept: sandbox.state.findTopic(expectedId)!.SecondsPrAccept,
				_Links: { Self: `${sandbox.apiUrl}/ChatTopic/${expectedId}` },
			});
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		}
	});

	it('an unknown topic: a readable 404 naming the topic; with Continue On Fail an error item with chatTopicId', async () => {
		const stopped = await run({ resource: 'chatTopic', operation: 'get', chatTopicId: byId(77) });
		expect(stopped.error?.message).toMatch(
			/^Could not get chat topic 77: not found \(HTTP 404\)\. SuperOffice says: ChatTopic with id 77 not found/,
		);
		expect((stopped.error as { description?: string }).description).toContain('chat topic id 77');

		const result = await run(
			{ resource: 'chatTopic', operation: 'get', chatTopicId: '={{ $json.topic }}' },
			{
				items: [{ json: { topic: 77 } }, { json: { topic: 'x/../1' } }, { json: { topic: 2 } }],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toMatchObject({ chatTopicId: 77, httpCode: '404' });
		expect(result.items[1].json).toEqual({
			error: 'Chat Topic ID of item 1 must be a whole number from 1 to 2147483647, got "x/../1"',
			chatTopicId: 'x/../1',
			description: 'Check the value or the expression that produces it.',
		});
		expect(result.items[2].json).toMatchObject({ ChatTopicId: 2, Name: 'Support' });
		// The invalid id never reached the sandbox.
		expect(sandbox.requests.map((r) => r.apiPath)).toEqual([
			'/ChatTopic/77',
			'/ChatTopic/77',
			'/ChatTopic/2',
		]);
	});
});

describe('Chat Topic → Get Many', () => {
	it('the topics of the current user: GET /ChatTopic/ForCurrentUser, Limit and Return All', async () => {
		const limited = await run({ resource: 'chatTopic', operation: 'getMany', limit: 2 });
		expect(limited.error).toBeUndefined();
		expect(limited.items.map((i) => i.json.ChatTopicId)).toEqual([1, 2]);

		const all = await run({ resource: 'chatTopic', operation: 'getMany', returnAll: true });
		expect(all.items.map((i) => i.json.ChatTopicId)).toEqual(
			sandbox.state.topicsFor(5).map((t) => t.ChatTopicId),
		);
		expect(
			all.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expect(sandbox.requests.map((r) => `${r.method} ${r.apiPath}`)).toEqual([
			'GET /ChatTopic/ForCurrentUser',
			'GET /ChatTopic/ForCurrentUser',
		]);

		// Only the topics the user is a member of.
		sandbox.setTopic(3, { Members: [{ user: 'bob.backup', canRespond: true }] });
		const fewer = await run({ resource: 'chatTopic', operation: 'getMany', returnAll: true });
		expect(fewer.items.map((i) => i.json.ChatTopicId)).toEqual([1, 2, 371]);
	});

	it('a Limit below 1 fails the item before any request', async () => {
		const result = await run(
			{ resource: 'chatTopic', operation: 'getMany', limit: 0 },
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe(
			'Limit of item 0 must be a whole number of at least 1, got 0',
		);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Chat Topic → Get Availability', () => {
	it('one decision-ready item from the topic, IsOpen, UserAgent, GetChatPresence and the queue', async () => {
		sandbox.putSession({ ChatSessionId: 970, TopicId: 2, Status: 'InQueue' });
		sandbox.putSession({ ChatSessionId: 971, TopicId: 2, Status: 'InQueue' });
		sandbox.putSession({ ChatSessionId: 972, TopicId: 1, Status: 'InQueue' });
		sandbox.clearRequests();

		const result = await run({
			resource: 'chatTopic',
			operation: 'getAvailability',
			chatTopicId: byList(2),
			options: { language: 'sv' },
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual(expectedAvailability(2, true));
		expect(result.items[0].json).toMatchObject({
			name: 'Support',
			agentsPresent: 3, // Sandra (listens), Anna, Bob
			agentsAvailable: 2, // Anna, Bob; Carl may respond but is away
			canAnswer: true,
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expectAvailabilityRequests(topicRequests(), 2);
		// The node's options reach every one of the five requests.
		expect(sandbox.requests.map((r) => r.headers['so-language'])).toEqual(Array(5).fill('sv'));
		expectNoSecrets(result.run);
	});

	it('nobody present who may respond: canAnswer false, and Reset would show the offline form', async () => {
		sandbox.setPresent('anna.agent', false);
		sandbox.setPresent('bob.backup', false);
		const result = await run({
			resource: 'chatTopic',
			operation: 'getAvailability',
			chatTopicId: byId(2),
		});
		expect(result.items[0].json).toEqual(expectedAvailability(2, true));
		expect(result.items[0].json).toMatchObject({
			isOpen: true,
			agentsPresent: 1,
			agentsAvailable: 0,
			canAnswer: false,
		});
		// What the flag promises: the sandbox's Reset now offers the offline form.
		const reset = await run({ operation: 'reset', chatSessionId: 903 });
		expect(reset.items[0].json.Status).toBe('OfflineForm');

		sandbox.setPresent('carl.chat', true);
		const back = await run({ resource: 'chatTopic', operation: 'getAvailability', chatTopicId: 2 });
		expect(back.items[0].json).toMatchObject({ agentsAvailable: 1, canAnswer: true });
	});

	it('closed (outside its opening hours): canAnswer false though agents are available', async () => {
		sandbox.setTopic(3, {
			OpeningHoursEnabled: true,
			OpeningHours: { timeZone: 'UTC', days: {} }, // never open
		});
		const result = await run({
			resource: 'chatTopic',
			operation: 'getAvailability',
			chatTopicId: byList(3),
		});
		expect(result.items[0].json).toEqual(expectedAvailability(3, false));
		expect(result.items[0].json).toMatchObject({
			isOpen: false,
			agentsAvailable: 2,
			canAnswer: false,
		});
	});

	it('one item per input item, in order; Continue On Fail keeps going with chatTopicId on the error item', async () => {
		const result = await run(
			{ resource: 'chatTopic', operation: 'getAvailability', chatTopicId: '={{ $json.TopicId }}' },
			{
				items: [2, 'x', 77, 1].map((TopicId) => ({ json: { TopicId } })),
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(result.items[0].json).toEqual(expectedAvailability(2, true));
		expect(result.items[1].json).toMatchObject({
			error: 'Chat Topic ID of item 1 must be a whole number from 1 to 2147483647, got "x"',
			chatTopicId: 'x',
		});
		expect(result.items[2].json).toMatchObject({
			error: expect.stringMatching(/^Could not get chat topic 77: not found \(HTTP 404\)/),
			chatTopicId: 77,
			httpCode: '404',
		});
		expect(result.items[3].json).toEqual(expectedAvailability(1, true));
		// The unknown topic stopped after its first read; the invalid one sent nothing.
		expect(
			sandbox.requests.filter((r) => /\/ChatTopic\/77/.test(r.path)).map((r) => r.apiPath),
		).toEqual(['/ChatTopic/77']);
		expect(sandbox.requests.some((r) => r.path.includes('/x'))).toBe(false);
	});

	it('a failure of a later read (the presence) names the topic; without Continue On Fail the run stops', async () => {
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /GetChatPresence$/ },
				times: 1,
				fault: { type: 'status', status: 403 },
			},
		]);
		const failed = await run(
			{ resource: 'chatTopic', operation: 'getAvailability', chatTopicId: 2 },
			{ continueOnFail: true },
		);
		expect(failed.items[0].json).toMatchObject({
			error: expect.stringMatching(/^Could not read who is present in the chat: .*\(HTTP 403\)/),
			chatTopicId: 2,
			httpCode: '403',
		});

		sandbox.faults.script([
			{ match: { path: /\/IsOpen$/ }, times: 1, fault: { type: 'status', status: 400 } },
		]);
		const stopped = await run({
			resource: 'chatTopic',
			operation: 'getAvailability',
			chatTopicId: 2,
		});
		expect(stopped.error?.message).toMatch(
			/^Could not check whether chat topic 2 is open: SuperOffice rejected the request as invalid \(HTTP 400\)/,
		);
		expectNoSecrets(stopped.error);
	});

	it('IsOpen answering something other than true or false fails the item, it is never taken as closed', async () => {
		sandbox.faults.script([
			{
				match: { path: /\/IsOpen$/ },
				times: 1,
				fault: { type: 'raw', status: 200, body: '"yes"' },
			},
		]);
		const result = await run(
			{ resource: 'chatTopic', operation: 'getAvailability', chatTopicId: 2 },
			{ continueOnFail: true },
		);
		expect(result.items[0].json).toMatchObject({
			error:
				'Could not check whether chat topic 2 is open: SuperOffice answered HTTP 200 with a text instead of a true or false',
			chatTopicId: 2,
		});
	});
});

describe('the chat topic pick list (searchChatTopics)', () => {
	async function search(filter?: string) {
		const node: INode = {
			id: 'node-1',
			name: 'SuperOffice',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'chatTopic', operation: 'getAvailability' },
			credentials: { superOfficeApi: { id: 'c1', name: 'SuperOffice' } },
		};
		const { result } = await runListSearch({
			nodeTypes: { [NODE_TYPE]: new SuperOffice() },
			credentialTypes: [new SuperOfficeApi()],
			credentials: {
				superOfficeApi: {
					id: 'c1',
					name: 'SuperOffice',
					data: sandboxCredential(sandbox.webClientUrl),
				},
			},
			node,
			method: 'searchChatTopics',
			filter,
		});
		return result;
	}

	it('lists the current user\'s topics as "Name (id)" by name, and searches names and ids', async () => {
		const all = await search();
		expect(all.results).toEqual(
			sandbox.state
				.topicsFor(5)
				.map((t) => ({ name: `${t.Name} (${t.ChatTopicId})`, value: String(t.ChatTopicId) }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		);
		expect(all.paginationToken).toBeUndefined();
		expect((await search(' SUP ')).results).toEqual([{ name: 'Support (2)', value: '2' }]);
		expect((await search('3')).results).toEqual([{ name: 'Billing (3)', value: '3' }]);
		expect((await search('nothing like it')).results).toEqual([]);
		expect(sandbox.requests.map((r) => `${r.method} ${r.apiPath}`)).toEqual(
			Array(4).fill('GET /ChatTopic/ForCurrentUser'),
		);
	});
});

describe("the triggers' Topic IDs pick list (getChatTopics)", () => {
	it.each([
		['SuperOffice Trigger', 'n8n-nodes-superoffice.superOfficeTrigger', new SuperOfficeTrigger()],
		[
			'SuperOffice Idle Chat Trigger',
			'n8n-nodes-superoffice.superOfficeIdleChatTrigger',
			new SuperOfficeIdleChatTrigger(),
		],
	])(
		'%s: the current user\'s topics, "Name (id)", value the id',
		async (_label, type, nodeType) => {
			sandbox.setTopic(371, { Members: [{ user: 'anna.agent', canRespond: true }] });
			const { result } = await runLoadOptions({
				nodeTypes: { [type]: nodeType },
				credentialTypes: [new SuperOfficeApi()],
				credentials: {
					superOfficeApi: {
						id: 'c1',
						name: 'SuperOffice',
						data: sandboxCredential(sandbox.webClientUrl),
					},
				},
				node: {
					id: 'node-1',
					name: 'Trigger',
					type,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					credentials: { superOfficeApi: { id: 'c1', name: 'SuperOffice' } },
				},
				method: 'getChatTopics',
			});
			expect(result).toEqual(
				sandbox.state
					.topicsFor(5)
					.map((t) => ({
						name: `${t.Name} (${t.ChatTopicId})`,
						value: t.ChatTopicId,
						description: t.Description,
					}))
					.sort((a, b) => a.name.localeCompare(b.name)),
			);
			expect(result.map((o) => o.value)).toEqual([3, 1, 2]);
			expect(sandbox.requests.map((r) => `${r.method} ${r.apiPath}`)).toEqual([
				'GET /ChatTopic/ForCurrentUser',
			]);
		},
	);
});
