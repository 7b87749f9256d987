/**
 * Changing a chat session with JSON Patch (PATCH /ChatSession/{id}): its status, the person and
 * company it is about, and the request (Ticket) it is connected to. SuperOffice applies a patch
 * document all or nothing, paths case-insensitive; a failed `test` answers 409.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SendRequest } from '../transport/request';
import { chatSessionPath } from './chatSessions';

/** One JSON Patch operation, as SuperOffice takes them. */
export interface PatchOperation extends IDataObject {
	op: 'add' | 'replace' | 'remove' | 'test';
	path: string;
	value?: IDataObject | string | number | null;
}

/** What Update may change: each field is optional, ids arrive validated. */
export interface ChatSessionChanges {
	/** A ChatSessionStatus name, e.g. Finished. */
	status?: string;
	personId?: number;
	contactId?: number;
	requestId?: number;
}

/** The patch document for the changes: one `replace` per field, in a fixed order. */
export function changeOperations(changes: ChatSessionChanges): PatchOperation[] {
	const ops: PatchOperation[] = [];
	if (changes.status !== undefined)
		ops.push({ op: 'replace', path: '/Status', value: changes.status });
	if (changes.personId !== undefined)
		ops.push({ op: 'replace', path: '/Person', value: { PersonId: changes.personId } });
	if (changes.contactId !== undefined)
		ops.push({ op: 'replace', path: '/Contact', value: { ContactId: changes.contactId } });
	if (changes.requestId !== undefined)
		ops.push({ op: 'replace', path: '/Ticket', value: { TicketId: changes.requestId } });
	return ops;
}

/**
 * The id of the request a session is connected to (its Ticket: a carrier with TicketId, or a bare
 * id), or null.
 */
export function linkedRequestId(session: IDataObject): number | null {
	const ticket = session.Ticket;
	const id =
		ticket !== null && typeof ticket === 'object' && !Array.isArray(ticket)
			? (ticket as IDataObject).TicketId
			: ticket;
	return typeof id === 'number' && Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * PATCH /ChatSession/{id}: applies the operations and answers the entity after them. Without a
 * `test` the same document gives the same end state however often it runs, so it is retried like
 * a read; with one it is never repeated once it may have arrived (a repeat would fail its own
 * test after the first had applied).
 */
export async function patchChatSession(
	send: SendRequest,
	chatSessionId: number,
	ops: PatchOperation[],
	action = `update chat session ${chatSessionId}`,
): Promise<IDataObject> {
	return await send<IDataObject>({
		method: 'PATCH',
		path: chatSessionPath(chatSessionId),
		body: ops,
		subject: { action, chatSessionId },
		idempotent: !ops.some((op) => op.op === 'test'),
	});
}
