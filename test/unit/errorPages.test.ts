/**
 * Error pages of any size cost the same bounded work: the body is cut to ERROR_BODY_LIMIT before
 * any pattern, parser or string scan sees it. Proven by recording what reaches those built-ins
 * (not by timing), for pages of 10 KB, 32 KB and 1 MB.
 */
import { describeFailure, ERROR_BODY_LIMIT, serverMessage } from '../../nodes/shared/errors/errors';

const subject = { action: 'reset chat session 903', chatSessionId: 903 };
const secrets = ['Sb-Password-7f3k9', 'sandbox-user:Sb-Password-7f3k9', '7T:sandbox-ticket-Q2xZ'];

interface Work {
	/** Calls of RegExp exec (test, replace, match and split with a RegExp all go through it). */
	regexRuns: number;
	/** Characters those calls, JSON.parse and the scanning string methods were given, summed. */
	charactersScanned: number;
	/** The longest string any of them was given. */
	longestInput: number;
}

/** Runs `fn` while recording the input of every regex run, JSON.parse and scanning string method. */
function measure(fn: () => void): Work {
	const work: Work = { regexRuns: 0, charactersScanned: 0, longestInput: 0 };
	const note = (input: unknown) => {
		const length = typeof input === 'string' ? input.length : 0;
		work.charactersScanned += length;
		work.longestInput = Math.max(work.longestInput, length);
	};
	const spies: jest.SpyInstance[] = [];
	const exec = RegExp.prototype.exec;
	spies.push(
		jest.spyOn(RegExp.prototype, 'exec').mockImplementation(function (this: RegExp, input: string) {
			work.regexRuns++;
			note(input);
			return exec.call(this, input);
		}),
	);
	const parse = JSON.parse;
	spies.push(
		jest
			.spyOn(JSON, 'parse')
			.mockImplementation((text: string, reviver?: (key: string, value: unknown) => unknown) => {
				note(text);
				return parse(text, reviver) as unknown;
			}),
	);
	for (const method of [
		'toLowerCase',
		'indexOf',
		'includes',
		'trim',
		'split',
		'endsWith',
		'startsWith',
	] as const) {
		const original = String.prototype[method] as (...args: unknown[]) => unknown;
		spies.push(
			jest.spyOn(String.prototype, method).mockImplementation(function (
				this: string,
				...args: unknown[]
			) {
				note(String(this));
				return original.apply(this, args);
			} as never),
		);
	}
	try {
		fn();
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
	return work;
}

/** `<a` repeated: the input that made the old tag patterns backtrack for seconds. */
const hostile = (bytes: number, wrap = false) => {
	const inner = '<a'.repeat(Math.ceil(bytes / 2)).slice(0, bytes);
	return wrap ? `<html><body>${inner}</body></html>` : inner;
};
const failureOf = (body: string, contentType = 'text/html') => ({
	kind: 'http' as const,
	status: 500,
	body,
	contentType,
});

// The forms of a secret list are derived once per list (and cached): do that before measuring.
beforeAll(() => describeFailure(failureOf('warm-up'), subject, secrets));

describe('hostile error pages', () => {
	it.each([
		['"<a" repeated, no tag at all', false],
		['"<a" repeated inside <html><body>', true],
	])(
		'a 1 MB page (%s) does the same work as a 32 KB one: only the first 16 KB are read',
		(_name, wrap) => {
			const big = measure(() =>
				describeFailure(failureOf(hostile(1024 * 1024, wrap)), subject, secrets),
			);
			const mid = measure(() =>
				describeFailure(failureOf(hostile(32 * 1024, wrap)), subject, secrets),
			);
			expect(big.longestInput).toBeLessThanOrEqual(ERROR_BODY_LIMIT + 64);
			expect(big.regexRuns).toBe(mid.regexRuns);
			expect(big.charactersScanned).toBe(mid.charactersScanned);
			// …and a 10 KB page, read whole, costs no more than that bound.
			const small = measure(() =>
				describeFailure(failureOf(hostile(10 * 1024, wrap)), subject, secrets),
			);
			expect(small.charactersScanned).toBeLessThanOrEqual(big.charactersScanned);
			expect(big.charactersScanned).toBeLessThan(100 * ERROR_BODY_LIMIT);
		},
	);

	it('a 1 MB JSON error body is cut before it is parsed, and its message still read', () => {
		const body = JSON.stringify({
			Error: true,
			Message: 'Server is restarting',
			Details: 'x'.repeat(1024 * 1024),
		});
		let said = '';
		const work = measure(() => {
			said = serverMessage(body, 'application/json', secrets);
		});
		expect(said).toBe('Server is restarting');
		expect(work.longestInput).toBeLessThanOrEqual(ERROR_BODY_LIMIT + 64);
	});

	it('the error still reads well', () => {
		const { message } = describeFailure(failureOf(hostile(1024 * 1024)), subject, secrets);
		expect(message).toMatch(
			/^Could not reset chat session 903: SuperOffice had a server problem \(HTTP 500\)\. SuperOffice says: <a<a/,
		);
		expect(message.length).toBeLessThan(500);
		const titled = `<html><head><title>Gateway &amp; proxy down</title></head><body>${hostile(1024 * 1024)}</body></html>`;
		expect(serverMessage(titled)).toBe('Gateway & proxy down');
		expect(
			serverMessage(
				`<html><body><h2 class="x"><span>Service</span> Unavailable</h2>${hostile(50_000)}</body></html>`,
			),
		).toBe('Service Unavailable');
	});
});
