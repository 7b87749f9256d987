/**
 * A ChatSessionEntity's `SessionKey` authenticates the customer's chat client: whoever holds it
 * can act as that customer. A workflow never needs it, so it never leaves the transport: it is
 * dropped from every answer before an operation or trigger sees it (and so from every item,
 * log and pinned test result).
 */
const SESSION_KEY = /^sessionkey$/i;

/** The object without its SessionKey field (any casing); other values unchanged. */
export function withoutSessionKey<T>(value: T): T {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
	if (!Object.keys(value).some((key) => SESSION_KEY.test(key))) return value;
	return Object.fromEntries(Object.entries(value).filter(([key]) => !SESSION_KEY.test(key))) as T;
}
