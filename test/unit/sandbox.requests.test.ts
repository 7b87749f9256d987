/**
 * The sandbox's hand-over endpoints: a session's transcript, JSON Patch of a session (status,
 * person, contact, the request it is linked to; test → 409), requests (Ticket) and their
 * messages (TicketMessage, Slevel), the request log and the switches.
 */
import { createSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { callApi, callControl } from '../sandbox/testing';

let sb: Sandbox;
const api = (p: string, init?: Parameters<typeof callApi>[2]) => callApi(sb.apiUrl, p, init);
const patch = (id: number, body: unknown) => api(`/ChatSession/${id}`, { method: 'PATCH', body });
const newTicket = async (body: unknown = { Title: 'Customer wants a human' }) =>
	await api('/Ticket', { method: 'POST', body });

beforeAll(async () => {
	sb = await createSandbox({ wrongHostPort: false });
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reseed('default');
	sb.faults.clear();
	sb.clearRequests();
});

describe('POST ChatSession/{id}/Transcript', () => {
	it('answers the conversation as one JSON string, a line per message, oldest first', async () => {
		const r = await api('/ChatSession/901/Transcript?html=false', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(typeof r.json).toBe('string');
		const expected = sb
			.getMessages(901)
			.map((m) => `[${m.WhenPosted}] ${m.Author}: ${m.Message}`)
			.join('\n');
		expect(r.json).toBe(expected);
		expect(r.json.split('\n')).toHaveLength(sb.getMessages(901).length);
	});

	it('html=true escapes the text inside one paragraph per message', async () => {
		sb.state.addMessage(
			901,
			{ Type: 'ToUser', Message: '<b>hi</b> & bye', Author: 'Kari' },
			sb.state.associates[0],
		);
		const r = await api('/ChatSession/901/Transcript?html=true', { method: 'POST' });
		expect(r.status).toBe(200);
		expect(r.json).toContain('<b>Kari</b>: &lt;b&gt;hi&lt;/b&gt; &amp; bye</p>');
		expect(r.json.match(/<p>/g)).toHaveLength(sb.getMessages(901).length);
	});

	it('404 for an unknown session, 400 for a bad html flag', async () => {
		expect((await api('/ChatSession/999999/Transcript', { method: 'POST' })).status).toBe(404);
		expect((await api('/ChatSession/901/Transcript?html=maybe', { method: 'POST' })).status).toBe(
			400,
		);
	});
});

describe('PATCH ChatSession/{id}', () => {
	it('replaces the status by name or number, paths in any case, and answers the entity', async () => {
		let r = await patch(901, [{ op: 'replace', path: '/status', value: 'InQueue' }]);
		expect(r.status).toBe(200);
		expect(r.json.Status).toBe('InQueue');
		r = await patch(901, [{ op: 'replace', path: '/STATUS', value: 7 }]);
		expect(r.json).toMatchObject({ ChatSessionId: 901, Status: 'Finished' });
		expect(r.json.WhenEnded).toEqual(expect.any(String));
		expect(sb.getSession(901)?.Status).toBe('Finished');
	});

	it('a failed test answers 409 and changes nothing, not even the operations before it', async () => {
		const before = sb.getSession(902);
		const r = await patch(902, [
			{ op: 'replace', path: '/CustomerName', value: 'Changed' },
			{ op: 'test', path: '/Status', value: 'InQueue' },
			{ op: 'replace', path: '/Status', value: 'Finished' },
		]);
		expect(r.status).toBe(409);
		expect(r.json).toMatchObject({ Error: true, ErrorType: 'ConflictException' });
		expect(sb.getSession(902)).toEqual(before);
	});

	it('a test that holds lets the rest apply (status by number or name)', async () => {
		const status = sb.getSession(902)?.Status;
		const r = await patch(902, [
			{ op: 'test', path: '/status', value: status === 'UserLast' ? 6 : 5 },
			{ op: 'replace', path: '/Status', value: 'finished' },
		]);
		expect(r.status).toBe(200);
		expect(r.json.Status).toBe('Finished');
	});

	it('links a request (Ticket) as a carrier or by its id path, and unlinks it', async () => {
		const ticket = (await newTicket()).json;
		let r = await patch(911, [
			{ op: 'replace', path: '/Ticket', value: { TicketId: ticket.TicketId } },
		]);
		expect(r.json.Ticket).toEqual({ TicketId: ticket.TicketId, Title: ticket.Title });
		r = await patch(912, [{ op: 'add', path: '/ticket/ticketid', value: ticket.TicketId }]);
		expect(r.json.Ticket).toEqual({ TicketId: ticket.TicketId, Title: ticket.Title });
		r = await patch(912, [
			{ op: 'test', path: '/Ticket', value: { TicketId: ticket.TicketId } },
			{ op: 'remove', path: '/Ticket' },
		]);
		expect(r.json.Ticket).toBeNull();
		expect(
			(await patch(911, [{ op: 'replace', path: '/Ticket', value: { TicketId: 77 } }])).status,
		).toBe(400);
	});

	it('sets Person and Contact by id', async () => {
		const r = await patch(901, [
			{ op: 'replace', path: '/Person', value: { PersonId: 42 } },
			{ op: 'replace', path: '/contact', value: { ContactId: 4 } },
		]);
		expect(r.json).toMatchObject({ Person: { PersonId: 42 }, Contact: { ContactId: 4 } });
	});

	it('refuses what it cannot apply: 400 for bad documents, read-only or unknown fields; 404', async () => {
		const bad = [
			{ op: 'replace', path: '/Status', value: 'Sleeping' },
			{ op: 'replace', path: '/ChatSessionId', value: 5 },
			{ op: 'replace', path: '/NoSuchField', value: 5 },
			{ op: 'move', path: '/Status', from: '/Rank' },
			{ op: 'remove', path: '/Status' },
			{ op: 'replace', path: '/Status' },
		];
		for (const op of bad) expect((await patch(901, [op])).status).toBe(400);
		expect((await patch(901, { op: 'replace', path: '/Status', value: 4 })).status).toBe(400);
		expect((await patch(901, [])).status).toBe(400);
		expect((await patch(999999, [{ op: 'replace', path: '/Status', value: 4 }])).status).toBe(404);
		expect(sb.getSession(901)?.Status).toBe('CustomerLast');
	});

	it('ticketLinkByPatch false plays a SuperOffice that refuses the link (400); the control switch', async () => {
		const ticket = (await newTicket()).json;
		const s = await callControl(sb.controlUrl, 'POST', '/settings', { ticketLinkByPatch: false });
		expect(s.json).toMatchObject({ ticketLinkByPatch: false });
		const r = await patch(901, [
			{ op: 'replace', path: '/Ticket', value: { TicketId: ticket.TicketId } },
		]);
		expect(r.status).toBe(400);
		expect(sb.getSession(901)?.Ticket).toBeNull();
		sb.reseed('default');
		expect(sb.state.ticketLinkByPatch).toBe(true);
	});
});

describe('Requests: POST Ticket, GET Ticket/{id}, POST TicketMessage', () => {
	it('creates a request with its references, answers 201 and serves it by id', async () => {
		const r = await newTicket({
			Title: 'Chat 901: wants a refund',
			Person: { PersonId: 42 },
			Contact: { ContactId: 4 },
			Category: { TicketCategoryId: 3 },
			Priority: { TicketPriorityId: 2 },
		});
		expect(r.status).toBe(201);
		expect(r.json).toMatchObject({
			TicketId: 1,
			Title: 'Chat 901: wants a refund',
			Person: { PersonId: 42 },
			Contact: { ContactId: 4 },
			Category: { TicketCategoryId: 3 },
			Priority: { TicketPriorityId: 2 },
			Status: 'Active',
			NumberOfMessages: 0,
		});
		const got = await api('/Ticket/1');
		expect(got.status).toBe(200);
		expect(got.json).toEqual(r.json);
		expect((await api('/Ticket/2')).status).toBe(404);
		expect((await newTicket({ Title: '' })).status).toBe(400);
		expect((await newTicket({ Title: 'x', Category: 3 })).status).toBe(400);
	});

	it('adds messages with Slevel Internal (1) or External (2), by name or number', async () => {
		await newTicket();
		const internal = await api('/TicketMessage', {
			method: 'POST',
			body: { TicketId: 1, Body: 'Summary for the agent', Slevel: 1, Author: 'Bot' },
		});
		expect(internal.status).toBe(201);
		expect(internal.json).toMatchObject({
			TicketId: 1,
			Body: 'Summary for the agent',
			Slevel: 'Internal',
			Author: 'Bot',
		});
		const external = await api('/TicketMessage', {
			method: 'POST',
			body: { TicketId: 1, Body: 'We call you back', Slevel: 'External' },
		});
		expect(external.json).toMatchObject({ Slevel: 'External', Author: 'Sandra Box' });
		expect(sb.getTicketMessages(1).map((m) => m.Slevel)).toEqual(['Internal', 'External']);
		expect(sb.getTicket(1)?.NumberOfMessages).toBe(2);
		for (const body of [
			{ TicketId: 9, Body: 'x', Slevel: 1 },
			{ TicketId: 1, Body: 5, Slevel: 1 },
			{ TicketId: 1, Body: 'x', Slevel: 0 },
			{ TicketId: 1, Body: 'x', Slevel: 'Secret' },
		])
			expect((await api('/TicketMessage', { method: 'POST', body })).status).toBe(400);
	});

	it('the request log holds what was sent; a lost answer (reset after-body) still created the request', async () => {
		sb.faults.script([
			{
				match: { method: 'POST', path: /\/Ticket$/ },
				fault: { type: 'reset', when: 'after-body' },
			},
		]);
		await expect(newTicket({ Title: 'Lost answer' })).rejects.toThrow();
		expect(sb.getTickets().map((t) => t.Title)).toEqual(['Lost answer']);
		const [sent] = sb.requestsFor('POST', /\/Ticket$/);
		expect(sent.body).toEqual({ Title: 'Lost answer' });
		sb.reseed('default');
		expect(sb.getTickets()).toEqual([]);
	});
});
