/**
 * Reads an answer's body with a size limit. The request helper hands the body over as a stream
 * (it would otherwise buffer any size: n8n sets axios' maxContentLength to Infinity), so a huge
 * or endless body costs at most the limit in memory.
 */

/** Most of a success body that is read: far more than any chat session or page of them. */
export const MAX_DATA_BODY_BYTES = 10 * 1024 * 1024;
/** Most of an error body that is read: its first words are all a message shows. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

export type BodyRead =
	| { ok: true; text: string; cutAt?: number }
	| { ok: false; problem: 'tooLarge'; limit: number }
	| { ok: false; problem: 'decompress' | 'broken'; code?: string; message: string };

interface ReadableLike extends AsyncIterable<unknown> {
	destroy: (error?: Error) => void;
}

function isReadable(body: unknown): body is ReadableLike {
	return (
		body !== null &&
		typeof body === 'object' &&
		typeof (body as { destroy?: unknown }).destroy === 'function' &&
		typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
	);
}

/** Frees a body that will not be read (a redirect's, or one whose deadline passed). */
export function discardBody(body: unknown): void {
	if (isReadable(body)) body.destroy();
}

function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	return Buffer.from(String(chunk), 'utf8');
}

/** Zlib's codes for data that does not inflate (broken gzip / deflate / brotli). */
const DECOMPRESS_CODES =
	/^(Z_|ERR_BROTLI|ERR__ERROR)|incorrect header check|invalid (block type|distance|stored)|unexpected end of file/i;

/**
 * The body as text. Over `limit` bytes: with `truncate`, the first `limit` bytes (`cutAt` set);
 * otherwise a `tooLarge` result. A stream is destroyed as soon as the limit is passed.
 */
export async function readBodyText(
	body: unknown,
	limit: number,
	overLimit: 'truncate' | 'fail',
): Promise<BodyRead> {
	if (body === undefined || body === null) return { ok: true, text: '' };
	if (!isReadable(body)) {
		const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : asBuffer(body);
		if (buffer.length <= limit) return { ok: true, text: buffer.toString('utf8') };
		return overLimit === 'fail'
			? { ok: false, problem: 'tooLarge', limit }
			: { ok: true, text: buffer.subarray(0, limit).toString('utf8'), cutAt: limit };
	}
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			const buffer = asBuffer(chunk);
			if (size + buffer.length > limit) {
				body.destroy();
				if (overLimit === 'fail') return { ok: false, problem: 'tooLarge', limit };
				chunks.push(buffer.subarray(0, limit - size));
				return { ok: true, text: Buffer.concat(chunks).toString('utf8'), cutAt: limit };
			}
			chunks.push(buffer);
			size += buffer.length;
		}
	} catch (error) {
		const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
		const text = typeof message === 'string' ? message : 'the body broke off';
		const codeText = typeof code === 'string' ? code : undefined;
		const problem = DECOMPRESS_CODES.test(`${codeText ?? ''} ${text}`) ? 'decompress' : 'broken';
		return { ok: false, problem, code: codeText, message: text };
	}
	return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
