/**
 * The sandbox's chat window and its own bot: the customer writes or clicks an offered option
 * (JS API, control endpoint, `npm run sandbox` stdin), every message fires chatsession.message
 * as SuperOffice's webhooks do for incoming and outgoing messages, and the bot (off by default)
 * answers customer messages in bot sessions only.
 */
import { createSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { callApi, callControl } from '../sandbox/testing';
import { startSandboxCli } from '../support/sandboxCli';

let sb: Sandbox;
beforeAll(async () => {
	sb = await createSandbox({ port: 0, wrongHostPort: false });
});
afterAll(async () => await sb.close());
beforeEach(() => {
	sb.reseed('default');
	sb.chatbot.configure({ replies: false, delayMs: 0 });
});

const offerOptions = async (id: number, options: string[]) =>
	await callApi(sb.apiUrl, `/ChatSession/${id}/Messages`, {
		method: 'POST',
		body: {
			Type: 'ToCustomer',
			Message: 'Pick one',
			SpecialType: 'Options',
			SpecialParam: JSON.stringify(options),
		},
	});
const settle = async () => await new Promise((resolve) => setTimeout(resolve, 30));

describe('the customer', () => {
	it('writes: a ToUser message from the customer, the session CustomerLast, one chatsession.message', async () => {
		const emitted: string[] = [];
		const emit = sb.webhooks.emit.bind(sb.webhooks);
		sb.webhooks.emit = (event, session, details) => {
			emitted.push(`${event} ${session.ChatSessionId}`);
			return emit(event, session, details);
		};
		try {
			const message = sb.customerWrites(901, 'Where is my parcel?');
			expect(message).toMatchObject({
				ChatSessionId: 901,
				Type: 'ToUser',
				SpecialType: 'None',
				Message: 'Where is my parcel?',
				Author: sb.getSession(901)!.CustomerName,
			});
			expect(sb.getSession(901)).toMatchObject({
				Status: 'CustomerLast',
				LastMessage: 'Where is my parcel?',
			});
			expect(emitted).toContain('chatsession.message 901');
		} finally {
			sb.webhooks.emit = emit;
		}
	});

	it('clicks an offered option by number or text; nothing offered, an unknown option or an ended chat is refused', async () => {
		expect(() => sb.customerClicks(902, 1)).toThrow('chat session 902 offers no options');
		expect((await offerOptions(902, ['Opening hours', 'Talk to a person'])).status).toBe(200);
		expect(sb.customerClicks(902, 2)).toMatchObject({
			Type: 'Special',
			SpecialType: 'ClickedOption',
			Message: 'Talk to a person',
			SpecialParam: 'Talk to a person',
		});
		expect(sb.customerClicks(902, 'opening HOURS').Message).toBe('Opening hours');
		expect(() => sb.customerClicks(902, 'Pizza')).toThrow(
			'no option "Pizza"; offered: Opening hours · Talk to a person',
		);
		sb.putSession({ ...sb.getSession(902)!, Status: 'InQueue' });
		expect(sb.customerWrites(902, 'Still waiting').Type).toBe('ToUser');
		expect(sb.getSession(902)!.Status).toBe('InQueue');
		sb.putSession({ ...sb.getSession(902)!, Status: 'Closed' });
		expect(() => sb.customerWrites(902, 'Hello?')).toThrow('the customer cannot write');
		expect(() => sb.customerWrites(123456, 'x')).toThrow('no chat session 123456');
	});

	it('through the control endpoint: {"text"} writes, {"click"} clicks, both or neither is a 400', async () => {
		const write = await callControl(sb.controlUrl, 'POST', '/sessions/903/customer', {
			text: 'Hi',
		});
		expect(write).toMatchObject({ status: 200, json: { Type: 'ToUser', Message: 'Hi' } });
		await offerOptions(903, ['Yes', 'No']);
		const click = await callControl(sb.controlUrl, 'POST', '/sessions/903/customer', {
			click: 'No',
		});
		expect(click).toMatchObject({ status: 200, json: { SpecialType: 'ClickedOption' } });
		expect((await callControl(sb.controlUrl, 'POST', '/sessions/903/customer', {})).status).toBe(
			400,
		);
		expect(
			(await callControl(sb.controlUrl, 'POST', '/sessions/999999/customer', { text: 'x' })).status,
		).toBe(404);
	});
});

describe("the sandbox's bot", () => {
	it('when on, answers each customer message (typed or clicked) in a bot session, once, as a BotMessage; never a human-handled one', async () => {
		expect((await callControl(sb.controlUrl, 'GET', '/chatbot')).json).toEqual({
			replies: false,
			delayMs: 0,
			answered: 0,
		});
		sb.customerWrites(901, 'nobody answers this');
		await settle();
		expect(sb.getMessages(901).at(-1)!.Type).toBe('ToUser');

		await callControl(sb.controlUrl, 'POST', '/chatbot', { replies: true });
		sb.customerWrites(901, 'Hello bot');
		await settle();
		expect(sb.getMessages(901).at(-1)).toMatchObject({
			Type: 'ToCustomer',
			SpecialType: 'BotMessage',
			Author: 'Sandbox Bot',
			Message: 'Sandbox bot: thanks, I read "Hello bot".',
		});
		await offerOptions(901, ['Yes']);
		await settle();
		sb.customerClicks(901, 1);
		await settle();
		expect(sb.getMessages(901).at(-1)!.Message).toBe('Sandbox bot: thanks, I read "Yes".');
		// A human-handled session (911) gets no bot answer.
		const before = sb.getMessages(911).length;
		sb.customerWrites(911, 'Hello agent');
		await settle();
		expect(sb.getMessages(911)).toHaveLength(before + 1);
		expect(sb.chatbot.toJSON().answered).toBe(2);
		expect((await callControl(sb.controlUrl, 'POST', '/chatbot', { delayMs: -1 })).status).toBe(
			400,
		);
	});
});

describe('cli.js: be the customer', () => {
	it('"say" and "click" on stdin write as the customer; every chat message is printed; "bot on" answers', async () => {
		const cli = startSandboxCli(['--port', '0', '--wrong-host-port', 'off', '--quiet'], 'pipe');
		const waitFor = async (text: string) => expect(await cli.waitFor(text)).toBe(true);
		try {
			await waitFor('SANDBOX_READY');
			const apiUrl = /API root:\s+(\S+)/.exec(cli.output())![1];
			cli.child.stdin!.write('bot on\nsay 901 I need help with my order\n');
			await waitFor(`[chat 901] ${'Jonas Eriksen'}: I need help with my order`);
			await waitFor(
				'[chat 901] Sandbox Bot: Sandbox bot: thanks, I read "I need help with my order".',
			);
			await callApi(apiUrl, '/ChatSession/901/Messages', {
				method: 'POST',
				body: {
					Type: 'ToCustomer',
					Author: 'n8n bot',
					Message: 'Shall I find a person?',
					SpecialType: 'Options',
					SpecialParam: '["Yes please","No"]',
				},
			});
			await waitFor('[chat 901] n8n bot: Shall I find a person?  (options: 1) Yes please · 2) No)');
			cli.child.stdin!.write('click 901 1\nsay 999 hello\n');
			await waitFor('[chat 901] Jonas Eriksen: clicked Yes please');
			await waitFor('no chat session 999');
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toBe(0);
	});
});
