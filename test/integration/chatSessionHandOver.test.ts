/**
 * Chat Session → Hand Over through n8n-core's WorkflowExecute against the sandbox: the reads
 * before any write, the writes in order (customer message, request with summary and transcript,
 * the link guarded by a test, Reset), the outcomes, and failures that name their step.
 */
import type { IDataObject } from 'n8n-workflow';
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';

/** The requests that change something (GetChatPresence is a POST but only reads). */
function writes(): string[] {
	return sandbox.requests
		.filter((r) => r.method !== 'GET' && !/GetChatPresence$/.test(r.path))
		.map((r) => `${r.method} ${r.path.slice(API.length)}`);
}

async function handOver(parameters: IDataObject, options: Parameters<typeof run>[1] = {}) {
	return await run({ operation: 'handOver', ...parameters }, options);
}

const SUMMARY = 'Wants a refund for invoice 10023.\nAlready gave the order number.';

describe('Chat Session → Hand Over', () => {
	it('someone can answer: posts the message, files the request with summary and transcript, links it, resets (queued)', async () => {
		const before = sandbox.getSession(901)!;
		expect(before).toMatchObject({ ChatbotIsActive: true, TopicId: 2, Ticket: null });

		const result = await handOver({
			chatSessionId: 901,
			customerMessage: 'A colleague takes over in a moment.',
			summary: SUMMARY,
		});

		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([
			'POST /ChatSession/901/Messages',
			'POST /Ticket',
			'POST /TicketMessage',
			'POST /TicketMessage',
			'PATCH /ChatSession/901',
			'POST /ChatSession/901/Reset',
		]);
		const paths = sandbox.requests.map((r) => `${r.method} ${r.path.slice(API.length)}`);
		// Everything it needs is read before the first write.
		const firstWrite = paths.indexOf('POST /ChatSession/901/Messages');
		expect(paths.slice(0, firstWrite).sort()).toEqual(
			[
				'GET /ChatSession/901',
				'GET /ChatTopic/2',
				'GET /ChatTopic/2/IsOpen',
				'GET /ChatTopic/2/UserAgent',
				'POST /Agents/Chat/GetChatPresence',
				'GET /ChatSession',
				'GET /ChatSession/901/Messages',
			].sort(),
		);
		// And the session once more just before the reset.
		expect(paths.at(-2)).toBe('GET /ChatSession/901');

		expect(sandbox.requestsFor('POST', /\/Messages$/)[0].body).toEqual({
			ChatSessionId: 901,
			Message: 'A colleague takes over in a moment.',
			Type: 'ToCustomer',
			Author: 'Bot',
			SpecialType: 'BotMessage',
		});
		expect(sandbox.requestsFor('POST', /\/Ticket$/)[0].body).toEqual({
			Title: 'Chat 901: Wants a refund for invoice 10023.',
		});
		const [summary, transcript] = sandbox
			.requestsFor('POST', /\/TicketMessage$/)
			.map((r) => r.body as IDataObject);
		expect(summary).toEqual({ TicketId: 1, Body: SUMMARY, Slevel: 'Internal' });
		expect(transcript).toMatchObject({ TicketId: 1, Slevel: 'Internal' });
		expect(String(transcript.Body)).toMatch(/^Chat transcript \(chat session 901\):\n\[/);
		// The transcript was read before the customer message was posted.
		expect(String(transcript.Body)).not.toContain('A colleague takes over');
		expect(sandbox.requestsFor('PATCH', /ChatSession\/901$/)[0].body).toEqual([
			{ op: 'test', path: '/Ticket', value: null },
			{ op: 'replace', path: '/Ticket', value: { TicketId: 1 } },
		]);

		const after = sandbox.getSession(901)!;
		expect(after).toMatchObject({
			Status: 'InQueue',
			ChatbotIsActive: false,
			Ticket: { TicketId: 1 },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		const { SessionKey: _key, ...entity } = after;
		expect(result.items[0].json).toEqual({
			...entity,
			handOver: { outcome: 'queued', agentsAvailable: 2, topicOpen: true, requestId: 1 },
		});
		expectNoSecrets(result.items);
	});

	it('without message or summary: only the reads and the Reset', async () => {
		const result = await handOver({ chatSessionId: 902 });
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual(['POST /ChatSession/902/Reset']);
		expect(sandbox.requestsFor('GET', /\/Messages$/)).toHaveLength(0);
		expect(result.items[0].json.handOver).toEqual({
			outcome: 'queued',
			agentsAvailable: 2,
			topicOpen: true,
		});
	});

	it("a session no longer in a bot's hands is alreadyHandled: one read, nothing written", async () => {
		const result = await handOver(
			{ chatSessionId: '={{ $json.id }}', customerMessage: 'Hi', summary: 'S' },
			{ items: [{ json: { id: 911 } }, { json: { id: 921 } }, { json: { id: 931 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(writes()).toEqual([]);
		expect(sandbox.requests.map((r) => r.path.slice(API.length)).sort()).toEqual([
			'/ChatSession/911',
			'/ChatSession/921',
			'/ChatSession/931',
		]);
		expect(result.items.map((i) => [i.json.ChatSessionId, i.json.handOver, i.pairedItem])).toEqual(
			[911, 921, 931].map((id, index) => [
				id,
				{ outcome: 'alreadyHandled', agentsAvailable: null, topicOpen: null },
				{ item: index },
			]),
		);
	});

	describe('nobody can answer (Anna and Bob away: nobody present may respond in Support)', () => {
		beforeEach(() => {
			sandbox.setPresent('anna.agent', false);
			sandbox.setPresent('bob.backup', false);
		});

		it('reset (default): resets anyway, SuperOffice shows its offline form', async () => {
			const result = await handOver({ chatSessionId: 903, customerMessage: 'Leave us a note.' });
			expect(writes()).toEqual(['POST /ChatSession/903/Messages', 'POST /ChatSession/903/Reset']);
			expect(result.items[0].json).toMatchObject({
				Status: 'OfflineForm',
				handOver: { outcome: 'offlineForm', agentsAvailable: 0, topicOpen: true },
			});
		});

		it('createRequest: message and a request with the transcript, no Reset; the bot keeps the chat', async () => {
			const result = await handOver({
				chatSessionId: 903,
				customerMessage: 'We will get back to you by e-mail.',
				whenNobodyCanAnswer: 'createRequest',
			});
			expect(writes()).toEqual([
				'POST /ChatSession/903/Messages',
				'POST /Ticket',
				'POST /TicketMessage',
				'PATCH /ChatSession/903',
			]);
			const title = (sandbox.requestsFor('POST', /\/Ticket$/)[0].body as IDataObject).Title;
			expect(title).toMatch(/^Chat 903 with .+: handed over by the chatbot$/);
			expect(sandbox.getSession(903)).toMatchObject({
				ChatbotIsActive: true,
				Ticket: { TicketId: 1 },
			});
			expect(result.items[0].json.handOver).toEqual({
				outcome: 'requestCreated',
				agentsAvailable: 0,
				topicOpen: true,
				requestId: 1,
			});
		});

		it('skip: nothing written, the session as read', async () => {
			const result = await handOver({
				chatSessionId: 903,
				customerMessage: 'x',
				summary: 'y',
				whenNobodyCanAnswer: 'skip',
			});
			expect(writes()).toEqual([]);
			expect(result.items[0].json).toMatchObject({
				ChatbotIsActive: true,
				handOver: { outcome: 'skipped', agentsAvailable: 0, topicOpen: true },
			});
		});
	});

	it('a customer message whose answer is lost is not sent again; nothing after it runs', async () => {
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /\/Messages$/ },
				fault: { type: 'reset', when: 'after-body' },
			},
		]);
		const result = await handOver(
			{ chatSessionId: 904, customerMessage: 'Once only', summary: 'S' },
			{ continueOnFail: true },
		);
		expect(sandbox.requestsFor('POST', /\/Messages$/)).toHaveLength(1);
		expect(writes()).toEqual(['POST /ChatSession/904/Messages']);
		expect(sandbox.getMessages(904).filter((m) => m.Message === 'Once only')).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Hand-over of chat session 904 failed at "post the customer message": .*may have taken effect all the same.* Nothing else was changed\.$/,
			),
			chatSessionId: 904,
		});
		expect(sandbox.getSession(904)?.ChatbotIsActive).toBe(true);
	});

	it('a failure after the request says what was done, carries the requestId, and does not reset', async () => {
		sandbox.state.ticketLinkByPatch = false;
		const result = await handOver(
			{ chatSessionId: '={{ $json.id }}', customerMessage: 'Hi', summary: 'S' },
			{ items: [{ json: { id: 905 } }, { json: { id: 906 } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Hand-over of chat session 905 failed at "connect chat session 905 to request \d": .*HTTP 400.* Already done: posted the customer message; created request \d; added the summary; added the chat transcript\.$/,
			),
			chatSessionId: 905,
			requestId: expect.any(Number),
		});
		expect(sandbox.requestsFor('POST', /\/Reset$/)).toHaveLength(0);
		expect(sandbox.getSession(905)?.ChatbotIsActive).toBe(true);
		expect(result.items[1].json.error).toMatch(/^Hand-over of chat session 906 failed at "connect/);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without Continue On Fail an unknown session stops the execution: nothing was changed', async () => {
		const result = await handOver(
			{ chatSessionId: 999999, customerMessage: 'x' },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Hand-over of chat session 999999 failed at "read the chat session": Could not get chat session 999999: not found \(HTTP 404\).* Nothing was changed\.$/,
		);
		expect(writes()).toEqual([]);
		expectNoSecrets(result.error);
	});

	it('a human who takes the chat while it is handed over is not reset away: alreadyHandled, with the request made', async () => {
		const original = sandbox.state.addMessage.bind(sandbox.state);
		// An agent picks the chat up right after the customer message arrives.
		sandbox.state.addMessage = (id, input, principal) => {
			const answer = original(id, input, principal);
			const session = sandbox.sessions.get(id)!;
			session.ChatbotIsActive = false;
			session.Status = 'UserLast';
			return answer;
		};
		try {
			const result = await handOver({ chatSessionId: 901, customerMessage: 'Hi', summary: 'S' });
			expect(result.error).toBeUndefined();
			expect(writes()).toEqual([
				'POST /ChatSession/901/Messages',
				'POST /Ticket',
				'POST /TicketMessage',
				'POST /TicketMessage',
				'PATCH /ChatSession/901',
			]);
			expect(result.items[0].json).toMatchObject({
				ChatbotIsActive: false,
				Status: 'UserLast',
				handOver: { outcome: 'alreadyHandled', agentsAvailable: 2, topicOpen: true, requestId: 1 },
			});
		} finally {
			sandbox.state.addMessage = original;
		}
	});

	it('the link is guarded by what was read: a session connected to another request meanwhile is not relinked (409)', async () => {
		const other = sandbox.state.tickets.create(
			{ Title: 'Earlier' },
			sandbox.state.associates[0],
			sandbox.state.nowString(),
		);
		// Between the read and the link, someone connects the session to another request.
		const original = sandbox.state.tickets.addMessage.bind(sandbox.state.tickets);
		let once = false;
		sandbox.state.tickets.addMessage = (input, principal, now) => {
			if (!once) {
				once = true;
				sandbox.sessions.get(906)!.Ticket = { TicketId: other.TicketId, Title: other.Title };
			}
			return original(input, principal, now);
		};
		try {
			const result = await handOver({ chatSessionId: 906, summary: 'S' }, { continueOnFail: true });
			expect(result.items[0].json.error).toMatch(
				/failed at "connect chat session 906 to request 2": .*HTTP 409/,
			);
			expect(sandbox.getSession(906)?.Ticket).toEqual({
				TicketId: other.TicketId,
				Title: 'Earlier',
			});
			expect(sandbox.requestsFor('PATCH', /ChatSession\/906$/)).toHaveLength(1);
			expect(sandbox.requestsFor('POST', /\/Reset$/)).toHaveLength(0);
		} finally {
			sandbox.state.tickets.addMessage = original;
		}
	});
});
