/**
 * "Can someone answer this chat topic now?" as one decision-ready item, from what SuperOffice
 * says about the topic: the topic itself, whether it is open, its members' rights and who is
 * present. SuperOffice's rule: who can take a chat now are the present users of the topic who may
 * respond. Pure, so every rule is unit-tested without SuperOffice.
 */
import type { IDataObject } from 'n8n-workflow';

/** One member of the topic as the availability item lists it. */
export interface TopicAgent extends IDataObject {
	associateId: number;
	name: string;
	present: boolean;
	canRespond: boolean;
	ongoingChats: number;
}

/** The output of Chat Topic → Get Availability. */
export interface TopicAvailability extends IDataObject {
	chatTopicId: number;
	name: string;
	isOpen: boolean;
	/** Members of the topic present in the chat now, whatever their rights. */
	agentsPresent: number;
	/** Present members who may respond: who can take a chat now. */
	agentsAvailable: number;
	/** Sessions waiting in the topic's queue. */
	inQueue: number;
	/** The topic's SecondsPrAccept: how long an offered chat waits for an agent to accept it. */
	secondsPerAccept: number | null;
	/** Open and at least one agent available. */
	canAnswer: boolean;
	agents: TopicAgent[];
}

/** What SuperOffice answered for one topic. */
export interface TopicFacts {
	chatTopicId: number;
	/** GET ChatTopic/{id} */
	topic: IDataObject;
	/** GET ChatTopic/{id}/IsOpen */
	isOpen: boolean;
	/** GET ChatTopic/{id}/UserAgent */
	members: IDataObject[];
	/** POST Agents/Chat/GetChatPresence */
	presence: IDataObject[];
	/** The topic's InQueue sessions in the archive. */
	inQueue: number;
}

/** The value of `key` in `record`, whatever its case (SuperOffice's JSON is PascalCase, not always). */
function field(record: unknown, key: string): unknown {
	if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
	const lower = key.toLowerCase();
	const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : (record as IDataObject)[found];
}

function idOf(value: unknown): number | undefined {
	const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** true only for true (or "true"): a missing right is no right. */
function flag(value: unknown): boolean {
	return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Presence by user id; an entry without a usable id is left out. */
function presenceById(presence: IDataObject[]): Map<number, IDataObject> {
	const byId = new Map<number, IDataObject>();
	for (const entry of presence) {
		const id = idOf(field(entry, 'UserId'));
		if (id !== undefined) byId.set(id, entry);
	}
	return byId;
}

/**
 * One member per user of the topic's UserAgent rows (a user listed twice keeps the rights of
 * both rows), in the order SuperOffice listed them, with presence and ongoing chats from
 * GetChatPresence. A user GetChatPresence does not list is not present.
 */
export function topicAgents(members: IDataObject[], presence: IDataObject[]): TopicAgent[] {
	const present = presenceById(presence);
	const agents = new Map<number, TopicAgent>();
	for (const row of members) {
		const user = field(row, 'User');
		const associateId = idOf(field(user, 'AssociateId')) ?? idOf(field(row, 'AssociateId'));
		if (associateId === undefined) continue;
		const seen = present.get(associateId);
		const canRespond = flag(field(row, 'CanRespond'));
		const known = agents.get(associateId);
		if (known) {
			known.canRespond ||= canRespond;
			continue;
		}
		const ongoing = Number(field(seen, 'OngoingChats'));
		agents.set(associateId, {
			associateId,
			name:
				text(field(user, 'FullName')) ??
				text(field(seen, 'DisplayName')) ??
				text(field(user, 'Name')) ??
				text(field(user, 'UserName')) ??
				String(associateId),
			present: flag(field(seen, 'Present')),
			canRespond,
			ongoingChats: Number.isInteger(ongoing) && ongoing >= 0 ? ongoing : 0,
		});
	}
	return [...agents.values()];
}

/** The decision-ready item: open, who is there, who may answer, the queue. */
export function topicAvailability(facts: TopicFacts): TopicAvailability {
	const agents = topicAgents(facts.members, facts.presence);
	const agentsPresent = agents.filter((agent) => agent.present).length;
	const agentsAvailable = agents.filter((agent) => agent.present && agent.canRespond).length;
	const seconds = Number(field(facts.topic, 'SecondsPrAccept'));
	return {
		chatTopicId: facts.chatTopicId,
		name: text(field(facts.topic, 'Name')) ?? '',
		isOpen: facts.isOpen,
		agentsPresent,
		agentsAvailable,
		inQueue: facts.inQueue,
		secondsPerAccept: Number.isFinite(seconds) ? seconds : null,
		canAnswer: facts.isOpen && agentsAvailable > 0,
		agents,
	};
}
