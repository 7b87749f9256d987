import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { readBodyText } from '../../nodes/shared/transport/responseBody';
import { isRetryable } from '../../nodes/shared/transport/retry';

function chunks(parts: string[]): Readable & { destroyedEarly?: boolean } {
	return Readable.from(parts.map((p) => Buffer.from(p)));
}

describe('readBodyText', () => {
	it('reads a stream whole when it fits', async () => {
		expect(await readBodyText(chunks(['{"a":', '1}']), 100, 'fail')).toEqual({
			ok: true,
			text: '{"a":1}',
		});
	});

	it('refuses a stream over the limit and stops reading it', async () => {
		let pulled = 0;
		const endless = new Readable({
			read() {
				pulled++;
				this.push(Buffer.alloc(1024, 'a'));
			},
		});
		expect(await readBodyText(endless, 10 * 1024, 'fail')).toEqual({
			ok: false,
			problem: 'tooLarge',
			limit: 10 * 1024,
		});
		expect(endless.destroyed).toBe(true);
		expect(pulled).toBeLessThan(20);
	});

	it('keeps the first bytes of an error body over the limit and says where it was cut', async () => {
		expect(await readBodyText(chunks(['abcdef', 'ghij']), 8, 'truncate')).toEqual({
			ok: true,
			text: 'abcdefgh',
			cutAt: 8,
		});
	});

	it('applies the limit to a string or a Buffer as well', async () => {
		expect(await readBodyText('x'.repeat(20), 10, 'fail')).toEqual({
			ok: false,
			problem: 'tooLarge',
			limit: 10,
		});
		expect(await readBodyText(Buffer.from('hello'), 10, 'fail')).toEqual({
			ok: true,
			text: 'hello',
		});
		expect(await readBodyText(undefined, 10, 'fail')).toEqual({ ok: true, text: '' });
	});

	it('tells broken gzip from a body that broke off', async () => {
		const gunzip = createGunzip();
		gunzip.end(
			Buffer.concat([
				Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]),
				Buffer.from('not deflate'),
			]),
		);
		expect(await readBodyText(gunzip, 1000, 'fail')).toMatchObject({
			ok: false,
			problem: 'decompress',
			code: expect.stringMatching(/^Z_/),
		});

		const broken = new Readable({
			read() {
				this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
			},
		});
		expect(await readBodyText(broken, 1000, 'fail')).toEqual({
			ok: false,
			problem: 'broken',
			code: 'ECONNRESET',
			message: 'aborted',
		});
	});
});

describe('retrying failures the transport put into words', () => {
	it('retries only idempotent calls, and only where the failure says it may help', () => {
		expect(isRetryable({ kind: 'described', retry: 'ifIdempotent' }, true)).toBe(true);
		expect(isRetryable({ kind: 'described', retry: 'ifIdempotent' }, false)).toBe(false);
		expect(isRetryable({ kind: 'described' }, true)).toBe(false);
	});
});
