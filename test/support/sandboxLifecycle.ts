/**
 * One sandbox per test file, fresh for every test: started before the file's first test,
 * closed after its last, and before each test set back to the default seed with no faults,
 * no recorded requests, zeroed stats and the normal tenant state answer. `prepare` adds what a
 * file needs on top (latency, another seed, OAuth settings).
 */
import { createSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';

export function useSandbox(
	prepare?: (sandbox: Sandbox) => void,
	options: Parameters<typeof createSandbox>[0] = {},
): Sandbox {
	let current: Sandbox | undefined;
	beforeAll(async () => {
		current = await createSandbox({ port: 0, ...options });
	});
	afterAll(async () => {
		await current?.close();
	});
	beforeEach(() => {
		const sandbox = started();
		sandbox.faults.clear();
		sandbox.reseed('default');
		sandbox.clearRequests();
		sandbox.resetStats();
		sandbox.oauth.setTenantState(null);
		prepare?.(sandbox);
	});

	function started(): Sandbox {
		if (!current)
			throw new Error('the sandbox starts in beforeAll: use it inside tests and hooks only');
		return current;
	}
	// The file keeps writing `sandbox.x`: every access goes to the sandbox of this file's run.
	return new Proxy({} as Sandbox, {
		get(_target, key) {
			const sandbox = started();
			const value: unknown = Reflect.get(sandbox, key, sandbox);
			return typeof value === 'function'
				? (value as (...args: unknown[]) => unknown).bind(sandbox)
				: value;
		},
	});
}
