/**
 * Request → Create and Get through n8n-core's WorkflowExecute against the sandbox: the requests
 * sent in order (POST Ticket, POST TicketMessage, PATCH of the chat session), what the sandbox
 * holds afterwards, and both Continue On Fail settings.
 */
import type { IDataObject } from 'n8n-workflow';
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';

function sent(): string[] {
	return sandbox.requests.map((r) => `${r.method} ${r.path}`);
}

function bodies(method: string, path: RegExp): unknown[] {
	return sandbox.requestsFor(method, path).map((r) => r.body);
}

async function create(parameters: IDataObject, options: Parameters<typeof run>[1] = {}) {
	return await run({ resource: 'request', operation: 'create', ...parameters }, options);
}

describe('Request → Create', () => {
	it('POSTs the Ticket with its references, then the message as Internal; outputs the request as created', async () => {
		const result = await create({
			title: 'Refund for invoice 10023',
			message: 'The customer wants a refund.',
			additionalFields: { personId: 42, contactId: 4, categoryId: 3, priorityId: '2' },
		});

		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([`POST ${API}/Ticket`, `POST ${API}/TicketMessage`]);
		expect(bodies('POST', /\/Ticket$/)).toEqual([
			{
				Title: 'Refund for invoice 10023',
				Category: { TicketCategoryId: 3 },
				Priority: { TicketPriorityId: 2 },
				Person: { PersonId: 42 },
				Contact: { ContactId: 4 },
			},
		]);
		expect(bodies('POST', /\/TicketMessage$/)).toEqual([
			{ TicketId: 1, Body: 'The customer wants a refund.', Slevel: 'Internal' },
		]);
		expect(sandbox.getTicketMessages(1).map((m) => [m.Body, m.Slevel])).toEqual([
			['The customer wants a refund.', 'Internal'],
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).toEqual({
			...sandbox.getTicket(1),
			NumberOfMessages: 0,
			LastChanged: expect.any(String),
		});
	});

	it('External visibility sends Slevel External; no message, no TicketMessage', async () => {
		let result = await create({
			title: 'A',
			message: 'We call you back',
			messageVisibility: 'external',
		});
		expect(result.error).toBeUndefined();
		expect(bodies('POST', /\/TicketMessage$/)).toEqual([
			{ TicketId: 1, Body: 'We call you back', Slevel: 'External' },
		]);
		sandbox.clearRequests();
		result = await create({ title: 'B' });
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([`POST ${API}/Ticket`]);
		expect(bodies('POST', /\/Ticket$/)).toEqual([{ Title: 'B' }]);
	});

	it('with a chat session: reads its messages first, attaches the transcript as Internal and connects the session', async () => {
		const result = await create({
			title: 'Chat 901',
			message: 'Summary: wants a human',
			additionalFields: { chatSessionId: 901 },
		});

		expect(result.error).toBeUndefined();
		expect(sent()).toEqual([
			`GET ${API}/ChatSession/901/Messages`,
			`POST ${API}/Ticket`,
			`POST ${API}/TicketMessage`,
			`POST ${API}/TicketMessage`,
			`PATCH ${API}/ChatSession/901`,
		]);
		const [summary, transcript] = bodies('POST', /\/TicketMessage$/) as IDataObject[];
		expect(summary).toEqual({ TicketId: 1, Body: 'Summary: wants a human', Slevel: 'Internal' });
		expect(transcript.Slevel).toBe('Internal');
		const lines = String(transcript.Body).split('\n');
		expect(lines[0]).toBe('Chat transcript (chat session 901):');
		expect(lines.slice(1)).toHaveLength(sandbox.getMessages(901).length);
		expect(lines[1]).toMatch(/\(customer\): /);
		expect(bodies('PATCH', /ChatSession\/901$/)).toEqual([
			[{ op: 'replace', path: '/Ticket', value: { TicketId: 1 } }],
		]);
		expect(sandbox.getSession(901)?.Ticket).toEqual({ TicketId: 1, Title: 'Chat 901' });
		expect(result.items[0].json).toMatchObject({ TicketId: 1, Title: 'Chat 901' });
	});

	it('an unknown chat session fails before anything is written (Continue On Fail: the next item goes on)', async () => {
		const result = await create(
			{ title: 'X', message: 'm', additionalFields: { chatSessionId: '={{ $json.id }}' } },
			{ items: [{ json: { id: 999999 } }, { json: { id: 902 } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Creating the request for chat session 999999 failed at "read the messages of chat session 999999": Could not get the messages of chat session 999999: not found \(HTTP 404\).* Nothing was changed\.$/,
			),
			chatSessionId: 999999,
		});
		expect(result.items[1].json).toMatchObject({ TicketId: 1 });
		expect(sandbox.getTickets()).toHaveLength(1);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a refused link names the step and what was already done, with the requestId in the error item', async () => {
		sandbox.state.ticketLinkByPatch = false;
		const result = await create(
			{ title: 'X', message: 'm', additionalFields: { chatSessionId: 903 } },
			{ continueOnFail: true },
		);
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Creating the request for chat session 903 failed at "connect chat session 903 to request 1": .*HTTP 400.* Already done: created request 1; added the message; added the chat transcript\.$/,
			),
			chatSessionId: 903,
			requestId: 1,
		});
		expect(sandbox.getTicketMessages(1)).toHaveLength(2);
	});

	it('without Continue On Fail the execution stops with that error and no secret', async () => {
		sandbox.state.ticketLinkByPatch = false;
		const result = await create(
			{ title: 'X', additionalFields: { chatSessionId: 903 } },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(/failed at "connect chat session 903 to request 1"/);
		expectNoSecrets(result.error);
	});

	it('a POST Ticket whose answer is lost is not sent again and says it may have arrived', async () => {
		sandbox.faults.script([
			{
				match: { method: 'POST', path: /\/Ticket$/ },
				fault: { type: 'reset', when: 'after-body' },
			},
		]);
		const result = await create({ title: 'Once', message: 'm' }, { continueOnFail: true });
		expect(sandbox.requestsFor('POST', /\/Ticket$/)).toHaveLength(1);
		expect(sandbox.requestsFor('POST', /\/TicketMessage$/)).toHaveLength(0);
		expect(sandbox.getTickets()).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(
			/^Creating the request failed at "create the request": Could not create a request: .*This step may have taken effect all the same .* Nothing else was changed\.$/,
		);
	});

	it('refuses an empty title before any request', async () => {
		const result = await create({ title: '  ' }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe('Title of item 0 is empty');
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Request → Get', () => {
	it('GET /Ticket/{id} outputs the request; an unknown id is an error item with requestId', async () => {
		sandbox.state.tickets.create(
			{ Title: 'Known' },
			sandbox.state.associates[0],
			sandbox.state.nowString(),
		);
		const result = await run(
			{ resource: 'request', operation: 'get', requestId: '={{ $json.id }}' },
			{ items: [{ json: { id: 1 } }, { json: { id: 5 } }], continueOnFail: true },
		);
		expect(sent().sort()).toEqual([`GET ${API}/Ticket/1`, `GET ${API}/Ticket/5`]);
		expect(result.items[0]).toEqual({ json: sandbox.getTicket(1), pairedItem: { item: 0 } });
		expect(result.items[1].json).toMatchObject({
			error: expect.stringMatching(/^Could not get request 5: not found \(HTTP 404\)/),
			requestId: 5,
		});
	});

	it('without Continue On Fail an unknown request stops the execution', async () => {
		const result = await run({ resource: 'request', operation: 'get', requestId: 5 });
		expect(result.error?.message).toMatch(/^Could not get request 5: not found \(HTTP 404\)/);
		expectNoSecrets(result.error);
	});
});
