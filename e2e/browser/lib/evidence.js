'use strict';
/**
 * What a failed editor test leaves behind under .tmp/browser/<version>/: a full-page screenshot
 * and the browser console log of the session, named after the test. The paths are appended to
 * the error so the test report points at them.
 */
const fs = require('node:fs');
const path = require('node:path');

const EVIDENCE_ROOT = path.resolve(__dirname, '..', '..', '..', '.tmp', 'browser');

function slug(text) {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 80);
}

/**
 * Wrap a test body so a failure keeps a screenshot and the console log.
 * @param {{ version: string, page: import('playwright-core').Page, consoleLines: string[] }} session
 */
function withEvidence(getSession, title, body) {
	return async (t) => {
		const session = getSession();
		const firstLine = session.consoleLines.length;
		try {
			await body(session.page, t);
		} catch (error) {
			const dir = path.join(EVIDENCE_ROOT, session.version);
			fs.mkdirSync(dir, { recursive: true });
			const base = path.join(dir, slug(title));
			const saved = [];
			try {
				await session.page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 60_000 });
				saved.push(`${base}.png`);
			} catch (e) {
				saved.push(`(no screenshot: ${e.message.split('\n')[0]})`);
			}
			const lines = session.consoleLines.map((l, i) => (i >= firstLine ? `> ${l}` : `  ${l}`));
			fs.writeFileSync(
				`${base}.console.log`,
				`${title}\n${session.page.url()}\n(lines marked > were logged during this test)\n\n${lines.join('\n')}\n`,
			);
			saved.push(`${base}.console.log`);
			if (error && typeof error === 'object')
				error.message = `${error.message}\n  kept: ${saved.join(', ')}`;
			throw error;
		}
	};
}

module.exports = { EVIDENCE_ROOT, withEvidence };
