/**
 * Process-level set-up for running n8n-core (2.11.x) inside jest.
 *
 * n8n-core resolves its services lazily from the `@n8n/di` Container, and most of
 * them read their configuration from `process.env` the first time they are built
 * (`@n8n/config` classes). So the order matters: environment first, Container second.
 *
 * What n8n-core 2.11.1 needs / does when a node runs:
 *  - `InstanceSettings` (via `NodeExecutionContext`, `Cipher`, `BinaryDataConfig`) reads
 *    `N8N_USER_FOLDER` and `N8N_ENCRYPTION_KEY` and writes `<folder>/.n8n/config`.
 *  - `Logger` (`@n8n/backend-common`) reads `N8N_LOG_LEVEL` / `N8N_LOG_OUTPUT`.
 *  - `ExecuteContext` and `CredentialTestContext` spread `getSSHTunnelFunctions()`, which
 *    does `Container.get(SSHClientsManager)`. That constructor starts a 60 s
 *    `setInterval` (not unref'd) and adds a `process.on('exit')` listener -> jest would
 *    never exit by itself. `teardownHarness()` stops both.
 *  - `TriggerContext` / `PollContext` (manual trigger start) build `ScheduledTaskManager`,
 *    which starts an interval only if `N8N_CRON_ACTIVE_INTERVAL` != 0 (default 0).
 *  - `ErrorReporter` only starts a timer from `init()`, which nothing here calls.
 *
 * Every jest test file gets its own module registry (and own copy of `process.env`),
 * therefore its own Container. The harness sets itself up lazily on first use in a file
 * and registers `afterAll(teardownHarness)` automatically when this module is imported
 * at the top level of a test file.
 */
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InstanceSettings } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';

export interface HarnessEnvironmentOptions {
	/** Encryption key for n8n's Cipher (credential encryption). Default: a fixed test key. */
	encryptionKey?: string;
	/** n8n log level (`N8N_LOG_LEVEL`). Default: `process.env.N8N_LOG_LEVEL` or `'silent'`. */
	logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export interface HarnessEnvironment {
	/** The throwaway folder used as `N8N_USER_FOLDER` (n8n writes `.n8n/config` in it). */
	userFolder: string;
	encryptionKey: string;
	instanceSettings: InstanceSettings;
}

const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-superoffice-test-harness-key';

const MANAGED_ENV_VARS = [
	'N8N_USER_FOLDER',
	'N8N_ENCRYPTION_KEY',
	'N8N_LOG_LEVEL',
	'N8N_LOG_OUTPUT',
	'N8N_DIAGNOSTICS_ENABLED',
	'N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS',
	'NO_PROXY',
	'no_proxy',
] as const;

let current: HarnessEnvironment | undefined;
let savedEnv: Partial<Record<(typeof MANAGED_ENV_VARS)[number], string | undefined>> = {};
let exitListenersAdded: Array<(...args: unknown[]) => void> = [];

function snapshotExitListeners(): Array<(...args: unknown[]) => void> {
	return process.listeners('exit') as Array<(...args: unknown[]) => void>;
}

/**
 * Idempotent. Prepares env vars + DI container for n8n-core. Called automatically by
 * `runWorkflow` / `runCredentialTest`; call it yourself only if you need the
 * environment (e.g. `InstanceSettings`) before the first run.
 */
export function setupHarnessEnvironment(
	options: HarnessEnvironmentOptions = {},
): HarnessEnvironment {
	if (current) return current;

	savedEnv = {};
	for (const name of MANAGED_ENV_VARS) savedEnv[name] = process.env[name];

	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const encryptionKey = options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY;
	process.env.N8N_USER_FOLDER = userFolder;
	process.env.N8N_ENCRYPTION_KEY = encryptionKey;
	process.env.N8N_LOG_LEVEL = options.logLevel ?? process.env.N8N_LOG_LEVEL ?? 'silent';
	process.env.N8N_LOG_OUTPUT = 'console';
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	// Avoid the "permissions 0644 are too wide" warning path for the settings file.
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
	// Test servers listen on 127.0.0.1: never send them through a corporate proxy.
	if (
		process.env.HTTP_PROXY ||
		process.env.HTTPS_PROXY ||
		process.env.http_proxy ||
		process.env.https_proxy
	) {
		const extra = '127.0.0.1,localhost';
		process.env.NO_PROXY = process.env.NO_PROXY ? `${process.env.NO_PROXY},${extra}` : extra;
		process.env.no_proxy = process.env.NO_PROXY;
	}

	// Start from a clean container (this file's registry), then build the services in
	// the order n8n would: InstanceSettings first (creates <folder>/.n8n/config).
	Container.reset();
	const instanceSettings = Container.get(InstanceSettings);

	// Build the SSH client manager eagerly so we know exactly which timer/listener it
	// added, and unref its timer so a forgotten teardown cannot keep jest alive.
	const listenersBefore = new Set(snapshotExitListeners());
	const ssh = Container.get(SSHClientsManager);
	exitListenersAdded = snapshotExitListeners().filter((l) => !listenersBefore.has(l));
	(ssh as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();

	current = { userFolder, encryptionKey, instanceSettings };
	return current;
}

/** The current environment, or undefined if not set up (or torn down). */
export function getHarnessEnvironment(): HarnessEnvironment | undefined {
	return current;
}

/**
 * Stops everything n8n-core left running (SSH client manager interval + exit listener,
 * scheduled-task-manager crons/interval), resets the DI container, restores the env vars
 * and deletes the throwaway user folder. Idempotent; safe to call from `afterAll`.
 */
export async function teardownHarness(): Promise<void> {
	if (!current) return;
	const { userFolder } = current;
	current = undefined;

	try {
		// SSHClientsManager: public onShutdown() clears the 60 s cleanup interval and
		// ends any open SSH clients.
		Container.get(SSHClientsManager).onShutdown();
	} catch {
		// ignore: nothing to stop
	}
	for (const listener of exitListenersAdded) process.removeListener('exit', listener);
	exitListenersAdded = [];

	try {
		// Only exists if a trigger/poll context was created (manual trigger start).
		const scheduled = Container.get(ScheduledTaskManager);
		scheduled.deregisterAllCrons();
		const timer = (scheduled as unknown as { logInterval?: NodeJS.Timeout }).logInterval;
		if (timer) clearInterval(timer);
	} catch {
		// ignore
	}

	Container.reset();

	for (const name of MANAGED_ENV_VARS) {
		const value = savedEnv[name];
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
	savedEnv = {};

	rmSync(userFolder, { recursive: true, force: true });
}

// Auto-register teardown when imported at the top level of a jest test file.
// (Hooks cannot be registered from inside a running test; then this is a no-op and the
// unref'd timer still lets jest exit.)
if (typeof afterAll === 'function' && process.env.N8N_HARNESS_NO_AUTO_TEARDOWN !== 'true') {
	try {
		afterAll(teardownHarness);
	} catch {
		// not in a hook-registration phase
	}
}
