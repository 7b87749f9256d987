import { credentialSecrets } from '../../nodes/shared/transport/auth';
import { describeFailure, serverMessage } from '../../nodes/shared/errors/errors';
import { cutSafely, MIN_FREE_SECRET_LENGTH, redact } from '../../nodes/shared/errors/redact';
import { describeValue, valueForContext } from '../../nodes/shared/input/values';

const USER = 'sandbox-user';
/** `user:password` is 29 characters: its base64 ends with padding. */
const PASSWORD = 'Sb-Password-7f3k';
const basicSecrets = credentialSecrets({ authScheme: 'basic', username: USER, password: PASSWORD });
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const subject = { action: 'reset chat session 903', chatSessionId: 903 };

/** What the user reads when SuperOffice answers `status` with `message` in its JSON error body. */
function shown(
	message: string,
	secrets: readonly string[],
	status = 400,
	contentType = 'application/json',
): string {
	const body = contentType.includes('json')
		? JSON.stringify({ Error: true, Message: message })
		: message;
	const { message: text, description } = describeFailure(
		{ kind: 'http', status, body, contentType },
		subject,
		secrets,
	);
	return `${text}\n${description}`;
}

describe('redaction of the credential in every form a server may echo', () => {
	const pair = base64(`${USER}:${PASSWORD}`);

	it('base64(user:password) without the word Basic, with and without padding', () => {
		expect(pair.endsWith('=')).toBe(true);
		for (const echoed of [pair, pair.replace(/=+$/, '')]) {
			const text = shown(`credentials ${echoed} were rejected`, basicSecrets);
			expect(text).not.toContain(echoed.slice(0, 12));
			expect(text).toContain('credentials *** were rejected');
		}
	});

	it('URL-encoded as Basic%20...', () => {
		const echoed = encodeURIComponent(`Basic ${pair}`);
		const text = shown(`header was ${echoed}`, basicSecrets);
		expect(text).not.toContain(pair.slice(0, 12));
		expect(text).not.toContain(encodeURIComponent(pair).slice(0, 12));
	});

	it('Basic%20 before a credential that is not the configured one', () => {
		expect(redact(`Authorization=Basic%20${base64('other:pw')}`)).toBe('Authorization=Basic%20***');
	});

	it('a URL- or form-encoded password', () => {
		const password = 'p@ss word&x=1!(ok)';
		const secrets = credentialSecrets({ username: USER, password });
		for (const echoed of [
			encodeURIComponent(password),
			new URLSearchParams({ v: password }).toString().slice(2),
			encodeURIComponent(password).toLowerCase(),
		]) {
			const text = shown(`login failed for ${echoed} today`, secrets);
			expect(text).not.toContain(echoed);
			expect(text).toContain('login failed for *** today');
		}
	});

	it('a secret cut by the 300-character limit keeps none of its first characters', () => {
		for (const offset of [280, 290, 295, 297, 299]) {
			const said = serverMessage(
				JSON.stringify({ Message: `${'x'.repeat(offset)} ${PASSWORD} tail` }),
				'application/json',
				basicSecrets,
			);
			expect(said.length).toBeLessThanOrEqual(300);
			for (let length = 3; length <= PASSWORD.length; length++)
				expect(said).not.toContain(PASSWORD.slice(0, length));
		}
	});

	it('a secret cut by the error body limit keeps none of its first characters', () => {
		const body = `<html><body>${'<br>'.repeat(5000)}${PASSWORD}</body></html>`;
		for (let cut = 1; cut < PASSWORD.length; cut++) {
			const limit = body.indexOf(PASSWORD) + cut;
			expect(cutSafely(body, limit, basicSecrets).endsWith(PASSWORD.slice(0, cut))).toBe(false);
		}
	});

	it('a passphrase with double spaces or tabs, echoed as given or collapsed', () => {
		const passphrase = 'correct  horse\tbattery   staple';
		const secrets = credentialSecrets({ username: USER, password: passphrase });
		for (const echoed of [passphrase, 'correct horse battery staple']) {
			const text = shown(`passphrase ${echoed} is wrong`, secrets, 401, 'text/plain');
			expect(text).not.toMatch(/horse|battery|staple/);
		}
	});

	it('a token pasted with its scheme word ("Bearer eyJ..."), echoed without it', () => {
		const jwt = `eyJhbGciOiJSUzI1NiJ9.${base64('{"sub":"5"}').replace(/=+$/, '')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
		const secrets = credentialSecrets({ authScheme: 'bearer', accessToken: `Bearer ${jwt}` });
		for (const echoed of [jwt, `Bearer ${jwt}`, `token=${jwt}`]) {
			const text = shown(`rejected ${echoed}`, secrets, 401);
			expect(text).not.toContain('c2lnbmF0dXJl');
			expect(text).not.toContain(jwt.slice(0, 20));
		}
		// A JWT that is not this credential's (an id_token) is masked by its shape.
		expect(redact(`id ${jwt} end`)).toBe('id *** end');
	});

	it('a ticket pasted with "SOTicket", echoed without it', () => {
		const secrets = credentialSecrets({
			authScheme: 'soTicket',
			ticket: 'SOTicket Q-custom-ticket-9f8e',
		});
		expect(shown('ticket Q-custom-ticket-9f8e expired', secrets, 401)).not.toContain(
			'Q-custom-ticket',
		);
	});

	it('SessionKey variants of any chat session', () => {
		const key = 'sk-0a1b2c3d4e5f';
		for (const echoed of [
			`Session key '${key}' is not valid`,
			`Session key "${key}" is not valid`,
			`SessionKey ${key} is not valid`,
			`sessionKey: ${key}`,
			`session_key=${key}&x=1`,
			`{"SessionKey":"${key}"}`,
			`SESSIONKEY = ${key}`,
		]) {
			expect(redact(echoed)).not.toContain(key);
		}
		// Prose after the word stays readable.
		expect(redact('SessionKey is missing')).toBe('SessionKey is missing');
	});

	it('the app token and an OAuth client secret inside its base64 pair', () => {
		const secrets = credentialSecrets({
			appToken: 'app-token-1234',
			clientId: 'client-x',
			clientSecret: 'client-secret-99',
		});
		expect(shown('bad app-token-1234', secrets)).not.toContain('app-token-1234');
		expect(shown(`client ${base64('client-x:client-secret-99')}`, secrets)).not.toContain(
			base64('client-x:client-secret-99').slice(0, 10),
		);
	});

	it('an HTML-escaped password in an error page', () => {
		const password = `O'Brien<&>"pw`;
		const secrets = credentialSecrets({ username: USER, password });
		const page = `<html><head><title>Login for O&#39;Brien&lt;&amp;&gt;&quot;pw failed</title></head></html>`;
		expect(shown(page, secrets, 401, 'text/html')).not.toMatch(/Brien/);
	});
});

