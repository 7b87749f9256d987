import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** `npm run sandbox` as a child process: what it printed so far, waiting for text, its exit. */
export interface SandboxCli {
	child: ChildProcess;
	output(): string;
	errors(): string;
	/** Resolves once the output holds `text`; false after `timeoutMs` (a loaded machine starts node slowly). */
	waitFor(text: string, timeoutMs?: number): Promise<boolean>;
	/** The exit code (null when a signal ended it). */
	exited: Promise<number | null>;
}

export function startSandboxCli(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): SandboxCli {
	const cli = path.join(__dirname, '..', 'sandbox', 'cli.js');
	const child = spawn(process.execPath, [cli, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (err += d));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return {
		child,
		output: () => out,
		errors: () => err,
		async waitFor(text, timeoutMs = 20_000) {
			const by = Date.now() + timeoutMs;
			while (!out.includes(text) && Date.now() < by) await new Promise((r) => setTimeout(r, 25));
			return out.includes(text);
		},
		exited,
	};
}
