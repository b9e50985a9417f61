// The README is the node's documentation page on npm, where a relative link to a file the package
// does not ship (docs/, demo/, CONTRIBUTING.md, the screenshots) leads nowhere. The repository keeps
// relative links (they work on GitHub and in a clone); at release, publish.yml rewrites each one into
// an absolute link to the same file at the release's tag, built from package.json's `repository`.
//
//   node scripts/readme-links.mjs             check (npm test): every relative link points at a file
//                                             or folder of the repository and every #anchor at a
//                                             heading; the README as released (rewritten with the
//                                             real repository, or a stand-in while it has none)
//                                             keeps no relative link to a file the package does not ship
//   node scripts/readme-links.mjs --release   rewrite README.md in place (publish.yml, before
//                                             `npm publish`); fails without `repository.url`
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(ROOT, 'README.md');
/** Used by the check only, while package.json has no `repository`: the rewrite's shape is the same. */
const STAND_IN = 'https://github.com/example/n8n-nodes-huawei-cec';

/**
 * Every link target in markdown: inline links and images `[t](target "title")`, reference
 * definitions `[id]: target`, and HTML `href="…"` / `src="…"`. Code spans and fenced blocks are
 * skipped (their text is not a link).
 */
export function linkTargets(markdown) {
	const targets = [];
	let fenced = false;
	markdown.split('\n').forEach((line, i) => {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) return;
		const text = line.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length));
		const patterns = [
			/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
			/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g,
			/\b(?:href|src)\s*=\s*["']([^"']+)["']/g,
		];
		for (const re of patterns)
			for (const m of text.matchAll(re))
				targets.push({ line: i + 1, target: m[1], index: m.index + m[0].indexOf(m[1]) });
	});
	return targets;
}

const isRelative = (target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#');

/** `git+https://github.com/owner/repo.git` (or `github:owner/repo`) → `https://github.com/owner/repo`. */
export function githubBase(repository) {
	const url = typeof repository === 'string' ? repository : repository?.url;
	if (!url) return undefined;
	const m =
		/^(?:git\+)?(?:https|git|ssh):\/\/(?:git@)?github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
			url,
		) ?? /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(url);
	if (!m) throw new Error(`repository.url is not a GitHub repository: ${url}`);
	return `https://github.com/${m[1]}/${m[2]}`;
}

/**
 * The README with every relative link made absolute at `ref`: files and folders to their GitHub page,
 * images (`![…](…)`, `src=`) to their raw file so that npm can show them.
 */
export function absolutize(markdown, base, ref, isDirectory) {
	const raw = base.replace('https://github.com/', 'https://raw.githubusercontent.com/');
	const lines = markdown.split('\n');
	const byLine = new Map();
	for (const t of linkTargets(markdown).filter((x) => isRelative(x.target)))
		byLine.set(t.line, [...(byLine.get(t.line) ?? []), t]);
	for (const [line, list] of byLine) {
		let text = lines[line - 1];
		for (const { target, index } of list.sort((a, b) => b.index - a.index)) {
			const [path, hash = ''] = target.split(/(?=#)/);
			const file = normalize(path).replace(/\/$/, '');
			const image =
				/!\[[^\]]*\]\(\s*<?$/.test(text.slice(0, index)) ||
				/src\s*=\s*["']$/.test(text.slice(0, index));
			const url = image
				? `${raw}/${ref}/${file}`
				: `${base}/${isDirectory(file) ? 'tree' : 'blob'}/${ref}/${file}${hash}`;
			text = text.slice(0, index) + url + text.slice(index + target.length);
		}
		lines[line - 1] = text;
	}
	return lines.join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

/** The files `npm pack` would put in the package (the README is always one of them). */
function shippedFiles() {
	const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`npm pack --dry-run failed:\n${r.stderr}`);
	return new Set(JSON.parse(r.stdout)[0].files.map((f) => f.path));
}

function check() {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const markdown = readFileSync(README, 'utf8');
	const problems = [];
	const anchors = new Set(
		markdown
			.split('\n')
			.filter((l) => /^#{1,6}\s/.test(l))
			.map((l) => slug(l.replace(/^#+\s*/, ''))),
	);
	const targets = linkTargets(markdown);
	for (const { line, target } of targets) {
		if (target.startsWith('#')) {
			if (!anchors.has(target.slice(1)))
				problems.push(`README.md:${line}: ${target} is no heading`);
		} else if (isRelative(target) && !existsSync(join(ROOT, target.split('#')[0])))
			problems.push(`README.md:${line}: ${target} does not exist`);
	}
	const base = githubBase(pkg.repository) ?? STAND_IN;
	const released = absolutize(markdown, base, `v${pkg.version}`, isDirectory);
	const shipped = shippedFiles();
	for (const { line, target } of linkTargets(released))
		if (isRelative(target) && !shipped.has(normalize(target.split('#')[0])))
			problems.push(
				`README.md:${line}: ${target} stays relative on npm, and the package does not ship it`,
			);
	if (problems.length > 0) {
		console.error(`readme-links: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
		process.exitCode = 1;
		return;
	}
	const relative = targets.filter((t) => isRelative(t.target)).length;
	console.log(
		`readme-links: ${targets.length} links; the ${relative} relative ones exist and become absolute at release (${pkg.repository ? base : `stand-in ${STAND_IN}: package.json has no repository yet`})`,
	);
}

function isDirectory(path) {
	return existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory();
}

function release() {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const base = githubBase(pkg.repository);
	if (!base) throw new Error('package.json has no repository.url: the README links need it');
	writeFileSync(
		README,
		absolutize(readFileSync(README, 'utf8'), base, `v${pkg.version}`, isDirectory),
	);
	console.log(`readme-links: README.md links now point at ${base} at v${pkg.version}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		if (process.argv.includes('--release')) release();
		else check();
	} catch (error) {
		console.error(`readme-links: FAILED: ${error.message}`);
		process.exitCode = 1;
	}
}
