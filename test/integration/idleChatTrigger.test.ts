/**
 * SuperOffice Idle Chat Trigger: poll() in n8n-core's PollContext (real request helpers, real
 * static data) against the sandbox. Each test checks what the trigger emitted against the
 * sandbox's own sessions, and the requests it sent from the sandbox's log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOfficeIdleChatTrigger } from '../../nodes/SuperOfficeIdleChatTrigger/SuperOfficeIdleChatTrigger.node';
import { runPoll } from '../harness';
import type { RunPollResult } from '../harness';
import { parseSoDate, SEED_IDS } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { asOutput, expectNoSecrets, sandboxCredential } from './support';
import type { Scheme } from './support';

type Session = NonNullable<ReturnType<Sandbox['getSession']>>;

const TYPE = 'n8n-nodes-superoffice.superOfficeIdleChatTrigger';
const MINUTE = 60_000;
const ACTIVE = ['CustomerLast', 'UserLast'];

const sandbox = useSandbox((sb) => sb.setNotMemberOfTopics([]));

interface PollOptions {
	parameters?: IDataObject;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	scheme?: Scheme;
	password?: string;
	/** The credential's Time Zone (SO-TimeZone). */
	timeZone?: string;
	/** The workflow's time zone (settings.timezone). */
	workflowTimezone?: string;
}

async function poll(options: PollOptions = {}): Promise<RunPollResult> {
	const credential = sandboxCredential(sandbox.webClientUrl, options.scheme ?? 'basic');
	if (options.password) credential.password = options.password;
	if (options.timeZone) credential.timeZone = options.timeZone;
	return await runPoll({
		nodeTypes: { [TYPE]: new SuperOfficeIdleChatTrigger() },
		credentialTypes: [new SuperOfficeApi()],
		credentials: { superOfficeApi: { id: '1', name: 'SuperOffice sandbox', data: credential } },
		node: { type: TYPE, parameters: { authentication: 'superOfficeApi', ...options.parameters } },
		staticData: options.staticData,
		mode: options.mode,
		timezone: options.workflowTimezone,
	});
}

function emittedIds(result: RunPollResult): number[] | null {
	return result.result === null
		? null
		: result.result[0].map((item) => item.json.ChatSessionId as number);
}

/** The sandbox's own answer: sessions in a conversation, (bot), idle longer than `minutes`, now. */
function expectedIds(minutes: number, botOnly = true, topics: number[] = []): number[] {
	const now = Date.now();
	return [...sandbox.sessions.values()]
		.filter((s: Session) => ACTIVE.includes(s.Status) && (!botOnly || s.ChatbotIsActive === true))
		.filter((s: Session) => topics.length === 0 || topics.includes(s.TopicId))
		.filter((s: Session) => s.WhenIdle !== null && now - parseSoDate(s.WhenIdle) > minutes * MINUTE)
		.map((s: Session) => s.ChatSessionId)
		.sort((a: number, b: number) => a - b);
}

function activeIds(): number[] {
	return [...sandbox.sessions.values()]
		.filter((s: Session) => ACTIVE.includes(s.Status))
		.map((s: Session) => s.ChatSessionId)
		.sort((a: number, b: number) => a - b);
}

/** Sessions that must never be emitted: queued, closed or finished with the bot flag on, idle an hour. */
function plantNonConversations(): number[] {
	const ids = [951, 952, 953, 954];
	['InQueue', 'Closed', 'Finished', 'OfflineForm'].forEach((Status, index) => {
		sandbox.putSession({
			ChatSessionId: ids[index],
			Status,
			ChatbotIsActive: true,
			TopicId: 2,
			WhenIdle: new Date(Date.now() - 60 * MINUTE),
		});
	});
	return ids;
}

