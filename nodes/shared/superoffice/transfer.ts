/**
 * Whether a Transfer To took: SuperOffice answers the session even when "the session does not
 * belong to the user" and "nothing happens" (its docs), as with every bot session (User null).
 * The answer tells: the session changed hands when its TransferTo (or User) is the target.
 * Pure, so every rule is unit-tested.
 */
import type { IDataObject } from 'n8n-workflow';

/** Why a transfer did not take, and what to do instead. */
export interface TransferRefusal {
	/** Completes "Chat session 903 was not transferred to anna.agent: …". */
	reason: string;
	advice: string;
	/** `botSession` (nobody owns it), `otherUser` (someone else does), `unchanged` (no reason given). */
	kind: 'botSession' | 'otherUser' | 'unchanged';
}

function asRecord(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** Whether an Associate carrier is the user `target` names (an associate id, or a user name). */
export function isAssociate(carrier: unknown, target: string): boolean {
	const associate = asRecord(carrier);
	if (!associate) return false;
	const wanted = target.trim();
	if (/^\d+$/.test(wanted)) return Number(associate.AssociateId) === Number(wanted);
	const lower = wanted.toLowerCase();
	return [associate.UserName, associate.Name].some(
		(name) => typeof name === 'string' && name.trim().toLowerCase() === lower,
	);
}

function nameOf(carrier: IDataObject): string {
	for (const key of ['FullName', 'UserName', 'Name']) {
		const value = carrier[key];
		if (typeof value === 'string' && value.trim() !== '') return value;
	}
	return `associate ${String(carrier.AssociateId ?? '?')}`;
}

/**
 * Undefined when the returned session is offered to (TransferTo) or held by (User) the target;
 * else why it did not change hands, pointing at Reset for a bot session.
 */
export function transferRefusal(session: IDataObject, target: string): TransferRefusal | undefined {
	if (isAssociate(session.TransferTo, target) || isAssociate(session.User, target))
		return undefined;
	const owner = asRecord(session.User);
	if (!owner) {
		return {
			kind: 'botSession',
			reason:
				'no user owns it (a chatbot session, User is empty), and SuperOffice transfers only sessions that belong to the signed-in user: nothing changed',
			advice:
				'To hand a bot session to a human, use Chat Session → Reset: it puts the session on the queue of its topic, where the present agents pick it up (check first with Chat Topic → Get Availability).',
		};
	}
	const pending = asRecord(session.TransferTo);
	return {
		kind: 'otherUser',
		reason: `it belongs to ${nameOf(owner)}${pending ? ` (and is offered to ${nameOf(pending)})` : ''}, and SuperOffice transfers only sessions that belong to the signed-in user: nothing changed`,
		advice: `Transfer it with a credential of ${nameOf(owner)}, or use Chat Session → Reset to put it back on the queue of its topic.`,
	};
}
