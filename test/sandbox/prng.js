// @ts-check
'use strict';

/**
 * Small deterministic PRNG (mulberry32). Same seed → same sequence, on every platform.
 * @param {number} seed
 */
function createPrng(seed) {
	let a = seed >>> 0;
	/** @returns {number} float in [0, 1) */
	function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	return {
		next,
		/** Integer in [min, max] inclusive. @param {number} min @param {number} max */
		int(min, max) {
			return min + Math.floor(next() * (max - min + 1));
		},
		/** @template T @param {readonly T[]} list @returns {T} */
		pick(list) {
			return list[Math.floor(next() * list.length)];
		},
		/** @param {number} bytes */
		hex(bytes) {
			let out = '';
			for (let i = 0; i < bytes; i++)
				out += Math.floor(next() * 256)
					.toString(16)
					.padStart(2, '0');
			return out;
		},
	};
}

module.exports = { createPrng };
