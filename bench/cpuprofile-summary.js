#!/usr/bin/env node
'use strict';
/**
 * Where does n8n spend its CPU while the SuperOffice node runs? Summarises a V8 .cpuprofile of
 * the n8n process, cut to the samples between the first and the last one that have the node's
 * `execute` on the stack (start-up and output printing are left out).
 *
 *   node bench/run.js --n 2000 --reps 1 --latencies 0 --only node-10 --no-growth \
 *        --n8n-node-args "--cpu-prof --cpu-prof-interval=200 --cpu-prof-dir=$PWD/bench/.work/prof"
 *   node bench/cpuprofile-summary.js bench/.work/prof            # newest profile in that folder
 *   node bench/cpuprofile-summary.js bench/.work/prof http-10    # the HTTP Request node instead
 *
 * Second argument: 'node' (default: frames of n8n-nodes-superoffice, function `execute`) or
 * 'http' (n8n-nodes-base HttpRequestV3, function `execute`).
 */
const fs = require('node:fs');
const path = require('node:path');

const [dir, which = 'node'] = process.argv.slice(2);
if (!dir) {
	console.error('usage: node bench/cpuprofile-summary.js <folder with .cpuprofile> [node|http]');
	process.exit(2);
}
const marker = which.startsWith('http') ? 'HttpRequestV3' : 'n8n-nodes-superoffice';
const files = fs
	.readdirSync(dir)
	.filter((f) => f.endsWith('.cpuprofile'))
	.map((f) => path.join(dir, f))
	.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
if (!files.length) {
	console.error(`no .cpuprofile in ${dir}`);
	process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(files[0], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const stackCache = new Map();
const stackOf = (id) => {
	let s = stackCache.get(id);
	if (!s) {
		s = [];
		for (let x = id; x !== undefined; x = parent.get(x)) s.push(byId.get(x));
		stackCache.set(id, s);
	}
	return s;
};

let t = prof.startTime;
const samples = prof.samples.map((id, i) => {
	t += prof.timeDeltas[i];
	return { id, t };
});
const inNode = (id) =>
	stackOf(id).some(
		(n) => n.callFrame.url.includes(marker) && n.callFrame.functionName === 'execute',
	);
let first = -1;
let last = -1;
samples.forEach((s, i) => {
	if (inNode(s.id)) {
		if (first < 0) first = i;
		last = i;
	}
});
if (first < 0) {
	console.error(`no sample with ${marker} execute on the stack in ${files[0]}`);
	process.exit(1);
}
const win = samples.slice(first, last + 1);
const total = (win[win.length - 1].t - win[0].t) / 1000;
const dt = (i) => (i + 1 < win.length ? win[i + 1].t - win[i].t : 0) / 1000;
const pkg = (url) => {
	const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
	if (m) return m[m.length - 1].replace('node_modules/', '');
	if (!url) return '(V8/native)';
	return url.startsWith('node:') ? `node:${url.slice(5).split('/')[0]}` : path.basename(url);
};
const SPECIAL = { '(idle)': '(idle)', '(garbage collector)': '(gc)', '(program)': '(program)' };
const selfByPkg = new Map();
const inclusive = new Map();
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
win.forEach((s, i) => {
	const d = dt(i);
	const st = stackOf(s.id);
	const top = st[0].callFrame;
	add(selfByPkg, SPECIAL[top.functionName] ?? pkg(top.url), d);
	const seen = new Set();
	for (const n of st) {
		const k = `${n.callFrame.functionName || '(anonymous)'} [${pkg(n.callFrame.url)}]`;
		if (!seen.has(k)) {
			seen.add(k);
			add(inclusive, k, d);
		}
	}
});
const list = (m, k) =>
	[...m]
		.sort((a, b) => b[1] - a[1])
		.slice(0, k)
		.map(
			([name, ms]) =>
				`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`,
		)
		.join('\n');
console.log(
	`${path.basename(files[0])}: ${total.toFixed(0)} ms between the first and the last sample in ${marker} execute`,
);
console.log(`\nself time by package\n${list(selfByPkg, 20)}`);
console.log(`\ninclusive time by function\n${list(inclusive, 45)}`);
