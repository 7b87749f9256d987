/**
 * A chat session's status (SuperOffice's ChatSessionStatus): its names and numbers, "Active",
 * and the pick list the nodes show for it (Get Many's filter, the trigger's filter).
 */

/** ChatSessionStatus: name → numeric value, as documented for the entity's Status. */
export const CHAT_SESSION_STATUSES: Record<string, number> = {
	PreChatForm: 1,
	Faq: 2,
	OfflineForm: 3,
	InQueue: 4,
	CustomerLast: 5,
	UserLast: 6,
	Finished: 7,
	Deleted: 8,
	Closed: 9,
	RequestPosted: 10,
	ClosedFromQueue: 11,
};

/** "Active" in SuperOffice means the customer or the agent wrote last. */
export const ACTIVE_STATUSES = ['CustomerLast', 'UserLast'];

/** The Status pick list of Get Many's filters and the trigger's: "Active", then every status by name. */
export const STATUS_OPTIONS = [
	{
		name: 'Active (Customer Last or User Last)',
		value: 'active',
		description: `Sessions in a conversation: ${ACTIVE_STATUSES.join(' or ')}`,
	},
	...Object.keys(CHAT_SESSION_STATUSES).map((name) => ({
		name: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
		value: name,
	})),
];

/** Status name by its number, as webhooks and some answers send it (0 Invalid … 11 ClosedFromQueue). */
const STATUS_BY_NUMBER: Record<number, string> = Object.fromEntries([
	[0, 'Invalid'],
	...Object.entries(CHAT_SESSION_STATUSES).map(([name, value]) => [value, name]),
]);

/** A status given as number, digit string or name (any case) → its name; undefined when unknown. */
export function statusName(value: unknown): string | undefined {
	if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
		return STATUS_BY_NUMBER[Number(value)];
	}
	if (typeof value !== 'string') return undefined;
	const lower = value.trim().toLowerCase();
	return Object.values(STATUS_BY_NUMBER).find((name) => name.toLowerCase() === lower);
}
