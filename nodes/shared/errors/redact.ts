/**
 * Scrubs secrets out of any text that may reach an error, a log line or an output item.
 *
 * Two layers:
 * - The credential's own secrets, in every form a server may echo them: as given, without the
 *   scheme word the user pasted along ("Bearer ..."), with whitespace collapsed, base64 (with and
 *   without padding, also URL-safe), hex (either case), URL- and form-encoded, JSON- and
 *   HTML-escaped.
 * - Values in places that hold secrets, whoever's they are: after an auth scheme word
 *   (`Basic x`, `Bearer%20x`), in a secret-named field (`password=x`, `"SessionKey":"x"`,
 *   `Session key 'x'`), SuperOffice ticket and token shapes (`7T:...`, `8A:...`) and JWTs.
 *
 * Short secrets: a secret shorter than MIN_FREE_SECRET_LENGTH characters is masked only where
 * it stands as a value (after a scheme word, as the value of a secret-named field, or as the word
 * right after one); masking every "the" for a 3-character password would garble messages and
 * point at the password. Longer secrets are masked wherever they appear.
 *
 * Every pattern here runs in linear time: character classes that cannot overlap with what
 * follows them, no nested or adjacent unbounded repeats over the same characters.
 */
export const MIN_FREE_SECRET_LENGTH = 6;

const MASK = '***';

