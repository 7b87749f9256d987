/**
 * Calls `task` for every index from 0 to count - 1, at most `concurrency` at once, and returns
 * the results in index order. After a failure no further task starts; once the running ones
 * settle, the failure with the lowest index is thrown. Used by the action node's item runner,
 * Get Many's full reads and the idle trigger's per-session reads.
 */
export async function mapConcurrently<T>(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results: T[] = new Array(count);
	const workerCount = Math.max(1, Math.min(Math.floor(concurrency) || 1, count));
	let nextIndex = 0;
	const failures: Array<{ index: number; error: unknown }> = [];

	const worker = async () => {
		while (nextIndex < count && failures.length === 0) {
			const index = nextIndex++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};

	await Promise.all(Array.from({ length: workerCount }, worker));
	if (failures.length > 0) {
		// Tasks still in flight may fail too: report the earliest in index order.
		throw failures.reduce((first, failure) => (failure.index < first.index ? failure : first))
			.error;
	}
	return results;
}
