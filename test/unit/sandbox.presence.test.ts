/**
 * The sandbox's chat desk: topic members and their rights (ChatTopic/{id}/UserAgent), who is
 * present (Agents/Chat/GetChatPresence), opening hours in a time zone (ChatTopic/{id}/IsOpen),
 * the topics of the current user, Reset's queue / offline-form rule, the queue count through the
 * archive, and the switches (JS API, control endpoints, CLI flag and stdin commands).
 */
import { createSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { callApi, callControl } from '../sandbox/testing';
import { startSandboxCli } from '../support/sandboxCli';

// Thursday 15 January 2026, 10:00 UTC = 11:00 in Oslo.
const THURSDAY_11_OSLO = new Date('2026-01-15T10:00:00.000Z');
const clock = { now: THURSDAY_11_OSLO };
let sb: Sandbox;
const api = (p: string, init?: Parameters<typeof callApi>[2]) => callApi(sb.apiUrl, p, init);
const control = (method: string, sub: string, body?: unknown) =>
	callControl(sb.controlUrl, method, sub, body);
const reset = async (id: number) =>
	(await api(`/ChatSession/${id}/Reset`, { method: 'POST' })).json.Status as string;

beforeAll(async () => {
	sb = await createSandbox({ now: () => clock.now, wrongHostPort: false });
});
afterAll(() => sb.close());
beforeEach(() => {
	clock.now = THURSDAY_11_OSLO;
	sb.reseed('default');
	sb.clearRequests();
});

describe('ChatTopic/{id}/UserAgent', () => {
	it('lists the members with their rights, the user as an Associate carrier', async () => {
		const r = await api('/ChatTopic/2/UserAgent');
		expect(r.status).toBe(200);
		expect(
			r.json.map((row: { User: { UserName: string }; CanRespond: boolean }) => [
				row.User.UserName,
				row.CanRespond,
			]),
		).toEqual([
			['sandbox-user', false],
			['anna.agent', true],
			['bob.backup', true],
			['carl.chat', true],
		]);
		expect(r.json[1]).toMatchObject({
			TopicId: 2,
			User: { AssociateId: 12, FullName: 'Anna Agent', Type: 'InternalAssociate' },
			CanListen: true,
			CanRespond: true,
			CanManage: false,
			CanNotify: false,
		});
		expect((await api('/ChatTopic/77/UserAgent')).status).toBe(404);
	});
});

describe('Agents/Chat/GetChatPresence', () => {
	it('answers every member of a topic: present or not, ongoing chats, topics', async () => {
		const r = await api('/Agents/Chat/GetChatPresence', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(r.json).toEqual([
			{
				UserId: 5,
				DisplayName: 'Sandra Box',
				OngoingChats: 2,
				Present: true,
				ChatTopics: [1, 2, 3, 371],
			},
			{ UserId: 12, DisplayName: 'Anna Agent', OngoingChats: 2, Present: true, ChatTopics: [1, 2] },
			{ UserId: 13, DisplayName: 'Bob Backup', OngoingChats: 1, Present: true, ChatTopics: [2, 3] },
			{ UserId: 14, DisplayName: 'Carl Chatman', OngoingChats: 1, Present: false, ChatTopics: [2] },
		]);
		// Ongoing chats are the user's sessions in a conversation (Customer Last / User Last).
		sb.putSession({ ChatSessionId: 960, User: 'bob.backup', Status: 'CustomerLast', TopicId: 3 });
		sb.putSession({ ChatSessionId: 961, User: 'bob.backup', Status: 'Closed', TopicId: 3 });
		const again = await api('/Agents/Chat/GetChatPresence', { method: 'POST' });
		expect(again.json.find((p: { UserId: number }) => p.UserId === 13).OngoingChats).toBe(2);
	});
});

describe('ChatTopic/{id}/IsOpen: opening hours in the topic time zone', () => {
	it('a topic without opening hours is always open', async () => {
		clock.now = new Date('2026-01-17T03:00:00Z'); // Saturday night
		expect((await api('/ChatTopic/2/IsOpen')).json).toBe(true);
	});

	it.each([
		['Thursday 11:00 Oslo', '2026-01-15T10:00:00Z', true],
		['Thursday 07:59 Oslo', '2026-01-15T06:59:00Z', false],
		['Thursday 08:00 Oslo', '2026-01-15T07:00:00Z', true],
		['Thursday 15:59 Oslo', '2026-01-15T14:59:00Z', true],
		['Thursday 16:00 Oslo (the end is not open)', '2026-01-15T15:00:00Z', false],
		['Saturday 11:00 Oslo', '2026-01-17T10:00:00Z', false],
		['Monday 08:30 Oslo in summer time (UTC+2)', '2026-06-15T06:30:00Z', true],
		['Monday 07:30 Oslo in summer time (UTC+2)', '2026-06-15T05:30:00Z', false],
	])('Billing (weekdays 08:00-16:00, Europe/Oslo) at %s: %p', async (_label, at, open) => {
		clock.now = new Date(at);
		const r = await api('/ChatTopic/3/IsOpen');
		expect(r.status).toBe(200);
		expect(r.text.trim()).toBe(String(open));
	});

	it('hours in another zone, past midnight; the entity carries them', async () => {
		sb.setTopic(1, {
			OpeningHoursEnabled: true,
			OpeningHours: { timeZone: 'America/New_York', days: { Fri: ['22:00', '06:00'] } },
		});
		// New York is UTC-5 in winter: Friday 22:00 to Saturday 06:00 is open.
		clock.now = new Date('2026-01-17T04:00:00Z');
		expect((await api('/ChatTopic/1/IsOpen')).json).toBe(true); // Fri 23:00 New York
		clock.now = new Date('2026-01-17T10:00:00Z');
		expect((await api('/ChatTopic/1/IsOpen')).json).toBe(true); // Sat 05:00 New York
		clock.now = new Date('2026-01-17T12:00:00Z');
		expect((await api('/ChatTopic/1/IsOpen')).json).toBe(false); // Sat 07:00 New York
		const topic = await api('/ChatTopic/1');
		expect(topic.json).toMatchObject({
			OpeningHoursEnabled: true,
			OpeningHours: {
				TimeZone: 'America/New_York',
				FriEnabled: true,
				FriStart: '22:00',
				FriStop: '06:00',
				MonEnabled: false,
			},
			SecondsPrAccept: 30,
		});
		expect((await api('/ChatTopic/77/IsOpen')).status).toBe(404);
	});
});

describe('ChatTopic/ForCurrentUser', () => {
	it('lists only the topics the principal is a member of', async () => {
		const ids = async () =>
			(await api('/ChatTopic/ForCurrentUser')).json.map(
				(t: { ChatTopicId: number }) => t.ChatTopicId,
			);
		expect(await ids()).toEqual([1, 2, 3, 371]);
		sb.setTopic(3, { Members: [{ user: 'bob.backup', canRespond: true }] });
		expect(await ids()).toEqual([1, 2, 371]);
	});
});

describe('Reset: the queue when a present member of the topic may respond, else the offline form', () => {
	it('follows the presence of the topic members who may respond', async () => {
		// Support (2): Anna and Bob respond and are present; Carl responds but is away; Sandra
		// is present but only listens and manages.
		expect(await reset(901)).toBe('InQueue');
		sb.setPresent('anna.agent', false);
		expect(await reset(902)).toBe('InQueue');
		sb.setPresent(13, false);
		expect(await reset(903)).toBe('OfflineForm');
		expect(sb.getSession(903)).toMatchObject({ ChatbotIsActive: false, User: null });
		sb.setPresent('carl.chat', true);
		expect(await reset(904)).toBe('InQueue');
		// Other topics are not affected by Support's members.
		sb.setPresent('carl.chat', false);
		sb.putSession({
			ChatSessionId: 962,
			TopicId: 3,
			Status: 'CustomerLast',
			ChatbotIsActive: true,
		});
		expect(await reset(962)).toBe('InQueue'); // Billing: Sandra responds
		// Opening hours do not decide Reset: presence does.
		clock.now = new Date('2026-01-17T10:00:00Z');
		expect((await api('/ChatTopic/3/IsOpen')).json).toBe(false);
		expect(await reset(962)).toBe('InQueue');
	});

	it('the former switch agentsAvailable still works: false = nobody present', async () => {
		sb.state.agentsAvailable = false;
		expect(sb.state.agentsAvailable).toBe(false);
		expect(await reset(901)).toBe('OfflineForm');
		expect(await reset(464)).toBe('OfflineForm');
		sb.state.agentsAvailable = true;
		expect(await reset(901)).toBe('InQueue');
		expect(
			(await api('/Agents/Chat/GetChatPresence', { method: 'POST' })).json.map(
				(p: { Present: boolean }) => p.Present,
			),
		).toEqual([true, true, true, false]);
	});

	it('reseed brings back the configured presence and topics', async () => {
		sb.setPresent('anna.agent', false);
		sb.setTopic(2, { Members: [] });
		sb.reseed('default');
		expect(sb.state.present.has(12)).toBe(true);
		expect(await reset(901)).toBe('InQueue');
	});

	it('createSandbox({ absentAgents }) starts with those users away', async () => {
		const other = await createSandbox({ absentAgents: ['anna.agent', 13], wrongHostPort: false });
		try {
			const r = await callApi(other.apiUrl, '/ChatSession/901/Reset', { method: 'POST' });
			expect(r.json.Status).toBe('OfflineForm');
			other.reseed('default');
			expect(other.state.present.has(12)).toBe(false);
		} finally {
			await other.close();
		}
		await expect(createSandbox({ absentAgents: ['nobody'] })).rejects.toThrow(/unknown user/);
	});
});

describe('queue length through the archive', () => {
	it('status InQueue and the topic: the sessions waiting in that topic', async () => {
		const waiting = (topicId: number) =>
			[...sb.sessions.values()]
				.filter((s) => s.Status === 'InQueue' && s.TopicId === topicId)
				.map((s) => s.ChatSessionId)
				.sort((a, b) => a - b);
		for (const topicId of [1, 2, 3]) {
			const r = await api(
				`/ChatSession?$select=chatSessionId&$filter=${encodeURIComponent(`status eq 4 and chatTopic/chatTopicId eq ${topicId}`)}&$orderBy=chatSessionId`,
			);
			expect(r.json.value.map((row: { PrimaryKey: number }) => row.PrimaryKey)).toEqual(
				waiting(topicId),
			);
		}
		expect(waiting(2).length).toBeGreaterThan(0);
	});
});

describe('control endpoints for the desk', () => {
	it('list the agents and switch one away and back', async () => {
		const agents = await control('GET', '/agents');
		expect(agents.status).toBe(200);
		expect(agents.json.find((a: { username: string }) => a.username === 'carl.chat')).toEqual({
			associateId: 14,
			username: 'carl.chat',
			fullName: 'Carl Chatman',
			present: false,
			ongoingChats: 1,
			topics: [2],
		});
		const away = await control('POST', '/agents/anna.agent/presence', { present: false });
		expect(away.json).toMatchObject({ associateId: 12, present: false });
		expect(sb.state.present.has(12)).toBe(false);
		expect((await control('POST', '/agents/12/presence', { present: true })).json.present).toBe(
			true,
		);
		expect((await control('POST', '/agents/nobody/presence', { present: true })).status).toBe(404);
		expect((await control('POST', '/agents/12/presence', { present: 'yes' })).status).toBe(400);
		expect(sb.requests).toHaveLength(0);
	});

	it('read and change a topic: opening hours, members; bad input changes nothing', async () => {
		const topics = await control('GET', '/topics');
		expect(
			topics.json.map((t: { ChatTopicId: number; IsOpen: boolean }) => [t.ChatTopicId, t.IsOpen]),
		).toEqual([
			[1, true],
			[2, true],
			[3, true],
			[371, true],
		]);
		const changed = await control('PATCH', '/topics/2', {
			OpeningHoursEnabled: true,
			OpeningHours: { timeZone: 'Asia/Tokyo', days: { Thu: ['09:00', '17:00'] } },
			Members: [{ user: 'carl.chat', canRespond: true }],
		});
		expect(changed.status).toBe(200);
		// 10:00 UTC = 19:00 in Tokyo: closed.
		expect(changed.json).toMatchObject({ ChatTopicId: 2, IsOpen: false });
		expect(await reset(901)).toBe('OfflineForm'); // Carl, the only member, is away
		for (const bad of [
			{ OpeningHours: { timeZone: 'Mars/Base', days: {} } },
			{ OpeningHours: { timeZone: 'UTC', days: { Xyz: ['08:00', '09:00'] } } },
			{ OpeningHours: { timeZone: 'UTC', days: { Mon: ['8:00', '09:00'] } } },
			{ Members: [{ user: 'nobody' }] },
			{ Members: [{ user: 'anna.agent', canRespond: 'yes' }] },
			{ Colour: 'red' },
		]) {
			const r = await control('PATCH', '/topics/2', bad);
			expect(r.status).toBe(400);
		}
		expect(sb.state.findTopic(2)?.Members.map((m) => m.associateId)).toEqual([14]);
		expect((await control('PATCH', '/topics/77', {})).status).toBe(404);
	});

	it('the former settings switch: {"agentsAvailable": false}', async () => {
		expect((await control('POST', '/settings', { agentsAvailable: false })).json).toEqual({
			agentsAvailable: false,
			notMemberOfTopics: [],
		});
		expect(await reset(901)).toBe('OfflineForm');
	});
});

describe('cli.js presence', () => {
	it('--absent starts users away; "absent" / "present" on stdin switch them', async () => {
		const cli = startSandboxCli(
			['--port', '0', '--wrong-host-port', 'off', '--json', '--quiet', '--absent', 'anna.agent,13'],
			'pipe',
		);
		const waitFor = async (text: string) => expect(await cli.waitFor(text)).toBe(true);
		try {
			await waitFor('SANDBOX_READY');
			const info = JSON.parse(cli.output().trim().split('\n')[0]);
			const presence = async () =>
				(await callControl(info.controlUrl, 'GET', '/agents')).json
					.filter((a: { present: boolean }) => a.present)
					.map((a: { username: string }) => a.username);
			expect(await presence()).toEqual(['sandbox-user']);
			cli.child.stdin!.write('present anna.agent\n');
			await waitFor('"event":"presence"');
			expect(await presence()).toEqual(['sandbox-user', 'anna.agent']);
			cli.child.stdin!.write('absent sandbox-user\nagents\n');
			await waitFor('"event":"agents"');
			expect(await presence()).toEqual(['anna.agent']);
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toBe(0);
	});
});