/** Words that put a credential right after them. */
const AUTH_VALUE = /\b(Basic|Bearer|SOTicket|Digest|Negotiate|NTLM)(\s+|%20|\+)([^\s"',;<>&]+)/gi;

/** Field names whose value is a secret, in the spellings servers and proxies use. */
const SECRET_FIELD = String.raw`(?:pass(?:word|wd|phrase)|pwd|(?:client[_-]?)?secret|(?:access|refresh|id)[_-]?token|token|ticket|(?:so-?)?app[_-]?token|api[_-]?key|session[ _-]?key)`;
/** `password="x"`, `"SessionKey":"x"`, `Session key 'x'`: a quoted value after a secret field. */
const QUOTED_FIELD_VALUE = new RegExp(
	String.raw`\b(${SECRET_FIELD})(["']?[ \t]*(?:[:=][ \t]*)?)(?:(")[^"\r\n]*"|(')[^'\r\n]*')`,
	'gi',
);
/** `password=x`, `sessionKey: x`, `token=x&...`: an unquoted value after `=` or `:`. */
const UNQUOTED_FIELD_VALUE = new RegExp(
	String.raw`\b(${SECRET_FIELD})(["']?[ \t]*[:=][ \t]*)([^\s"'&,;<>]+)`,
	'gi',
);
/** `SessionKey x`, `password x`: the word after a secret field, checked by `maskWordAfterField`. */
const WORD_AFTER_FIELD = new RegExp(String.raw`\b(${SECRET_FIELD})([ \t]+)([^\s"'&,;<>]+)`, 'gi');
/** SuperOffice tickets (7T:) and access tokens (8A:, 8C:). */
const SO_TOKEN_SHAPES = /\b(7T|8A|8C):[A-Za-z0-9._~+/=-]{6,}/g;
/** A JSON Web Token (header.payload.signature, the header starting `{"`). */
const JWT_SHAPE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Words after "SessionKey" that are prose, not a key ("SessionKey is missing"). */
const PROSE_AFTER_FIELD = new Set([
	'is',
	'was',
	'are',
	'not',
	'missing',
	'invalid',
	'expired',
	'required',
	'must',
	'for',
	'of',
	'the',
	'and',
	'or',
	'has',
	'have',
	'does',
	'did',
	'cannot',
	'can',
	'in',
	'to',
	'a',
	'an',
	'with',
	'field',
	'empty',
	'wrong',
	'incorrect',
	'unknown',
	'too',
	'should',
	'will',
]);

/** What to mask for one list of secrets, derived once per list. */
export interface SecretForms {
	/** Every form of every secret that is masked wherever it appears, longest first. */
	readonly anywhere: readonly string[];
	/** Short secrets, masked only where they stand as a value. */
	readonly short: ReadonlySet<string>;
}

function lowerHex(encoded: string): string {
	return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function htmlEscaped(value: string): string[] {
	const named = value.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);
	return [named, named.replace(/&#39;/g, '&#x27;'), named.replace(/&#39;/g, '&apos;')];
}

/** The ways a server may write `value` back: URL/form-encoded, JSON- and HTML-escaped. */
function encodings(value: string): string[] {
	const url = encodeURIComponent(value);
	const form = new URLSearchParams({ v: value }).toString().slice(2);
	return [
		value,
		url,
		lowerHex(url),
		form,
		lowerHex(form),
		JSON.stringify(value).slice(1, -1),
		...htmlEscaped(value),
	];
}

/** The secret as given, whitespace-collapsed and trimmed, base64 (padded, unpadded, URL-safe) and hex. */
function baseForms(secret: string): string[] {
	const collapsed = secret.replace(/\s+/g, ' ');
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	const base64Url = base64.replace(/\+/g, '-').replace(/\//g, '_');
	const unpadded = (text: string) => text.replace(/=+$/, '');
	const hex = Buffer.from(secret, 'utf8').toString('hex');
	return [
		secret,
		secret.trim(),
		collapsed,
		collapsed.trim(),
		base64,
		unpadded(base64),
		base64Url,
		unpadded(base64Url),
		hex,
		hex.toUpperCase(),
	];
}

const formsCache = new WeakMap<readonly string[], SecretForms>();

/** Every form of every secret in the list (cached per list: clients keep theirs for a run). */
export function secretForms(secrets: readonly string[]): SecretForms {
	const cached = formsCache.get(secrets);
	if (cached) return cached;
	const anywhere = new Set<string>();
	const short = new Set<string>();
	for (const secret of secrets) {
		if (secret.trim() === '') continue;
		if (secret.trim().length < MIN_FREE_SECRET_LENGTH) {
			for (const form of encodings(secret.trim())) short.add(form);
			continue;
		}
		for (const base of baseForms(secret)) {
			for (const form of encodings(base))
				if (form.length >= MIN_FREE_SECRET_LENGTH) anywhere.add(form);
		}
	}
	// Longest first, so a form that contains another is masked whole.
	const forms: SecretForms = { anywhere: [...anywhere].sort((a, b) => b.length - a.length), short };
	formsCache.set(secrets, forms);
	return forms;
}

/** "ab." → "ab" (a loop: `/[.!?:)]+$/` would backtrack on a long run of dots). */
function withoutTrailingPunctuation(word: string): string {
	let end = word.length;
	while (end > 0 && '.!?:)'.includes(word[end - 1])) end--;
	return word.slice(0, end);
}

function maskWordAfterField(forms: SecretForms) {
	return (whole: string, field: string, gap: string, word: string): string => {
		const bare = withoutTrailingPunctuation(word);
		const isSessionKey = /^session/i.test(field);
		const lower = bare.toLowerCase();
		// A session key is masked unless the word is prose; a password word only if it is the short secret.
		if (
			forms.short.has(bare) ||
			(isSessionKey && bare !== '' && !PROSE_AFTER_FIELD.has(lower) && bare !== MASK)
		) {
			return `${field}${gap}${MASK}${word.slice(bare.length)}`;
		}
		return whole;
	};
}

/** `text` with every secret form and every value in a secret place replaced by `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
	const forms = secretForms(secrets);
	let result = text;
	for (const form of forms.anywhere) {
		if (result.includes(form)) result = result.split(form).join(MASK);
	}
	return result
		.replace(AUTH_VALUE, `$1$2${MASK}`)
		.replace(
			QUOTED_FIELD_VALUE,
			(_whole, field: string, gap: string, double?: string, single?: string) => {
				const quote = double ?? single ?? '"';
				return `${field}${gap}${quote}${MASK}${quote}`;
			},
		)
		.replace(UNQUOTED_FIELD_VALUE, `$1$2${MASK}`)
		.replace(WORD_AFTER_FIELD, maskWordAfterField(forms))
		.replace(SO_TOKEN_SHAPES, `$1:${MASK}`)
		.replace(JWT_SHAPE, MASK);
}

/**
 * The first `limit` characters of `text`. When the cut falls inside a secret, the piece of it
 * left at the end is masked too (the rest of the secret, which would have matched, is gone).
 */
export function cutSafely(text: string, limit: number, secrets: readonly string[] = []): string {
	if (text.length <= limit) return text;
	const cut = text.slice(0, limit);
	let tail = 0;
	for (const form of secretForms(secrets).anywhere) {
		for (let length = Math.min(form.length - 1, cut.length); length > tail; length--) {
			if (
				cut.charCodeAt(cut.length - length) === form.charCodeAt(0) &&
				cut.endsWith(form.slice(0, length))
			) {
				tail = length;
				break;
			}
		}
	}
	return tail === 0 ? cut : `${cut.slice(0, cut.length - tail)}${MASK}`;
}
