import type { RequestFailure } from '../errors/errors';

/** A tenant lookup that gave no API root: why, and after how many attempts. */
export interface LookupFailed {
	failure: RequestFailure;
	attempts: number;
}

/** Looks the root up with the timeout and retry settings of the request that needs it. */
export type ApiRootLookup<S> = (settings: S) => Promise<string | LookupFailed>;

/**
 * Where the API lives during one execution: fixed from the Base URL, or (customer id only)
 * looked up once and shared by all requests, and looked up again once when the host answers
 * 421. A failed lookup stays failed: later items do not ask again.
 */
export class ApiRootSource<S = unknown> {
	private current?: Promise<string | LookupFailed>;
	private lookups = 0;

	constructor(
		fixedApiRoot: string | undefined,
		private readonly lookUp: ApiRootLookup<S> | undefined,
	) {
		if (fixedApiRoot !== undefined) this.current = Promise.resolve(fixedApiRoot);
	}

	/** Changes with every new lookup; a request notes it before it sends. */
	get generation(): number {
		return this.lookups;
	}

	/** `settings`: those of the request that asks first (a lookup is shared, not repeated per item). */
	async get(settings: S): Promise<string | LookupFailed> {
		if (this.current === undefined) this.current = this.start(settings);
		return await this.current;
	}

	/**
	 * After a 421 on `refusedRoot`: the root of a new lookup, undefined where the root is fixed
	 * or SuperOffice still names the refusing host (retrying there would only repeat the 421).
	 * One new lookup however many requests of the same generation get the 421.
	 */
	async lookUpAgain(
		seenGeneration: number,
		refusedRoot: string,
		settings: S,
	): Promise<string | LookupFailed | undefined> {
		if (this.lookUp === undefined) return undefined;
		if (this.lookups === seenGeneration) this.current = this.start(settings);
		const found = await this.get(settings);
		return found === refusedRoot ? undefined : found;
	}

	private start(settings: S): Promise<string | LookupFailed> {
		this.lookups++;
		return this.lookUp!(settings);
	}
}
