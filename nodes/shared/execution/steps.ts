/**
 * Operations that write in several steps (create a request, then its messages, then link it;
 * a hand-over) say, when a step fails, which step it was and what was already done, so nobody
 * has to guess what to clean up or must not repeat.
 */
import type { IDataObject } from 'n8n-workflow';

/** An error as thrown by the client or input checks: a message and an optional context. */
interface ErrorWithContext {
	message: string;
	context?: Record<string, unknown>;
	httpCode?: string | null;
}

/** Gateways that gave up: SuperOffice may have done the work behind them. */
const MAYBE_DONE_STATUSES = new Set(['502', '504']);

/**
 * Whether a failed write may have taken effect all the same: no HTTP answer at all (the
 * connection broke, the deadline passed), a gateway that gave up, or a success whose body could
 * not be read. Any other HTTP error means SuperOffice refused it.
 */
export function writeMayHaveArrived(error: unknown): boolean {
	if (!isErrorLike(error)) return true;
	const code = error.httpCode;
	if (code === undefined || code === null || code === '') return true;
	return MAYBE_DONE_STATUSES.has(code) || code.startsWith('2');
}

function isErrorLike(value: unknown): value is ErrorWithContext {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as { message?: unknown }).message === 'string'
	);
}

/** The steps of one item: what has been done, and the failure of the one that was not. */
export class StepLog {
	private readonly done: string[] = [];

	/**
	 * @param what completes "… failed at <step>", e.g. "Hand-over of chat session 901".
	 * @param context facts every error of the item carries (ids), added to its context.
	 */
	constructor(
		private readonly what: string,
		private readonly context: IDataObject = {},
	) {}

	/** Records a step as done, e.g. "created request 12". */
	record(step: string): void {
		this.done.push(step);
	}

	/** Adds a fact for the error's context, e.g. the id of a request that was created. */
	note(key: string, value: IDataObject[string]): void {
		this.context[key] = value;
	}

	/** What has been done so far, in order. */
	get steps(): readonly string[] {
		return this.done;
	}

	/**
	 * Runs one step; its failure is rethrown with a message that names the step and what was
	 * already done ("Nothing was changed." before the first write).
	 */
	async run<T>(
		step: string,
		work: () => Promise<T>,
		options: { write?: boolean } = {},
	): Promise<T> {
		try {
			return await work();
		} catch (error) {
			throw this.failed(step, error, options.write === true && writeMayHaveArrived(error));
		}
	}

	/** The error of a failed step, reworded in place (it keeps its type, status and description). */
	failed(step: string, error: unknown, mayHaveArrived = false): unknown {
		if (!isErrorLike(error)) return error;
		const maybe = mayHaveArrived
			? ' This step may have taken effect all the same (SuperOffice gave no clear answer), so it was not sent again: check before running it again.'
			: '';
		const already =
			this.done.length === 0
				? mayHaveArrived
					? ' Nothing else was changed.'
					: ' Nothing was changed.'
				: ` Already done: ${this.done.join('; ')}.`;
		const original = error.message.replace(/[.\s]+$/, '');
		error.message = `${this.what} failed at "${step}": ${original}.${maybe}${already}`;
		if (error.context && typeof error.context === 'object') {
			for (const [key, value] of Object.entries(this.context))
				if (error.context[key] === undefined) error.context[key] = value;
			if (this.done.length > 0) error.context.alreadyDone = this.done.join('; ');
			if (mayHaveArrived) error.context.mayHaveArrived = step;
		}
		return error;
	}
}
