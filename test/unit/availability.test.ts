/**
 * Chat Topic → Get Availability's rules, without SuperOffice: who counts as present, available
 * (present and allowed to respond), and when a topic can answer.
 */
import { topicAgents, topicAvailability } from '../../nodes/shared/superoffice/availability';

const member = (id: number, canRespond: boolean, extra: Record<string, unknown> = {}) => ({
	TopicId: 2,
	User: { AssociateId: id, FullName: `User ${id}`, Name: `U${id}` },
	CanListen: true,
	CanRespond: canRespond,
	...extra,
});
const presence = (id: number, present: boolean, ongoing = 0) => ({
	UserId: id,
	DisplayName: `Shown ${id}`,
	OngoingChats: ongoing,
	Present: present,
	ChatTopics: [2],
});

describe('topicAgents', () => {
	it('one agent per member, in SuperOffice order, with presence and ongoing chats', () => {
		expect(
			topicAgents(
				[member(12, true), member(14, true), member(5, false)],
				[presence(5, true, 2), presence(12, true, 1), presence(14, false)],
			),
		).toEqual([
			{ associateId: 12, name: 'User 12', present: true, canRespond: true, ongoingChats: 1 },
			{ associateId: 14, name: 'User 14', present: false, canRespond: true, ongoingChats: 0 },
			{ associateId: 5, name: 'User 5', present: true, canRespond: false, ongoingChats: 2 },
		]);
	});

	it('a user missing from the presence is not present; a missing right is no right', () => {
		expect(topicAgents([{ User: { AssociateId: 7 } }], [])).toEqual([
			{ associateId: 7, name: '7', present: false, canRespond: false, ongoingChats: 0 },
		]);
	});

	it('reads keys in any case, ids as digits; rows without an id are left out; a user listed twice keeps both rights', () => {
		expect(
			topicAgents(
				[
					{ user: { associateid: '9', fullname: 'Nine' }, canrespond: false },
					{ User: { AssociateId: 9 }, CanRespond: 'true' },
					{ User: null, CanRespond: true },
					{ User: { AssociateId: 0 }, CanRespond: true },
				],
				[{ userid: '9', present: true, ongoingchats: 'many' }],
			),
		).toEqual([{ associateId: 9, name: 'Nine', present: true, canRespond: true, ongoingChats: 0 }]);
	});

	it('names an agent by full name, else the presence display name, else the short name', () => {
		const [first, second] = topicAgents(
			[{ User: { AssociateId: 3 } }, { User: { AssociateId: 4, Name: 'FOUR' } }],
			[presence(3, false)],
		);
		expect(first.name).toBe('Shown 3');
		expect(second.name).toBe('FOUR');
	});
});

describe('topicAvailability', () => {
	const facts = (isOpen: boolean, present: number[]) => ({
		chatTopicId: 2,
		topic: { ChatTopicId: 2, Name: 'Support', SecondsPrAccept: 45 },
		isOpen,
		members: [member(5, false), member(12, true), member(13, true)],
		presence: [5, 12, 13].map((id) => presence(id, present.includes(id))),
		inQueue: 3,
	});

	it('counts present members and those of them who may respond; open with one available = canAnswer', () => {
		expect(topicAvailability(facts(true, [5, 13]))).toMatchObject({
			chatTopicId: 2,
			name: 'Support',
			isOpen: true,
			agentsPresent: 2,
			agentsAvailable: 1,
			inQueue: 3,
			secondsPerAccept: 45,
			canAnswer: true,
		});
	});

	it.each([
		['closed, agents available', false, [12, 13]],
		['open, only a member who may not respond is present', true, [5]],
		['open, nobody present', true, []],
	])('%s: canAnswer false', (_label, isOpen, present) => {
		expect(topicAvailability(facts(isOpen, present)).canAnswer).toBe(false);
	});

	it('a topic without SecondsPrAccept or name gives null and empty text', () => {
		expect(topicAvailability({ ...facts(true, [12]), topic: { ChatTopicId: 2 } })).toMatchObject({
			name: '',
			secondsPerAccept: null,
			canAnswer: true,
		});
	});
});
