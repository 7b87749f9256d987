import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_TIMEOUT_MS,
	optionsProperty,
	readConcurrency,
	readRequestSettings,
} from '../../nodes/shared/execution/nodeOptions';
import { DEFAULT_RETRY_POLICY } from '../../nodes/shared/transport/retry';

function shownDefault(name: string): unknown {
	const option = (optionsProperty.options as INodeProperties[]).find((o) => o.name === name);
	if (!option) throw new Error(`no option ${name}`);
	return option.default;
}

/** An execution whose Options collection is empty: every value comes from the fallbacks. */
const noOptions = { getNodeParameter: () => ({}) } as unknown as IExecuteFunctions;

describe('node options: the defaults the editor shows are the ones the code uses', () => {
	it("Max Retries and Max Retry Wait show the retry policy's defaults", () => {
		expect(shownDefault('maxRetries')).toBe(DEFAULT_RETRY_POLICY.maxRetries);
		expect(shownDefault('maxRetryWait')).toBe(DEFAULT_RETRY_POLICY.maxTotalWaitMs);
	});

	it('Concurrency and Timeout show the constants the code falls back to', () => {
		expect(shownDefault('concurrency')).toBe(DEFAULT_CONCURRENCY);
		expect(shownDefault('timeout')).toBe(DEFAULT_TIMEOUT_MS);
	});

	it('an empty Options collection runs with exactly the shown defaults', () => {
		const settings = readRequestSettings(noOptions, 0);
		expect(readConcurrency(noOptions)).toBe(shownDefault('concurrency'));
		expect(settings.timeout).toBe(shownDefault('timeout'));
		expect(settings.retry?.maxRetries).toBe(shownDefault('maxRetries'));
		expect(settings.retry?.maxTotalWaitMs).toBe(shownDefault('maxRetryWait'));
	});
});
