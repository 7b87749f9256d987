/** The bounded-concurrency runner behind the item runner and Get Many's full-entity reads. */
import { mapConcurrently } from '../../nodes/shared/execution/concurrency';

/** A task that resolves when told to, so the test decides the order of completion. */
function controlled() {
	const started: number[] = [];
	const finish = new Map<number, (outcome: { value?: string; error?: Error }) => void>();
	const task = (index: number) =>
		new Promise<string>((resolve, reject) => {
			started.push(index);
			finish.set(index, ({ value, error }) =>
				error ? reject(error) : resolve(value ?? `r${index}`),
			);
		});
	return { started, finish, task };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
	it('runs at most `concurrency` tasks at once and returns results in index order, whatever order they finish in', async () => {
		const { started, finish, task } = controlled();
		const all = mapConcurrently(5, 2, task);
		await tick();
		expect(started).toEqual([0, 1]);
		finish.get(1)!({});
		await tick();
		expect(started).toEqual([0, 1, 2]);
		finish.get(2)!({});
		await tick();
		finish.get(0)!({});
		await tick();
		expect(started).toEqual([0, 1, 2, 3, 4]);
		finish.get(4)!({});
		finish.get(3)!({});
		await expect(all).resolves.toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
	});

	it('starts nothing new after a failure and throws the earliest failure in index order once the running ones settle', async () => {
		const { started, finish, task } = controlled();
		const all = mapConcurrently(6, 3, task);
		await tick();
		finish.get(2)!({ error: new Error('two') });
		await tick();
		finish.get(1)!({ error: new Error('one') });
		finish.get(0)!({});
		await expect(all).rejects.toThrow('one');
		expect(started).toEqual([0, 1, 2]);
	});

	it('treats a concurrency below 1 or not a number as 1, and an empty list as nothing to do', async () => {
		const { started, task } = controlled();
		void mapConcurrently(3, 0, task);
		void mapConcurrently(3, Number.NaN, task);
		await tick();
		expect(started).toEqual([0, 0]);
		await expect(mapConcurrently(0, 5, task)).resolves.toEqual([]);
	});
});