describe('SuperOffice Idle Chat Trigger: candidates', () => {
	it('emits exactly the active bot sessions idle longer than 3 minutes, as full entities, reading one by one only the active sessions ForCurrentUser lacks', async () => {
		const planted = plantNonConversations();
		const expected = expectedIds(3);
		expect(expected).toEqual([903, 904, 905, 906]); // the seed: bot sessions idle 1, 2, 4, 6, 10, 30 minutes

		const result = await poll();

		expect(emittedIds(result)).toEqual(expected);
		for (const item of result.result![0]) {
			const id = item.json.ChatSessionId as number;
			expect(item.json).toEqual(asOutput(sandbox.getSession(id)));
		}
		// One archive search for the active sessions' ids, one ForCurrentUser list, then one GET per
		// active session the list lacks (in the sandbox: human-handled sessions of other users).
		const searches = sandbox.requestsFor('GET', /\/ChatSession$/);
		expect(searches).toHaveLength(1);
		expect(searches[0].query).toEqual({
			$select: 'chatSessionId',
			$orderBy: 'chatSessionId',
			$top: '200',
			$skip: '0',
			$filter: '(status eq 5 or status eq 6)',
		});
		const listed = new Set(sandbox.state.forUser(5).map((s: Session) => s.ChatSessionId));
		const lacking = activeIds().filter((id) => !listed.has(id));
		expect(lacking).toEqual([913, 914, 915]);
		const reads = sandbox
			.requestsFor('GET', /\/ChatSession\/\d+$/)
			.map((r) => Number(r.path.split('/').pop()));
		expect(reads.sort((a, b) => a - b)).toEqual(lacking);
		for (const id of planted) expect(reads).not.toContain(id);
		expect(sandbox.requestCounts()).toEqual({
			'GET ChatSession': 1,
			'GET ChatSession/ForCurrentUser': 1,
			'GET ChatSession/{id}': lacking.length,
		});
		expect(
			sandbox.requests.every(
				(r) =>
					r.method === 'GET' &&
					r.status === 200 &&
					String(r.headers.authorization).startsWith('Basic '),
			),
		).toBe(true);
		// Polling changes nothing in SuperOffice.
		expect(sandbox.getSession(906)?.ChatbotIsActive).toBe(true);
	});

	it('Only When the Bot Is in Charge off: human-handled active sessions count too; queued and closed ones still never do', async () => {
		const planted = plantNonConversations();
		sandbox.setIdle(911, 8); // a human-handled session left waiting
		const expected = expectedIds(3, false);
		expect(expected).toContain(911);
		expect(expectedIds(3)).not.toContain(911);
		const result = await poll({ parameters: { botOnly: false } });
		expect(emittedIds(result)).toEqual(expected);
		for (const id of [...planted, ...SEED_IDS.inQueue])
			expect(emittedIds(result)).not.toContain(id);
	});

	it.each([
		['the multi-select', [3, 1]],
		["an older workflow's text", '3, 1'],
		['an expression giving texts', ['3', '1']],
	])(
		'Topic IDs (%s): the search asks for those topics and only their sessions are emitted',
		async (_label, topicIds) => {
			sandbox.putSession({
				ChatSessionId: 960,
				Status: 'UserLast',
				ChatbotIsActive: true,
				TopicId: 3,
				WhenIdle: new Date(Date.now() - 20 * MINUTE),
			});
			const result = await poll({ parameters: { topicIds } });
			expect(emittedIds(result)).toEqual([960]);
			expect(sandbox.requestsFor('GET', /\/ChatSession$/)[0].query.$filter).toBe(
				'(status eq 5 or status eq 6) and (chatTopic/chatTopicId eq 1 or chatTopic/chatTopicId eq 3)',
			);
		},
	);

	it('nothing idle: poll returns null (no execution) and remembers nothing', async () => {
		sandbox.reseed('empty');
		const result = await poll();
		expect(result.result).toBeNull();
		expect(result.staticData).toEqual({
			'node:SuperOffice Idle Chat Trigger': {
				idleChatSessions: { settings: expect.any(String), emitted: {} },
			},
		});
	});
});

/** `count` active bot sessions from id 2001 in `topic`, idle 0 to 9 minutes (by id). */
function manyBotSessions(count: number, topic = 2): Array<Partial<Session>> {
	return Array.from({ length: count }, (_v, index) => ({
		ChatSessionId: 2001 + index,
		Status: index % 2 === 0 ? 'CustomerLast' : 'UserLast',
		ChatbotIsActive: true,
		TopicId: topic,
		WhenIdle: new Date(Date.now() - (index % 10) * MINUTE - 30_000) as unknown as string,
	}));
}

