/**
 * Message From: which of a session's messages are new for the trigger, and whose they are. A
 * message event carries no message (reference "Webhooks"), and SuperOffice sends one for the
 * bot's own replies too: the trigger reads the messages after the newest one it has seen and
 * hands on only the customer's (or only the agent's), so a bot never answers itself. Pure, so
 * every rule is unit-tested.
 */
import type { IDataObject } from 'n8n-workflow';

import { messageText, transcriptMessage } from '../shared/superoffice/transcript';
import type { TranscriptRole } from '../shared/superoffice/transcript';
import type { MessageFrom } from './event';

export interface NewMessages {
	/** The new messages from the side asked for, oldest first, as SuperOffice sent them. */
	matching: IDataObject[];
	/** What the newest matching message says (a clicked option as the option's text). */
	text?: string;
	/** The newest ChatMessageId read: where the next read starts. */
	newestId?: number;
}

interface Listed {
	message: IDataObject;
	id: number;
	role: TranscriptRole;
}

/** The other side of the conversation: whose message ends an unread run. */
const OTHER_SIDE: Record<Exclude<MessageFrom, 'any'>, TranscriptRole> = {
	customer: 'agent',
	agent: 'customer',
};

/**
 * The new messages of `from` among `messages` (the session's list, or the part after `seenUpTo`).
 * With `seenUpTo` every message after it is new. Without it (the first event of a session since
 * n8n started) only the last run of `from`'s messages is: those after the other side's newest
 * message, so an answered question is never handed on again.
 */
export function newMessagesFrom(
	messages: IDataObject[],
	from: Exclude<MessageFrom, 'any'>,
	seenUpTo?: number,
): NewMessages {
	const listed: Listed[] = messages
		.map((message) => {
			const { id, role } = transcriptMessage(message);
			return { message, id: id ?? Number.NaN, role };
		})
		.filter((m) => Number.isInteger(m.id) && (seenUpTo === undefined || m.id > seenUpTo))
		.sort((a, b) => a.id - b.id);
	if (listed.length === 0) return { matching: [] };
	const newestId = listed[listed.length - 1].id;
	let unread = listed;
	if (seenUpTo === undefined) {
		const lastOther = listed.map((m) => m.role).lastIndexOf(OTHER_SIDE[from]);
		unread = listed.slice(lastOther + 1);
	}
	const matching = unread.filter((m) => m.role === from).map((m) => m.message);
	return {
		matching,
		text: matching.length > 0 ? messageText(matching[matching.length - 1]) : undefined,
		newestId,
	};
}