describe('short secrets', () => {
	it(`are masked where they stand as a value; shorter than ${MIN_FREE_SECRET_LENGTH} characters only there`, () => {
		const two = credentialSecrets({ username: USER, password: 'ab' });
		expect(redact('password=ab&user=x', two)).toBe('password=***&user=x');
		expect(redact('{"Password":"ab"}', two)).toBe('{"Password":"***"}');
		expect(redact('Invalid password ab.', two)).toBe('Invalid password ***.');
		expect(redact(`Basic ${base64(`${USER}:ab`)}`, two)).toBe('Basic ***');
		expect(redact(`pair ${base64(`${USER}:ab`)}`, two)).toBe('pair ***');
	});

	it('do not turn every "the" into ***', () => {
		const three = credentialSecrets({ username: USER, password: 'the' });
		expect(redact('the user has the wrong password: the', three)).toBe(
			'the user has the wrong password: ***',
		);
		expect(redact('Invalid password the', three)).toBe('Invalid password ***');
	});
});

describe('values of other fields', () => {
	it('never show an object or list, only what kind it is', () => {
		const session = {
			ChatSessionId: 464,
			SessionKey: 'sk-abc',
			CustomerEmail: 'a@b.c',
			CustomerPhone: '+47 1',
		};
		expect(describeValue(session)).toBe('an object with 4 keys');
		expect(describeValue([1, 2, 3])).toBe('a list of 3 values');
		expect(valueForContext(session)).toBe('an object with 4 keys');
		expect(valueForContext([session])).toBe('a list of 1 value');
		expect(valueForContext('12/../User')).toBe('12/../User');
		expect(valueForContext(42)).toBe(42);
	});
});