describe('SuperOffice Idle Chat Trigger: cost of a poll', () => {
	it('412 active sessions: the archive ids (200 a page) and one ForCurrentUser list, no per-session read', async () => {
		sandbox.reseed(manyBotSessions(412) as never);
		const result = await poll();
		expect(emittedIds(result)).toEqual(expectedIds(3));
		expect(expectedIds(3).length).toBeGreaterThan(200);
		expect(sandbox.requestCounts()).toEqual({
			'GET ChatSession': 3,
			'GET ChatSession/ForCurrentUser': 1,
		});
	});

	it('sessions of a topic the user is not a member of are missing from ForCurrentUser: read one by one, only those', async () => {
		sandbox.reseed([
			...manyBotSessions(30),
			...manyBotSessions(5, 3).map((s, i) => ({ ...s, ChatSessionId: 3001 + i })),
		] as never);
		sandbox.setNotMemberOfTopics([3]);
		const result = await poll();
		expect(emittedIds(result)).toEqual(expectedIds(3));
		expect(emittedIds(result)).toEqual(expect.arrayContaining([3005]));
		expect(sandbox.requestCounts()).toEqual({
			'GET ChatSession': 1,
			'GET ChatSession/ForCurrentUser': 1,
			'GET ChatSession/{id}': 5,
		});
		expect(
			sandbox.requestsFor('GET', /\/ChatSession\/\d+$/).map((r) => Number(r.path.split('/').pop())),
		).toEqual([3001, 3002, 3003, 3004, 3005]);
	});

	it('a poll that changes nothing leaves the static data untouched (n8n then writes nothing to its database)', async () => {
		const first = await poll();
		expect(first.staticDataChanged).toBe(true);
		const second = await poll({ staticData: first.staticData });
		expect(second.result).toBeNull();
		expect(second.staticDataChanged).toBe(false);
		expect(second.staticData).toEqual(first.staticData);
		// A change is written again.
		sandbox.setIdle(901, 5);
		const third = await poll({ staticData: second.staticData });
		expect(emittedIds(third)).toEqual([901]);
		expect(third.staticDataChanged).toBe(true);
	});
});

describe('SuperOffice Idle Chat Trigger: once per idle period', () => {
	it('a second poll emits nothing; a session idle again (new WhenIdle) is emitted once more, the others not', async () => {
		const first = await poll();
		expect(emittedIds(first)).toEqual([903, 904, 905, 906]);
		expect(first.staticDataChanged).toBe(true);

		const second = await poll({ staticData: first.staticData });
		expect(second.result).toBeNull();

		sandbox.setIdle(905, 5); // new messages, then silence again: a new idle period
		const third = await poll({ staticData: second.staticData });
		expect(emittedIds(third)).toEqual([905]);
		expect((await poll({ staticData: third.staticData })).result).toBeNull();
	});

	it('a session that becomes idle later is emitted by a later poll, once', async () => {
		const first = await poll();
		expect(emittedIds(first)).not.toContain(901);
		sandbox.setIdle(901, 4);
		const second = await poll({ staticData: first.staticData });
		expect(emittedIds(second)).toEqual([901]);
		expect((await poll({ staticData: second.staticData })).result).toBeNull();
	});

	it('forgets sessions that ended or went idle anew; remembers those still in the same idle period', async () => {
		const first = await poll();
		const memoryOf = (r: RunPollResult) =>
			Object.keys(
				(
					(r.staticData['node:SuperOffice Idle Chat Trigger'] as IDataObject)
						.idleChatSessions as IDataObject
				).emitted as IDataObject,
			)
				.map(Number)
				.sort((a, b) => a - b);
		expect(memoryOf(first)).toEqual([903, 904, 905, 906]);

		// 903 handed over (queued, bot off), 904 gets a customer message (active, not idle): no longer candidates.
		sandbox.putSession({ ...sandbox.getSession(903)!, Status: 'InQueue', ChatbotIsActive: false });
		sandbox.setIdle(904, 0);
		const second = await poll({ staticData: first.staticData });
		expect(second.result).toBeNull();
		expect(memoryOf(second)).toEqual([905, 906]);

		// 903 back with the bot and the very same WhenIdle: forgotten, so a new hand-over is due.
		sandbox.putSession({
			...sandbox.getSession(903)!,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
		});
		const third = await poll({ staticData: second.staticData });
		expect(emittedIds(third)).toEqual([903]);
	});

	it('starts over when the settings change', async () => {
		const first = await poll();
		expect(emittedIds(first)).toEqual([903, 904, 905, 906]);
		const longer = await poll({ staticData: first.staticData, parameters: { idleMinutes: 5 } });
		expect(emittedIds(longer)).toEqual(expectedIds(5));
		expect(expectedIds(5)).toEqual([904, 905, 906]);
		const back = await poll({ staticData: longer.staticData, parameters: { idleMinutes: 3 } });
		expect(emittedIds(back)).toEqual([903, 904, 905, 906]);
		const humans = await poll({ staticData: back.staticData, parameters: { botOnly: false } });
		expect(emittedIds(humans)).toEqual(expectedIds(3, false));
	});
});

