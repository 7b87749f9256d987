#!/usr/bin/env node
// `npm run lint:verify`: the ESLint leg of n8n's verification scanner (@n8n/scan-community-package),
// offline, on both things the scanner reads: the source as committed (its rules, its globs) and the
// `npm pack` tarball (compiled .js and package.json). The scanner itself fails only on errors;
// this fails on any error or warning. It ignores `eslint-disable` comments, like the scanner.
//
//   node scripts/lint-verify.mjs            # the working tree's tracked and new files, and the tarball
//   node scripts/lint-verify.mjs --head     # `git archive HEAD` instead of the working tree
//
// dist/ must be built (`npm run build`) for the tarball leg.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// ESLint and fast-glob exactly as the scanner resolves them (its own pinned copies where it has them).
const SCANNER = createRequire(import.meta.url).resolve(
	'@n8n/scan-community-package/scanner/scanner.mjs',
);
const fromScanner = createRequire(SCANNER);
const scanner = await import(pathToFileURL(SCANNER).href);
const { ESLint } = fromScanner('eslint');
const glob = fromScanner('fast-glob');
const TIMEOUT_MS = 120_000;
// The scanner's tarball leg: compiled JavaScript and the published package.json.
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function sh(command, args, options = {}) {
	return execFileSync(command, args, {
		cwd: ROOT,
		timeout: TIMEOUT_MS,
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
}

/** The source tree as the scanner gets it from the attested commit. */
function sourceTree(workDir, fromHead) {
	const dir = join(workDir, 'source');
	mkdirSync(dir, { recursive: true });
	if (fromHead) {
		const archive = join(workDir, 'source.tar');
		sh('git', ['archive', '--format=tar', `--output=${archive}`, 'HEAD']);
		sh('tar', ['-xf', archive, '-C', dir]);
		return { dir, label: 'source (git archive HEAD)' };
	}
	// Tracked and new files, without ignored ones (node_modules, dist) and without deleted ones.
	const files = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		encoding: 'utf8',
	})
		.split('\0')
		.filter((file) => file !== '' && existsSync(join(ROOT, file)));
	for (const file of files) {
		mkdirSync(dirname(join(dir, file)), { recursive: true });
		cpSync(join(ROOT, file), join(dir, file));
	}
	return { dir, label: 'source (working tree)' };
}

/** `npm pack` of the built package, unpacked as the scanner unpacks it (strip the `package/` prefix). */
function tarball(workDir) {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(ROOT, file)));
	if (missing.length > 0)
		throw new Error(
			`dist/ is not built (missing ${missing.join(', ')}): run \`npm run build\` first`,
		);
	const packDir = join(workDir, 'pack');
	mkdirSync(packDir, { recursive: true });
	const out = sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
		encoding: 'utf8',
		env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
	});
	const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
	const dir = join(workDir, 'tarball');
	mkdirSync(dir, { recursive: true });
	sh('tar', ['-xzf', join(packDir, filename), '-C', dir, '--strip-components=1']);
	return { dir, label: `tarball (${filename})` };
}

/**
 * The scanner's own verdict (`analyzePackage`), plus every message of its rule set with
 * warnings counted: the scanner builds its ESLint the same way (no inline config, no config file).
 */
async function verify({ dir, label }, patterns) {
	const verdict = await scanner.analyzePackage(dir, patterns);
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		process.stdout.write((await formatter.format(results)).replaceAll(dir, label));
	}
	const ok = verdict.passed && files.length > 0 && errors + warnings === 0;
	const why =
		files.length === 0 ? ', no files found' : verdict.passed ? '' : `, scanner: ${verdict.message}`;
	console.log(
		`${ok ? 'ok  ' : 'FAIL'} ${label}: ${files.length} files, ${errors} errors, ${warnings} warnings${why}`,
	);
	return ok;
}

const workDir = mkdtempSync(join(tmpdir(), 'lint-verify-'));
try {
	const source = await verify(
		sourceTree(workDir, process.argv.includes('--head')),
		scanner.SOURCE_FILE_PATTERNS,
	);
	const packed = await verify(tarball(workDir), TARBALL_PATTERNS);
	process.exitCode = source && packed ? 0 : 1;
} catch (error) {
	console.error(`lint:verify could not run: ${error.message}`);
	process.exitCode = 1;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
