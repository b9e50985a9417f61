// `npm run scan`: n8n's own community-package scanner (@n8n/scan-community-package) on our packed
// package, offline. Its command line only reads published packages; its analyzePackage(dir) works on
// a folder. Any finding fails, except the author's contact e-mail, which only whoever publishes can give.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { sh } from './package.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCANNER_VERSION = '0.32.0';
const CACHE = join(
	process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
	'n8n-nodes-huawei-cec',
	`scan-${SCANNER_VERSION}`,
);
/** Findings that need a maintainer's decision we cannot make for them (a real contact address). */
const PENDING = [/valid-author/];

function ensureScanner() {
	if (existsSync(join(CACHE, '.complete'))) return;
	mkdirSync(CACHE, { recursive: true });
	writeFileSync(join(CACHE, 'package.json'), '{"name":"scan-cache","private":true}\n');
	// Its dependencies' install scripts are not needed to lint, and some fail here.
	sh(
		'npm',
		[
			'install',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--no-save',
			`@n8n/scan-community-package@${SCANNER_VERSION}`,
		],
		{ cwd: CACHE },
	);
	writeFileSync(join(CACHE, '.complete'), 'ok\n');
}

async function main() {
	ensureScanner();
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	const work = mkdtempSync(join(tmpdir(), 'cec-scan-'));
	try {
		const tarball = sh('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT })
			.trim()
			.split('\n')
			.pop();
		const dir = join(work, 'package');
		sh('tar', ['-xzf', join(work, tarball), '-C', work]);
		const { analyzePackage } = await import(
			pathToFileURL(
				join(CACHE, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'),
			).href
		);
		const t0 = Date.now();
		const result = await analyzePackage(dir);
		const ms = Date.now() - t0;
		if (result.passed) {
			console.log(`scan: passed (${ms} ms)`);
			return;
		}
		const details = String(result.details ?? result.message ?? '');
		console.log(details);
		const findings = details
			.split('\n')
			.filter((l) => /\berror\b/.test(l) && /^\s+\d+:\d+/.test(l));
		const pending = findings.filter((l) => PENDING.some((re) => re.test(l)));
		const other = findings.filter((l) => !pending.includes(l));
		console.log(
			`scan: ${findings.length} finding(s) in ${ms} ms: ${pending.length} pending a maintainer's contact e-mail in package.json "author", ${other.length} other`,
		);
		if (other.length > 0) process.exitCode = 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`scan: FAILED: ${error.message}`);
	process.exitCode = 1;
});