describe('SuperOffice Idle Chat Trigger: time zones', () => {
	// The seed's bot sessions are idle 1, 2, 4, 6, 10 and 30 minutes: 903–906 are idle > 3 minutes.
	it.each(['UTC', 'America/New_York', 'Asia/Tokyo'])(
		'credential Time Zone UTC, workflow zone %s: exactly the sessions idle longer than 3 minutes, dates with their offset',
		async (workflowTimezone) => {
			const result = await poll({ timeZone: 'UTC', workflowTimezone });
			expect(emittedIds(result)).toEqual([903, 904, 905, 906]);
			for (const request of sandbox.requests)
				expect(request.headers['so-timezone']).toBe('UTC, includeTZOffset');
			for (const item of result.result![0]) {
				expect(item.json.WhenIdle).toMatch(/\.\d{7}\+00:00$/);
				expect(parseSoDate(item.json.WhenIdle)).toBe(
					parseSoDate(sandbox.getSession(item.json.ChatSessionId as number)!.WhenIdle),
				);
			}
		},
	);

	it('a Time Zone that already asks for offsets is sent as it is', async () => {
		const result = await poll({
			timeZone: 'US-NY,includeTZOffset',
			workflowTimezone: 'Asia/Tokyo',
		});
		expect(emittedIds(result)).toEqual([903, 904, 905, 906]);
		expect(sandbox.requests[0].headers['so-timezone']).toBe('US-NY,includeTZOffset');
		expect(result.result![0][0].json.WhenIdle).toMatch(/-0[45]:00$/);
	});
});

describe('SuperOffice Idle Chat Trigger: manual mode (Fetch Test Event)', () => {
	it('shows the current matches, also those already emitted, and writes no static data', async () => {
		const active = await poll();
		const manual = await poll({ mode: 'manual', staticData: active.staticData });
		expect(emittedIds(manual)).toEqual([903, 904, 905, 906]);
		expect(manual.staticDataChanged).toBe(false);
		expect(manual.staticData).toEqual(active.staticData);
		expect((await poll({ mode: 'manual' })).staticData).toEqual({});
	});

	it('nothing idle: nothing at all, never a made-up sample', async () => {
		sandbox.reseed('empty');
		sandbox.putSession({
			ChatSessionId: 970,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
			WhenIdle: new Date(),
		});
		const manual = await poll({ mode: 'manual' });
		expect(manual.result).toBeNull();
		expect(manual.staticDataChanged).toBe(false);
		expect(sandbox.requestCounts()).toEqual({
			'GET ChatSession': 1,
			'GET ChatSession/ForCurrentUser': 1,
		});
	});
});

