'use strict';
/**
 * One editor session per n8n version: n8n set up the way `npm start` does (scripts/lib/setup.js:
 * pinned install, the package from its `npm pack` tarball, the sandbox, the imported credential and
 * example workflows), an owner account, and a headless chromium signed in through the real
 * sign-in page.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { prepare } = require('../../../scripts/lib/setup');
const { LAUNCH_ARGS } = require('./chromium');

const OWNER = Object.freeze({
	email: 'browser@example.com',
	firstName: 'Browser',
	lastName: 'Owner',
	password: 'SuperOffice-Browser-1',
});

/** How long one UI step may take on a busy 2-core machine before the test fails. */
const STEP_TIMEOUT_MS = 45_000;
/** A page load (the editor's bundle, then its REST calls). */
const NAVIGATION_TIMEOUT_MS = 180_000;

/** n8n marks its elements with data-test-id; playwright's getByTestId reads this attribute. */
function useN8nTestIds(playwright) {
	if (useN8nTestIds.done) return;
	playwright.selectors.setTestIdAttribute('data-test-id');
	useN8nTestIds.done = true;
}

/**
 * @param {{ version: string, chromiumPath: string, extraWorkflows?: (credential: {id, name}) => object[], extraCredentials?: object[], log?: (s: string) => void }} opts
 *   extraWorkflows: workflows a test needs besides those `npm start` imports (given fixed ids);
 *   extraCredentials: credentials they use besides the sandbox's ({id, name, type, data})
 * @returns {Promise<{ version, ctx, server, browser, page, consoleLines: string[], url(p: string): string, close(): Promise<void> }>}
 */
async function openEditor({
	version,
	chromiumPath,
	extraWorkflows,
	extraCredentials,
	log = () => undefined,
}) {
	const playwright = require('playwright-core');
	useN8nTestIds(playwright);
	const session = { version, consoleLines: [] };
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'so-browser-profile-'));
	session.close = async () => {
		if (session.browser) await session.browser.close().catch(() => undefined);
		if (session.ctx) await session.ctx.cleanup();
		fs.rmSync(profile, { recursive: true, force: true });
	};
	try {
		session.ctx = await prepare({ version, wrongHostPort: 0 });
		if (extraCredentials) await session.ctx.inst.importCredentials(extraCredentials);
		if (extraWorkflows)
			await session.ctx.inst.importWorkflows(extraWorkflows(session.ctx.credential));
		session.server = await session.ctx.inst.startServer({ owner: OWNER, readyTimeoutMs: 360_000 });
		session.url = (p = '/') => `${session.server.url}${p}`;
		log(`n8n ${version} editor at ${session.server.url}`);
		// A persistent context is the only way to give chromium a fresh --user-data-dir of our own.
		const context = await playwright.chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath,
			headless: true,
			args: [...LAUNCH_ARGS],
			viewport: { width: 1440, height: 900 },
			timeout: 120_000,
		});
		session.browser = context;
		context.setDefaultTimeout(STEP_TIMEOUT_MS);
		context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
		session.page = context.pages()[0] ?? (await context.newPage());
		session.page.on('console', (m) =>
			session.consoleLines.push(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}`),
		);
		// "Leave without saving?" (beforeunload) when a test navigates away from an edited workflow.
		session.page.on('dialog', (d) => d.accept().catch(() => undefined));
		session.page.on('pageerror', (e) =>
			session.consoleLines.push(`[${new Date().toISOString()}] pageerror: ${e.message}`),
		);
		await signIn(session.page, session.url('/signin'));
		return session;
	} catch (e) {
		await session.close();
		throw e;
	}
}

/** The sign-in form as a person fills it; resolves once the editor left the sign-in page. */
async function signIn(page, signInUrl) {
	await page.goto(signInUrl, { waitUntil: 'domcontentloaded' });
	await page
		.getByTestId('emailOrLdapLoginId')
		.locator('input')
		.waitFor({ timeout: NAVIGATION_TIMEOUT_MS });
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), {
		timeout: NAVIGATION_TIMEOUT_MS,
		waitUntil: 'commit',
	});
}

module.exports = { OWNER, STEP_TIMEOUT_MS, openEditor, signIn };
