/**
 * The transcript rules: roles, special messages in words, HTML reduced to text, oldest first,
 * one line per message.
 */
import {
	chatTranscript,
	plainText,
	transcriptLine,
	transcriptMessage,
} from '../../nodes/shared/superoffice/transcript';

const AT = '2026-01-15T11:02:03.1234567+01:00';

function message(fields: Record<string, unknown>) {
	return {
		ChatMessageId: 1,
		ChatSessionId: 901,
		Type: 'ToUser',
		Message: 'Hello',
		Author: 'Kari',
		ReadByCustomer: 0,
		SpecialType: 'None',
		SpecialParam: '',
		WhenPosted: AT,
		...fields,
	};
}

describe('transcriptMessage', () => {
	it('customer, agent and event roles from Type (names or numbers)', () => {
		expect(transcriptMessage(message({ Type: 'ToUser' })).role).toBe('customer');
		expect(transcriptMessage(message({ Type: 2 })).role).toBe('customer');
		expect(transcriptMessage(message({ Type: 'ToCustomer', SpecialType: 'BotMessage' })).role).toBe(
			'agent',
		);
		expect(transcriptMessage(message({ Type: 1, SpecialType: 16 }))).toMatchObject({
			role: 'agent',
			type: 'ToCustomer',
			specialType: 'BotMessage',
		});
		expect(transcriptMessage(message({ Type: 3, SpecialType: 11, Message: '' }))).toEqual({
			id: 1,
			role: 'event',
			author: 'Kari',
			text: 'the customer closed the chat',
			at: AT,
			type: 'Special',
			specialType: 'ClosedByCustomer',
		});
	});

	it('puts special messages into words', () => {
		const text = (fields: Record<string, unknown>) =>
			transcriptMessage(message({ Type: 'Special', Message: '', ...fields })).text;
		expect(text({ SpecialType: 'NewSession', Author: 'Anna Agent' })).toBe(
			'Anna Agent joined the chat',
		);
		expect(text({ SpecialType: 'TransferedSession' })).toBe('the chat was transferred');
		expect(text({ SpecialType: 'ClosedByUser' })).toBe('the agent closed the chat');
		expect(text({ SpecialType: 'ClosedByIdle' })).toBe(
			'the chat was closed because nobody wrote for a while',
		);
		expect(text({ SpecialType: 'ReopenedByCustomer' })).toBe('the customer reopened the chat');
		expect(text({ SpecialType: 'ClickedOption', Message: 'Talk to a person' })).toBe(
			'clicked option "Talk to a person"',
		);
		expect(
			transcriptMessage(message({ Type: 'Special', SpecialType: 15, Message: 'Yes' })).role,
		).toBe('customer');
		expect(
			text({
				SpecialType: 'Options',
				Message: 'How can I help?',
				SpecialParam: '["Opening hours", {"text": "Talk to a person"}]',
			}),
		).toBe('How can I help? (options offered: "Opening hours", "Talk to a person")');
		expect(text({ SpecialType: 'Options', SpecialParam: '["A","B"]' })).toBe(
			'options offered: "A", "B"',
		);
	});

	it('strips HTML, keeps line breaks and a customer\'s "<3"', () => {
		expect(plainText('<p>Hi <b>there</b>&nbsp;&amp; welcome</p><p>Line&#39;2<br/>x</p>')).toBe(
			"Hi there & welcome\nLine'2\nx",
		);
		expect(plainText('I <3 you, 2 < 3')).toBe('I <3 you, 2 < 3');
		expect(plainText('<script>alert(1)</script>ok')).toBe('ok');
		expect(plainText(undefined)).toBe('');
	});
});

describe('chatTranscript', () => {
	it('oldest first by ChatMessageId, a line per message', () => {
		const result = chatTranscript(901, [
			message({ ChatMessageId: 3, Type: 'ToCustomer', Author: 'Bot', Message: '<p>Sure</p>' }),
			message({ ChatMessageId: 2, Message: 'Can I talk\nto a human?' }),
			message({ ChatMessageId: 4, Type: 'Special', SpecialType: 'ClosedByIdle', Message: '' }),
		]);
		expect(result.chatSessionId).toBe(901);
		expect(result.messages.map((m) => m.id)).toEqual([2, 3, 4]);
		expect(result.transcript).toBe(
			[
				'[2026-01-15 11:02:03] Kari (customer): Can I talk / to a human?',
				'[2026-01-15 11:02:03] Bot (agent): Sure',
				'[2026-01-15 11:02:03] the chat was closed because nobody wrote for a while',
			].join('\n'),
		);
	});

	it('an empty conversation is an empty transcript', () => {
		expect(chatTranscript(5, [])).toEqual({ chatSessionId: 5, transcript: '', messages: [] });
	});

	it('a line without time or author still reads', () => {
		expect(
			transcriptLine({
				id: null,
				role: 'agent',
				author: '',
				text: 'Hi',
				at: null,
				type: 'ToCustomer',
				specialType: 'None',
			}),
		).toBe('agent: Hi');
	});
});
