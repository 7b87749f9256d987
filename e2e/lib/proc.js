'use strict';
/**
 * Child processes with a hard time bound. Every child is started in its own
 * process group (detached), so a timeout or stop() kills the whole tree
 * (n8n spawns task-runner children) with one signal to the group.
 */
const { spawn } = require('node:child_process');

const live = new Set();

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

// Last line of defence: no process group outlives the test process.
process.on('exit', () => {
	for (const pid of live) killGroup(pid, 'SIGKILL');
});

/**
 * Start a child in its own process group.
 * @returns {{child, pid, output: () => {stdout: string, stderr: string}, exited: Promise<{exitCode, signal}>, stop: (graceMs?) => Promise<{exitCode, signal}>}}
 */
function start(cmd, args, { cwd, env, onStdout, onStderr, maxBuffer = 64 * 1024 * 1024 } = {}) {
	const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const out = [];
	const err = [];
	let outLen = 0;
	let errLen = 0;
	child.stdout.on('data', (b) => {
		if (outLen < maxBuffer) out.push(b);
		outLen += b.length;
		if (onStdout) onStdout(b.toString());
	});
	child.stderr.on('data', (b) => {
		if (errLen < maxBuffer) err.push(b);
		errLen += b.length;
		if (onStderr) onStderr(b.toString());
	});
	if (child.pid) live.add(child.pid);
	const exited = new Promise((resolve) => {
		let settled = false;
		const done = (exitCode, signal) => {
			if (settled) return;
			settled = true;
			live.delete(child.pid);
			resolve({ exitCode, signal });
		};
		child.on('error', (e) => {
			err.push(Buffer.from(String(e && e.message) + '\n'));
			done(null, null);
		});
		child.on('exit', (code, signal) => {
			// grandchildren (task runners) may hold the pipes open: end the group, then wait for the pipes, bounded
			if (child.pid && groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
			let waited = false;
			const finish = () => {
				if (waited) return;
				waited = true;
				done(code, signal);
			};
			child.on('close', finish);
			setTimeout(finish, 2000).unref();
		});
	});
	const output = () => ({
		stdout: Buffer.concat(out).toString(),
		stderr: Buffer.concat(err).toString(),
	});
	/**
	 * SIGTERM, then SIGKILL to the whole group after graceMs. `onlyTheProcess` sends the SIGTERM to
	 * the child alone, as `docker stop` and Kubernetes do: its own children (n8n's task runner)
	 * are then stopped by the child's shutdown, not signalled before it begins.
	 */
	async function stop(graceMs = 10000, { onlyTheProcess = false } = {}) {
		if (child.exitCode === null && child.signalCode === null && child.pid) {
			if (onlyTheProcess) process.kill(child.pid, 'SIGTERM');
			else killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
			timer.unref();
			const r = await exited;
			clearTimeout(timer);
			return r;
		}
		return exited;
	}
	return { child, pid: child.pid, output, exited, stop };
}

/**
 * Run to completion, killing the process group after timeoutMs.
 * @returns {Promise<{exitCode: number|null, signal: string|null, stdout: string, stderr: string, timedOut: boolean, durationMs: number}>}
 */
async function run(
	cmd,
	args,
	{ cwd, env, timeoutMs = 120000, graceMs = 5000, onStdout, onStderr } = {},
) {
	const t0 = Date.now();
	const p = start(cmd, args, { cwd, env, onStdout, onStderr });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		p.stop(graceMs);
	}, timeoutMs);
	const { exitCode, signal } = await p.exited;
	clearTimeout(timer);
	const { stdout, stderr } = p.output();
	return { exitCode, signal, stdout, stderr, timedOut, durationMs: Date.now() - t0 };
}

module.exports = { run, start, killGroup };
