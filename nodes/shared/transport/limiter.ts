/**
 * At most `size` tasks at once, the rest wait in line (first come, first served). One per
 * execution, shared by every request the node makes: items, and each item's own requests (Get
 * Many's full reads), draw from the same slots, so "Concurrency" is the number of requests in
 * flight, not of items. A slot is held for one attempt only (never across a retry's pause, and
 * never while waiting for another request), so requests that wait on each other cannot deadlock.
 */
export class RequestLimiter {
	private size?: number;
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	/** `size` may be read lazily: an option is checked (and may fail) before the first request. */
	constructor(private readonly sizeOf: number | (() => number)) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		this.size ??= Math.max(
			1,
			Math.floor(typeof this.sizeOf === 'function' ? this.sizeOf() : this.sizeOf) || 1,
		);
		if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.running++;
		try {
			return await task();
		} finally {
			// The slot passes straight to the next in line, or is freed.
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