describe('SuperOffice Idle Chat Trigger: reads, failures', () => {
	// The bot sessions' topic is one the user is not a member of: they are read one by one.
	beforeEach(() => sandbox.setNotMemberOfTopics([2]));

	it("reads the sessions with the node's concurrency", async () => {
		sandbox.faults.latency({ fixedMs: 40 });
		expect(emittedIds(await poll({ parameters: { options: { concurrency: 2 } } }))).toEqual([
			903, 904, 905, 906,
		]);
		expect(sandbox.maxInFlight).toBe(2);
		sandbox.resetStats();
		await poll({ parameters: { options: { concurrency: 1 } } });
		expect(sandbox.maxInFlight).toBe(1);
		sandbox.resetStats();
		await poll();
		expect(sandbox.maxInFlight).toBe(5);
	});

	it('a session missing from one poll (404 once) stays remembered: back with the same WhenIdle, it is not emitted again', async () => {
		const first = await poll();
		expect(emittedIds(first)).toEqual([903, 904, 905, 906]);
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession\/904$/ },
				fault: { type: 'status', status: 404 },
			},
		]);
		const missed = await poll({ staticData: first.staticData });
		expect(missed.result).toBeNull();
		expect(sandbox.requestsFor('GET', /\/ChatSession\/904$/).map((r) => r.status)).toEqual([
			200, 404,
		]);
		const back = await poll({ staticData: missed.staticData });
		expect(back.result).toBeNull();
		expect(back.staticData).toEqual(first.staticData);
	});

	it('an empty archive page once (every session missing) forgets nothing', async () => {
		const first = await poll();
		expect(emittedIds(first)).toEqual([903, 904, 905, 906]);
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession$/ },
				fault: { type: 'raw', status: 200, body: '{"value":[]}' },
			},
		]);
		const missed = await poll({ staticData: first.staticData });
		expect(missed.result).toBeNull();
		expect(sandbox.requestCounts()).toMatchObject({ 'GET ChatSession': 2 });
		const back = await poll({ staticData: missed.staticData });
		expect(back.result).toBeNull();
		sandbox.setIdle(906, 4); // a new idle period is still emitted
		expect(emittedIds(await poll({ staticData: back.staticData }))).toEqual([906]);
	});

	it('a session deleted between the search and its read (404) is skipped; the others are emitted', async () => {
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession\/904$/ },
				fault: { type: 'status', status: 404 },
			},
		]);
		expect(emittedIds(await poll())).toEqual([903, 905, 906]);
	});

	it('a rejected credential fails the poll with a readable error and no secret, and remembers nothing', async () => {
		const staticData = {
			'node:SuperOffice Idle Chat Trigger': {
				idleChatSessions: { settings: 'x', emitted: { 1: 1 } },
			},
		};
		let error: unknown;
		try {
			await poll({ password: 'Wrong-Passw0rd', staticData });
		} catch (thrown) {
			error = thrown;
		}
		expect((error as Error).message).toMatch(/^Could not search chat sessions: .*\(HTTP 401\)/);
		expect(JSON.stringify(error)).not.toContain('Wrong-Passw0rd');
		expectNoSecrets(error);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('a session the user may not read (403) is skipped and counted, with one warning per new set of such sessions; the others are emitted', async () => {
		const forbid = (id: number) =>
			sandbox.faults.script([
				{
					match: { method: 'GET', path: new RegExp(`/ChatSession/${id}$`) },
					times: -1,
					fault: { type: 'status', status: 403 },
				},
			]);
		forbid(913); // human-handled by another agent, in a topic the user may not read
		sandbox.setIdle(913, 30);
		const first = await poll();
		expect(emittedIds(first)).toEqual([903, 904, 905, 906]);
		expect(sandbox.requestsFor('GET', /\/ChatSession\/913$/).map((r) => r.status)).toEqual([403]);
		expect(first.warnings).toHaveLength(1);
		expect(first.warnings[0].message).toBe(
			'SuperOffice Idle Chat Trigger skipped 1 active chat session it may not read (HTTP 403): 913',
		);
		expect(first.warnings[0].meta).toMatchObject({ chatSessionIds: [913] });
		expectNoSecrets(first.warnings);

		// The same set again: no second warning.
		sandbox.setIdle(904, 6);
		const second = await poll({ staticData: first.staticData });
		expect(emittedIds(second)).toEqual([904]);
		expect(second.warnings).toEqual([]);

		// A new set: said once more; with human sessions counted, the readable ones are emitted.
		forbid(914);
		const third = await poll({ staticData: second.staticData, parameters: { botOnly: false } });
		expect(third.warnings.map((w) => w.message)).toEqual([
			'SuperOffice Idle Chat Trigger skipped 2 active chat sessions it may not read (HTTP 403): 913, 914',
		]);
		expect(emittedIds(third)).not.toContain(913);
		expect(emittedIds(third)).toEqual(
			expectedIds(3, false).filter((id) => id !== 913 && id !== 914),
		);
		expect(
			(await poll({ staticData: third.staticData, parameters: { botOnly: false } })).warnings,
		).toEqual([]);
	});

	it('a failed session read (500) fails the poll: nothing is emitted half', async () => {
		sandbox.faults.script([
			{
				match: { method: 'GET', path: /\/ChatSession\/905$/ },
				fault: { type: 'status', status: 500 },
			},
		]);
		await expect(poll()).rejects.toThrow(/^Could not get chat session 905: .*\(HTTP 500\)/);
	});

	it('refuses bad settings before any request', async () => {
		await expect(poll({ parameters: { idleMinutes: -2 } })).rejects.toThrow(
			/^Idle Minutes must be a number from 0 to 10080, got -2$/,
		);
		await expect(poll({ parameters: { topicIds: '2, two' } })).rejects.toThrow(
			/^Topic IDs must be a whole number/,
		);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('SuperOffice Idle Chat Trigger: description', () => {
	it('is a polling trigger with the public parameter names and defaults', () => {
		const { description } = new SuperOfficeIdleChatTrigger();
		expect(description).toMatchObject({
			name: 'superOfficeIdleChatTrigger',
			displayName: 'SuperOffice Idle Chat Trigger',
			polling: true,
			inputs: [],
			group: ['trigger'],
		});
		const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
		expect(defaults).toMatchObject({
			authentication: 'superOfficeApi',
			idleMinutes: 3,
			botOnly: true,
			topicIds: [],
		});
		expect(description.credentials?.map((c) => c.name)).toEqual([
			'superOfficeApi',
			'superOfficeOAuth2Api',
		]);
	});
});

describe('examples/hand-idle-bot-sessions-to-a-human.json', () => {
	const file = JSON.parse(
		readFileSync(
			join(__dirname, '..', '..', 'examples', 'hand-idle-bot-sessions-to-a-human.json'),
			'utf8',
		),
	) as {
		id: string;
		nodes: Array<{
			name: string;
			type: string;
			parameters: IDataObject;
			credentials?: IDataObject;
		}>;
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};
	const byType = (type: string) => file.nodes.filter((n) => n.type === type);

	it('is Idle Chat Trigger → availability check → If: Add Message → Reset, or the wait note once; ids from the trigger item', () => {
		expect(file.id).toMatch(/^\w{16}$/);
		const [trigger] = byType(TYPE);
		const superOffice = byType('n8n-nodes-superoffice.superOffice');
		const byName = (name: string) => file.nodes.find((n) => n.name === name)!;
		const next = (name: string, output = 0) =>
			file.connections[name].main[output].map((c) => c.node);
		expect(superOffice.map((n) => [n.name, n.parameters.resource, n.parameters.operation])).toEqual(
			[
				['Who can answer?', 'chatTopic', 'getAvailability'],
				['Tell the customer', 'chatSession', 'addMessage'],
				['Hand over to a human', 'chatSession', 'reset'],
				['Tell the customer to wait', 'chatSession', 'addMessage'],
			],
		);
		expect(next(trigger.name)).toEqual(['Who can answer?']);
		expect(next('Who can answer?')).toEqual(['Someone can answer now?']);
		expect(byName('Someone can answer now?').type).toBe('n8n-nodes-base.if');
		expect(next('Someone can answer now?', 0)).toEqual(['Tell the customer']);
		expect(next('Someone can answer now?', 1)).toEqual(['Not told yet']);
		expect(next('Tell the customer')).toEqual(['Hand over to a human']);
		expect(next('Not told yet')).toEqual(['Tell the customer to wait']);
		for (const name of ['Tell the customer', 'Hand over to a human', 'Tell the customer to wait'])
			expect(byName(name).parameters.chatSessionId).toBe(
				`={{ $('${trigger.name}').item.json.ChatSessionId }}`,
			);
		expect(trigger.parameters).toMatchObject({
			idleMinutes: 3,
			botOnly: true,
			pollTimes: { item: [{ mode: 'everyMinute' }] },
		});
		// Every trigger parameter in the file is one the node declares (or n8n's pollTimes).
		const declared = new Set([
			...new SuperOfficeIdleChatTrigger().description.properties.map((p) => p.name),
			'pollTimes',
		]);
		for (const name of Object.keys(trigger.parameters)) expect(declared).toContain(name);
	});

	it("its trigger's parameters, polled as stored, emit exactly the idle bot sessions", async () => {
		const [trigger] = byType(TYPE);
		const result = await poll({ parameters: trigger.parameters });
		expect(emittedIds(result)).toEqual(expectedIds(3));
	});
});
