// `npm run scan`: n8n's own community-package scanner (@n8n/scan-community-package 0.32.0), offline,
// both of its lint steps as its `analyzePackageByName` runs them on a published version:
//   1. the source: the package's folder in the GitHub commit the npm provenance attests, linted with
//      its SOURCE_FILE_PATTERNS (`package.json`, `{nodes,credentials}/**/*.{js,ts,json}`);
//   2. the package: the tarball npm would publish, linted as `**/*.js` and `package.json`.
// Its command line only reads published packages; its exported analyzePackage(dir, patterns) works
// on a folder, with its own pinned ESLint, plugins and rule sets (installed once into a cache).
// The source here is what a commit of this clone holds: the files git tracks plus new ones it does
// not ignore, read from the working tree (in CI's fresh clone that is exactly HEAD).
// Any finding fails, except the author's contact e-mail, which only whoever publishes can give;
// `--strict` (publish.yml) fails on that one too, as n8n's scanner does.
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
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
const PENDING = process.argv.includes('--strict') ? [] : [/valid-author/];
/** The tarball step's patterns in the scanner's analyzePackageByName (not exported by it). */
const PACKAGE_FILE_PATTERNS = ['**/*.js', 'package.json'];

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

/** The files a commit of this clone holds, copied into `dir`. */
function copySource(dir) {
	const files = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: ROOT,
	})
		.split('\0')
		.filter((f) => f && existsSync(join(ROOT, f)));
	for (const file of files) {
		mkdirSync(dirname(join(dir, file)), { recursive: true });
		cpSync(join(ROOT, file), join(dir, file));
	}
	return files.length;
}

/** One step's result: its findings (stylish lines with "error") and whether any are not pending. */
function report(name, result, ms) {
	if (result.passed) {
		console.log(`scan: ${name}: passed (${ms} ms)`);
		return { findings: 0, other: 0 };
	}
	const details = String(result.details ?? result.message ?? '');
	console.log(details);
	const findings = details.split('\n').filter((l) => /\berror\b/.test(l) && /^\s+\d+:\d+/.test(l));
	const pending = findings.filter((l) => PENDING.some((re) => re.test(l)));
	// A failure without lint lines (e.g. no package root found) counts as a finding of its own.
	const other = Math.max(findings.length - pending.length, findings.length === 0 ? 1 : 0);
	console.log(
		`scan: ${name}: ${findings.length} finding(s) in ${ms} ms: ${pending.length} pending a maintainer's contact e-mail in package.json "author", ${other} other`,
	);
	return { findings: findings.length, other };
}

async function main() {
	ensureScanner();
	const scanner = await import(
		pathToFileURL(
			join(CACHE, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'),
		).href
	);
	const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const work = mkdtempSync(join(tmpdir(), 'cec-scan-'));
	try {
		// Step 1: the source, as the scanner finds the package's folder in the attested commit.
		const source = join(work, 'source');
		const count = copySource(source);
		const packageRoot = scanner.findPackageRoot(source, name);
		let t0 = Date.now();
		const sourceResult = packageRoot
			? await scanner.analyzePackage(packageRoot, scanner.SOURCE_FILE_PATTERNS)
			: { passed: false, message: `no package.json named ${name} in the source` };
		const sourceReport = report(
			`source (${count} files in the commit; ${scanner.SOURCE_FILE_PATTERNS.join(', ')})`,
			sourceResult,
			Date.now() - t0,
		);

		// Step 2: the package npm would publish.
		sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
		const tarball = sh('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT })
			.trim()
			.split('\n')
			.pop();
		const dir = join(work, 'package');
		sh('tar', ['-xzf', join(work, tarball), '-C', work]);
		t0 = Date.now();
		const packageReport = report(
			`package (${tarball}; ${PACKAGE_FILE_PATTERNS.join(', ')})`,
			await scanner.analyzePackage(dir, PACKAGE_FILE_PATTERNS),
			Date.now() - t0,
		);
		if (sourceReport.other + packageReport.other > 0) process.exitCode = 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`scan: FAILED: ${error.message}`);
	process.exitCode = 1;
});
