/**
 * Message From's rules without a server: which messages are new and whose they are
 * (messageFrom.ts), and the per-process memory of how far each session was read, with its
 * turns and bounds (messageCursors.ts).
 */
import { MessageCursors, FORGET_AFTER_MS } from '../../nodes/SuperOfficeTrigger/messageCursors';
import { newMessagesFrom } from '../../nodes/SuperOfficeTrigger/messageFrom';

const customer = (id: number, text: string) => ({
	ChatMessageId: id,
	Type: 'ToUser',
	Message: text,
});
const bot = (id: number, text: string) => ({
	ChatMessageId: id,
	Type: 'ToCustomer',
	SpecialType: 'BotMessage',
	Message: text,
});
const joined = (id: number) => ({ ChatMessageId: id, Type: 'Special', SpecialType: 'NewSession' });
const clicked = (id: number, option: string) => ({
	ChatMessageId: id,
	Type: 'Special',
	SpecialType: 15,
	Message: '',
	SpecialParam: option,
});

describe('newMessagesFrom', () => {
	it('after a known message: every later message of that side, oldest first, text of the newest', () => {
		const list = [
			bot(12, 'Hi'),
			customer(11, 'old'),
			customer(13, 'one'),
			customer(14, '<p>two</p>'),
		];
		expect(newMessagesFrom(list, 'customer', 12)).toEqual({
			matching: [customer(13, 'one'), customer(14, '<p>two</p>')],
			text: 'two',
			newestId: 14,
		});
		expect(newMessagesFrom(list, 'agent', 12)).toEqual({
			matching: [],
			text: undefined,
			newestId: 14,
		});
		expect(newMessagesFrom([], 'customer', 12)).toEqual({ matching: [] });
	});

	it("without one: only the side's messages after the other side's newest message", () => {
		const list = [customer(1, 'q1'), bot(2, 'a1'), customer(3, 'q2'), joined(4), customer(5, 'q3')];
		expect(newMessagesFrom(list, 'customer').matching).toEqual([
			customer(3, 'q2'),
			customer(5, 'q3'),
		]);
		expect(newMessagesFrom(list, 'agent')).toEqual({ matching: [], text: undefined, newestId: 5 });
		expect(newMessagesFrom([...list, bot(6, 'a2'), joined(7), bot(8, 'a3')], 'agent')).toEqual({
			matching: [bot(6, 'a2'), bot(8, 'a3')],
			text: 'a3',
			newestId: 8,
		});
		expect(newMessagesFrom([customer(1, 'q'), bot(2, 'a')], 'customer').matching).toEqual([]);
	});

	it('a clicked option is the customer speaking, its text the option', () => {
		expect(newMessagesFrom([clicked(7, 'Talk to a person')], 'customer', 6)).toMatchObject({
			matching: [clicked(7, 'Talk to a person')],
			text: 'Talk to a person',
		});
	});

	it('messages without an id are left out rather than guessed', () => {
		expect(newMessagesFrom([{ Type: 'ToUser', Message: 'x' }], 'customer')).toEqual({
			matching: [],
		});
	});
});

describe('MessageCursors', () => {
	it('never moves back; forgets a session unseen for a day; keeps at most its bound, least recently seen out first', () => {
		let now = 0;
		const cursors = new MessageCursors(2, () => now);
		cursors.markSeen('a', 10);
		cursors.markSeen('a', 7);
		expect(cursors.seenUpTo('a')).toBe(10);
		now = FORGET_AFTER_MS + 1;
		expect(cursors.seenUpTo('a')).toBeUndefined();
		cursors.markSeen('a', 1);
		cursors.markSeen('b', 2);
		cursors.markSeen('a', 3);
		cursors.markSeen('c', 4);
		expect([cursors.seenUpTo('a'), cursors.seenUpTo('b'), cursors.seenUpTo('c')]).toEqual([
			3,
			undefined,
			4,
		]);
		expect(cursors.size).toBe(2);
	});

	it('deliveries of one session take turns; another session does not wait; a turn not reached in time is busy', async () => {
		const cursors = new MessageCursors();
		const order: string[] = [];
		let release: () => void = () => undefined;
		const first = cursors.inTurn('s', 1000, async () => {
			order.push('first starts');
			await new Promise<void>((resolve) => (release = resolve));
			order.push('first ends');
			return 1;
		});
		const second = cursors.inTurn('s', 1000, async () => {
			order.push('second');
			return 2;
		});
		const other = await cursors.inTurn('t', 1000, async () => {
			order.push('other session');
			return 3;
		});
		const late = await cursors.inTurn('s', 20, async () => 4);
		expect(other).toBe(3);
		expect(late).toBe('busy');
		release();
		expect(await Promise.all([first, second])).toEqual([1, 2]);
		expect(order).toEqual(['first starts', 'other session', 'first ends', 'second']);
		// Nothing left waiting: a new turn starts at once.
		expect(await cursors.inTurn('s', 10, async () => 5)).toBe(5);
	});
});
