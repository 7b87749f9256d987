/**
 * SuperOffice signs each webhook call: `X-SuperOffice-Signature` = base64(HMAC-SHA256(secret,
 * raw body bytes)). Pure, so every case is unit-tested.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A fresh secret for one registration: 32 random bytes, URL-safe text. */
export function newWebhookSecret(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * Whether `header` is the signature of exactly these bytes under `secret`. Compares the
 * decoded HMAC bytes in constant time; a missing, repeated or malformed header is false.
 */
export function signatureMatches(
	secret: string,
	rawBody: Buffer,
	header: string | string[] | undefined,
): boolean {
	if (typeof header !== 'string' || secret === '') return false;
	const given = header.trim();
	if (!BASE64.test(given)) return false;
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	const received = Buffer.from(given, 'base64');
	if (received.length !== expected.length) return false;
	return timingSafeEqual(received, expected);
}
