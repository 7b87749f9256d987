/**
 * SuperOffice requests (the API's Ticket) as the nodes use them: create one, add a message to it,
 * read it. Creating and adding are not idempotent (a repeat makes a second request or shows the
 * text twice), so they are never repeated once they may have reached SuperOffice. Ids arrive
 * validated.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';
import { patchChatSession } from './chatSessionUpdate';
import type { PatchOperation } from './chatSessionUpdate';

/** A new request's fields, as the node gathers them. */
export interface NewRequest {
	title: string;
	personId?: number;
	contactId?: number;
	categoryId?: number;
	priorityId?: number;
}

/** TicketMessage.Slevel: Internal (1, only for users) or External (2, the customer may see it). */
export type MessageVisibility = 'internal' | 'external';

const SLEVEL: Record<MessageVisibility, string> = { internal: 'Internal', external: 'External' };

/** The TicketEntity to POST: the title and the references that were given. */
export function ticketBody(request: NewRequest): IDataObject {
	const body: IDataObject = { Title: request.title };
	if (request.categoryId !== undefined) body.Category = { TicketCategoryId: request.categoryId };
	if (request.priorityId !== undefined) body.Priority = { TicketPriorityId: request.priorityId };
	if (request.personId !== undefined) body.Person = { PersonId: request.personId };
	if (request.contactId !== undefined) body.Contact = { ContactId: request.contactId };
	return body;
}

/** The id of a TicketEntity SuperOffice answered; undefined when it has none. */
export function requestIdOf(ticket: IDataObject): number | undefined {
	const id = ticket.TicketId;
	return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : undefined;
}

/** POST /Ticket: creates the request and answers the TicketEntity. Never repeated. */
export async function createRequest(
	send: SendRequest,
	request: NewRequest,
	chatSessionId?: number,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'POST',
		path: '/Ticket',
		body: ticketBody(request),
		subject: { action: 'create a request', chatSessionId },
		idempotent: false,
		answerName: 'request',
	});
}

/** POST /TicketMessage: adds a message to a request and answers it. Never repeated. */
export async function addRequestMessage(
	send: SendRequest,
	requestId: number,
	body: string,
	visibility: MessageVisibility,
	chatSessionId?: number,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'POST',
		path: '/TicketMessage',
		body: { TicketId: requestId, Body: body, Slevel: SLEVEL[visibility] },
		subject: { action: `add a message to request ${requestId}`, chatSessionId },
		idempotent: false,
		answerName: 'request message',
	});
}

/** GET /Ticket/{id}: the TicketEntity. */
export async function getRequest(send: SendRequest, requestId: number): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'GET',
		path: `/Ticket/${requestId}`,
		subject: { action: `get request ${requestId}` },
		answerName: 'request',
	});
}

const WRITE = { write: true };

/** A message to add to a new request, and how the steps name it ("the summary"). */
export interface PlannedMessage {
	body: string;
	visibility: MessageVisibility;
	label: string;
}

/** What to file: the request, its messages in order, and the chat session to connect it to. */
export interface RequestPlan {
	request: NewRequest;
	messages: PlannedMessage[];
	link?: {
		chatSessionId: number;
		/**
		 * The session's Ticket as read before, for a `test` guard: the link is made only if nobody
		 * connected the session to another request meanwhile (a 409 otherwise). Undefined: no guard.
		 */
		expected?: number | null;
	};
}

/** What the steps of filing a request need: a sender and the item's step log. */
export interface StepRunner {
	run<T>(step: string, work: () => Promise<T>, options?: { write?: boolean }): Promise<T>;
	record(step: string): void;
	note(key: string, value: number): void;
}

/**
 * Files a request in steps: POST Ticket, a POST TicketMessage per message, then PATCH the chat
 * session's Ticket. Every write is sent once (none is repeated once it may have arrived); a
 * failed step names itself and what was already done. Answers the TicketEntity as created.
 */
export async function fileRequest(
	send: SendRequest,
	steps: StepRunner,
	plan: RequestPlan,
): Promise<IDataObject> {
	const chatSessionId = plan.link?.chatSessionId;
	const ticket = await steps.run(
		'create the request',
		async () => {
			const created = await createRequest(send, plan.request, chatSessionId);
			if (requestIdOf(created) === undefined) {
				throw new Error(
					'SuperOffice answered without a TicketId, so it is not known which request was created',
				);
			}
			return created;
		},
		WRITE,
	);
	const requestId = requestIdOf(ticket) as number;
	steps.record(`created request ${requestId}`);
	steps.note('requestId', requestId);
	for (const message of plan.messages) {
		await steps.run(
			`add ${message.label} to request ${requestId}`,
			async () =>
				await addRequestMessage(send, requestId, message.body, message.visibility, chatSessionId),
			WRITE,
		);
		steps.record(`added ${message.label}`);
	}
	const link = plan.link;
	if (link) {
		const { expected } = link;
		const ops: PatchOperation[] = [];
		if (expected !== undefined)
			ops.push({
				op: 'test',
				path: '/Ticket',
				value: expected === null ? null : { TicketId: expected },
			});
		ops.push({ op: 'replace', path: '/Ticket', value: { TicketId: requestId } });
		const action = `connect chat session ${link.chatSessionId} to request ${requestId}`;
		await steps.run(
			action,
			async () => await patchChatSession(send, link.chatSessionId, ops, action),
			WRITE,
		);
		steps.record(`connected chat session ${link.chatSessionId} to request ${requestId}`);
	}
	return ticket;
}
