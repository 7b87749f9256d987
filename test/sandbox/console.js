// @ts-check
'use strict';
/**
 * The sandbox's console: lines typed while it runs switch presence, let a person be the customer
 * (`say`, `click`) and switch the sandbox's own bot; every message added to a chat is printed.
 * Used by `npm run sandbox` (cli.js) and `npm start` (scripts/start.js).
 */

/** @param {import('./index').Sandbox} sb */
function presentNames(sb) {
	const names = sb.state.associates
		.filter((a) => sb.state.present.has(a.associateId))
		.map((a) => a.username);
	return names.length > 0 ? names.join(', ') : 'nobody';
}

const COMMANDS =
	'commands: say <session> <text> · click <session> <option> · bot on|off · absent <user> · present <user> · agents';

/** One chat message as the CLI prints it: `[chat 901] Sandbox Bot: text (options: 1) Yes · 2) No)`. */
function chatLine(/** @type {number} */ id, /** @type {import('./types').ChatMessage} */ m) {
	let options = '';
	if (m.SpecialType === 'Options') {
		try {
			const list = JSON.parse(m.SpecialParam);
			if (Array.isArray(list))
				options = `  (options: ${list.map((o, i) => `${i + 1}) ${o}`).join(' · ')})`;
		} catch {
			options = '';
		}
	}
	const clicked = m.SpecialType === 'ClickedOption' ? 'clicked ' : '';
	return `[chat ${id}] ${m.Author || m.Type}: ${clicked}${m.Message}${options}`;
}

/**
 * Lines on stdin while the sandbox runs: presence (`absent <user>`, `present <user>`, `agents`),
 * the customer (`say <session> <text>`, `click <session> <option>`) and the sandbox's own bot
 * (`bot on|off`). Every message added to a chat is printed. EOF (stdin closed or ignored) just
 * stops listening.
 * @param {import('./index').Sandbox} sb
 * @param {boolean} [json] one JSON line per event instead of text
 */
function commandsFromStdin(sb, json = false) {
	const say = (/** @type {Record<string, unknown>} */ event, /** @type {string} */ text) =>
		process.stdout.write(`${json ? JSON.stringify(event) : text}\n`);
	sb.onMessage((id, message) =>
		say({ event: 'chat-message', chatSessionId: id, message }, chatLine(id, message)),
	);
	const readline = require('node:readline');
	const lines = readline.createInterface({ input: process.stdin, terminal: false });
	lines.on('line', (line) => {
		const [command, arg, ...rest] = line.trim().split(/\s+/);
		if (!command) return;
		const text = rest.join(' ');
		try {
			if (command === 'agents') {
				say({ event: 'agents', present: presentNames(sb) }, `present: ${presentNames(sb)}`);
			} else if ((command === 'absent' || command === 'present') && arg) {
				const known = sb.setPresent(arg, command === 'present');
				say(
					{ event: 'presence', user: arg, present: command === 'present', known },
					known ? `${arg} is ${command}; present: ${presentNames(sb)}` : `no user ${arg}`,
				);
			} else if (command === 'say' && /^\d+$/.test(arg ?? '') && text) {
				sb.customerWrites(Number(arg), text);
			} else if (command === 'click' && /^\d+$/.test(arg ?? '') && text) {
				sb.customerClicks(Number(arg), /^\d+$/.test(text) ? Number(text) : text);
			} else if (command === 'bot' && (arg === 'on' || arg === 'off')) {
				const bot = sb.chatbot.configure({ replies: arg === 'on' });
				say(
					{ event: 'chatbot', ...bot },
					`the sandbox's bot ${bot.replies ? 'answers' : 'is quiet'}`,
				);
			} else {
				say({ event: 'unknown-command', line }, COMMANDS);
			}
		} catch (e) {
			say(
				{ event: 'refused', line, error: /** @type {Error} */ (e).message },
				/** @type {Error} */ (e).message,
			);
		}
	});
	lines.on('error', () => undefined);
	// Never keeps the process alive by itself.
	/** @type {any} */ (process.stdin).unref?.();
}

module.exports = { commandsFromStdin, presentNames, chatLine };
