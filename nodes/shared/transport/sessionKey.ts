/**
 * A ChatSessionEntity's `SessionKey` authenticates the customer's chat client: whoever holds it
 * can act as that customer. A workflow never needs it, so it never leaves the transport: it is
 * dropped from every answer before an operation or trigger sees it (and so from every item,
 * log and pinned test result), wherever it sits: a session embedded in a message, in a list, in
 * a page. The keys met on the way are handed to `seen`, so the execution's errors can be
 * scrubbed of them like of the credential's secrets.
 */
const SESSION_KEY = /^sessionkey$/i;

type Container = Record<string, unknown> | unknown[];

/**
 * The value without SessionKey fields (any casing) at any depth, objects in lists included; other
 * values unchanged. Copies containers (iteratively: no depth limit, no stack to overflow) and
 * reports each string key it drops to `seen`.
 */
export function withoutSessionKey<T>(value: T, seen?: (sessionKey: string) => void): T {
	if (value === null || typeof value !== 'object') return value;
	const pending: Array<[Container, Container]> = [];
	const copyOf = (item: unknown): unknown => {
		if (item === null || typeof item !== 'object') return item;
		const target: Container = Array.isArray(item) ? [] : {};
		pending.push([item as Container, target]);
		return target;
	};
	const root = copyOf(value);
	while (pending.length > 0) {
		const [source, target] = pending.pop()!;
		if (Array.isArray(source)) {
			for (const item of source) (target as unknown[]).push(copyOf(item));
			continue;
		}
		for (const [key, item] of Object.entries(source)) {
			if (SESSION_KEY.test(key)) {
				if (typeof item === 'string' && item !== '') seen?.(item);
				continue;
			}
			// defineProperty: a "__proto__" key of parsed JSON stays a plain field.
			Object.defineProperty(target, key, {
				value: copyOf(item),
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
	}
	return root as T;
}
