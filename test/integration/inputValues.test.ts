/**
 * Values of the wrong type from expressions: a number as message text, an object as author, an
 * invalid Concurrency option. Each either does something true or fails the item with a clear
 * error, proven by what the sandbox received. Through n8n-core's WorkflowExecute.
 */
import { useSandbox } from '../support/sandboxLifecycle';
import { attemptsFor, runNode } from './resilienceSupport';

const sandbox = useSandbox();
const SESSION = 903;

describe('Add Message', () => {
	it('posts a number as its digits ("42"), not "Message is empty"', async () => {
		const result = await runNode({
			sandbox,
			ids: [SESSION],
			operation: 'addMessage',
			parameters: { message: '={{ 42 }}' },
		});
		expect(result.error).toBeUndefined();
		const [sent] = attemptsFor(sandbox, SESSION, 'addMessage');
		expect((sent.body as { Message: unknown }).Message).toBe('42');
		expect(result.items[0].json.Message).toBe('42');
	});

	it('refuses an object as author, naming the field, and posts nothing', async () => {
		const result = await runNode({
			sandbox,
			ids: [SESSION, SESSION],
			operation: 'addMessage',
			parameters: { author: '={{ $json }}' },
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Author of item 0 must be text, got an object with 1 key',
			'Author of item 1 must be text, got an object with 1 key',
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(attemptsFor(sandbox, SESSION, 'addMessage')).toHaveLength(0);
		expect(JSON.stringify(sandbox.getMessages(SESSION))).not.toContain('[object Object]');
	});

	it('refuses a message that is an object or a boolean, and one that is empty', async () => {
		for (const [message, error] of [
			['={{ { text: "hi" } }}', 'Message of item 0 must be text, got an object with 1 key'],
			['={{ true }}', 'Message of item 0 must be text, got true'],
			['={{ "  " }}', 'Message of item 0 is empty'],
		]) {
			const result = await runNode({
				sandbox,
				ids: [SESSION],
				operation: 'addMessage',
				parameters: { message },
				continueOnFail: true,
			});
			expect(result.items[0].json.error).toBe(error);
		}
		expect(attemptsFor(sandbox, SESSION, 'addMessage')).toHaveLength(0);
	});
});

describe('an invalid Concurrency option', () => {
	it.each([[0], [500], ['={{ "many" }}']])(
		'%p with Continue On Fail fails every item, paired, and never passes the input through',
		async (concurrency) => {
			const ids = [901, 902, 903];
			const result = await runNode({
				sandbox,
				ids,
				options: { concurrency },
				continueOnFail: true,
			});
			expect(result.items).toHaveLength(ids.length);
			result.items.forEach((item, index) => {
				expect(item.json.error).toMatch(/^Concurrency must be a whole number from 1 to 50, got /);
				expect(item.json.id).toBeUndefined();
				expect(item.pairedItem).toEqual({ item: index });
			});
			expect(sandbox.requests).toHaveLength(0);
		},
	);

	it('without Continue On Fail stops the node with that error', async () => {
		const result = await runNode({ sandbox, ids: [901, 902], options: { concurrency: 0 } });
		expect(result.error?.message).toBe('Concurrency must be a whole number from 1 to 50, got 0');
		expect(result.items).toHaveLength(0);
		expect(sandbox.requests).toHaveLength(0);
	});
});
