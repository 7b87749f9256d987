/** Whether a Transfer To took, from the session SuperOffice answered (pure rules). */
import { isAssociate, transferRefusal } from '../../nodes/shared/superoffice/transfer';

const anna = { AssociateId: 12, UserName: 'anna.agent', Name: 'ANNA', FullName: 'Anna Agent' };
const carl = { AssociateId: 14, UserName: 'carl.chat', Name: 'CARL', FullName: 'Carl Chatman' };

describe('isAssociate', () => {
	it.each([
		['12', true],
		[' 12 ', true],
		['13', false],
		['anna.agent', true],
		['ANNA.Agent', true],
		['anna', true],
		['Anna Agent', false],
	])('%p names Anna: %p', (target, expected) => {
		expect(isAssociate(anna, target)).toBe(expected);
	});

	it('nothing is nobody', () => {
		expect(isAssociate(null, '12')).toBe(false);
		expect(isAssociate(undefined, 'anna.agent')).toBe(false);
		expect(isAssociate([anna], '12')).toBe(false);
	});
});

describe('transferRefusal', () => {
	it('offered to the target, or held by the target: it took', () => {
		expect(transferRefusal({ User: carl, TransferTo: anna }, 'anna.agent')).toBeUndefined();
		expect(transferRefusal({ User: anna, TransferTo: null }, '12')).toBeUndefined();
	});

	it('a bot session: nobody owns it, Reset is the way', () => {
		expect(transferRefusal({ User: null, TransferTo: null }, 'anna.agent')).toMatchObject({
			kind: 'botSession',
			advice: expect.stringContaining('Chat Session → Reset'),
		});
	});

	it("another user's session: names the owner", () => {
		expect(transferRefusal({ User: carl, TransferTo: null }, 'anna.agent')).toMatchObject({
			kind: 'otherUser',
			reason: expect.stringMatching(/^it belongs to Carl Chatman, and SuperOffice/),
		});
	});
});
