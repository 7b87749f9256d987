/**
 * The hand-over's pure rules: whose hands a session is in, the request's title, what Reset's
 * answer means, and how a failed step is put into words.
 */
import { StepLog, writeMayHaveArrived } from '../../nodes/shared/execution/steps';
import {
	isInBotHands,
	referenceIdOf,
	requestTitle,
	resetOutcome,
	topicIdOf,
} from '../../nodes/shared/superoffice/handOver';

describe('isInBotHands', () => {
	it('bot active and the chat going on', () => {
		expect(isInBotHands({ ChatbotIsActive: true, Status: 'CustomerLast' })).toBe(true);
		expect(isInBotHands({ chatbotIsActive: 'true', Status: 6 })).toBe(true);
		expect(isInBotHands({ ChatbotIsActive: false, Status: 'CustomerLast' })).toBe(false);
		expect(isInBotHands({ ChatbotIsActive: true, Status: 'InQueue' })).toBe(false);
		expect(isInBotHands({ ChatbotIsActive: true, Status: 'Finished' })).toBe(false);
		expect(isInBotHands({})).toBe(false);
	});
});

describe('requestTitle, references, resetOutcome', () => {
	it("the summary's first line, cut at 80 characters; else who asked", () => {
		expect(requestTitle(9, {}, '\n  Refund please \nmore')).toBe('Chat 9: Refund please');
		expect(requestTitle(9, {}, 'x'.repeat(100))).toBe(`Chat 9: ${'x'.repeat(77)}...`);
		expect(requestTitle(9, { CustomerName: '', CustomerAlias: 'Kari' })).toBe(
			'Chat 9 with Kari: handed over by the chatbot',
		);
		expect(requestTitle(9, {})).toBe('Chat 9: handed over by the chatbot');
	});

	it('reads ids inside the session', () => {
		expect(topicIdOf({ TopicId: 2 })).toBe(2);
		expect(topicIdOf({ TopicId: 0 })).toBeUndefined();
		expect(referenceIdOf({ Person: { PersonId: 42 } }, 'Person', 'PersonId')).toBe(42);
		expect(referenceIdOf({ Person: null }, 'Person', 'PersonId')).toBeUndefined();
	});

	it('OfflineForm (name or number) is offlineForm, anything else queued', () => {
		expect(resetOutcome({ Status: 'OfflineForm' })).toBe('offlineForm');
		expect(resetOutcome({ Status: 3 })).toBe('offlineForm');
		expect(resetOutcome({ Status: 'InQueue' })).toBe('queued');
	});
});

describe('StepLog', () => {
	it('names the step and what was done; notes travel in the context', async () => {
		const steps = new StepLog('Hand-over of chat session 5', { chatSessionId: 5 });
		steps.record('posted the customer message');
		steps.note('requestId', 12);
		const error = Object.assign(new Error('Could not x (HTTP 400).'), {
			httpCode: '400',
			context: {} as Record<string, unknown>,
		});
		await expect(
			steps.run('add the summary', async () => await Promise.reject(error), { write: true }),
		).rejects.toBe(error);
		expect(error.message).toBe(
			'Hand-over of chat session 5 failed at "add the summary": Could not x (HTTP 400). Already done: posted the customer message.',
		);
		expect(error.context).toEqual({
			chatSessionId: 5,
			requestId: 12,
			alreadyDone: 'posted the customer message',
		});
	});

	it('a write without a clear answer may have arrived; a refusal did not', () => {
		expect(writeMayHaveArrived({ message: 'x' })).toBe(true);
		expect(writeMayHaveArrived({ message: 'x', httpCode: '504' })).toBe(true);
		expect(writeMayHaveArrived({ message: 'x', httpCode: '200' })).toBe(true);
		expect(writeMayHaveArrived({ message: 'x', httpCode: '400' })).toBe(false);
		expect(writeMayHaveArrived({ message: 'x', httpCode: '503' })).toBe(false);
		const steps = new StepLog('Creating the request');
		const error = new Error('Could not create a request: no answer');
		steps.failed('create the request', error, true);
		expect(error.message).toBe(
			'Creating the request failed at "create the request": Could not create a request: no answer. This step may have taken effect all the same (SuperOffice gave no clear answer), so it was not sent again: check before running it again. Nothing else was changed.',
		);
	});
});
