#!/usr/bin/env node
// Accessibility checks of the built outputs, offline, in Debian's headless Chromium:
//   axe-core (WCAG 2.1 A and AA rules) on OUTPUTS/index.html and every OUTPUTS/*/*.html,
//   DAISY Ace on every OUTPUTS/*/*.epub.
// Usage: node tests/a11y/check.mjs [OUTPUTS]   (default: outputs)
// Exit status: 0 no violation, 1 violations, 2 the checks could not run.
// Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default
// /usr/bin/chromedriver), A11Y_REPORTS (a folder to keep the JSON and Ace HTML reports in).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_PROCESSES = 2; // one browser each; the pages are split between them

// Findings whose cause is in the pipeline's Python code rather than in its templates.
const PYTHON_SIDE = [
  {
    match: (id) => id.startsWith('metadata-') || id.startsWith('epub-'),
    where:
      'the EPUB package document (content.opf) is written by pandoc and post-processed in ' +
      'pipeline/epub.py (called from write_epub in pipeline/render.py): the fix belongs there',
  },
];

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const red = (s) => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[39m` : s);
const green = (s) => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[39m` : s);

class SetupError extends Error {}

const oneLine = (html) => {
  const text = String(html).replace(/\s+/g, ' ').replace(/ xmlns="[^"]*"/g, '');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

function executable(file, what) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new SetupError(`${what} not found at ${file} (apt-get install chromium chromium-driver)`);
  }
  return file;
}

function findOutputs(outputs) {
  const html = [];
  const epub = [];
  const index = path.join(outputs, 'index.html');
  if (!fs.existsSync(index)) throw new SetupError(`${index} does not exist: build the outputs first`);
  html.push(index);
  for (const entry of fs.readdirSync(outputs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    for (const name of fs.readdirSync(path.join(outputs, entry.name)).sort()) {
      const file = path.join(outputs, entry.name, name);
      if (name.endsWith('.html')) html.push(file);
      else if (name.endsWith('.epub')) epub.push(file);
    }
  }
  return { html, epub };
}

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// ---------------------------------------------------------------- axe-core on the HTML pages

async function axeBatch(files, chromium, chromedriver) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-axe-'));
  const urls = files.map((file) => pathToFileURL(file).href);
  const args = [
    ...urls,
    '--tags', WCAG_TAGS.join(','),
    '--stdout',
    '--chromedriver-path', chromedriver,
    '--chrome-path', chromium,
    `--chrome-options=headless,no-sandbox,disable-gpu,disable-quic,no-first-run,` +
      `disable-background-networking,disable-component-update,disable-sync,user-data-dir=${profile}`,
  ];
  try {
    const { code, stdout, stderr } = await run(path.join(here, 'node_modules', '.bin', 'axe'), args, process.env);
    let results;
    try {
      results = JSON.parse(stdout);
    } catch {
      throw new SetupError(`axe did not report (exit ${code}):\n${stderr || stdout}`);
    }
    if (!Array.isArray(results)) results = [results];
    if (results.length !== urls.length) {
      throw new SetupError(`axe reported ${results.length} of ${urls.length} pages:\n${stderr}`);
    }
    results.forEach((result, i) => {
      // A page that failed to load is reported as Chromium's error page: that is no pass.
      if (result.url !== urls[i]) {
        throw new SetupError(`axe could not open ${urls[i]} (it checked ${result.url} instead)`);
      }
    });
    return results;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function checkHtml(files, chromium, chromedriver) {
  const size = Math.ceil(files.length / AXE_PROCESSES);
  const batches = [];
  for (let i = 0; i < files.length; i += size) batches.push(files.slice(i, i + size));
  const results = (await Promise.all(batches.map((batch) => axeBatch(batch, chromium, chromedriver)))).flat();
  const findings = [];
  results.forEach((result, i) => {
    for (const violation of result.violations) {
      findings.push({ file: files[i], violation });
    }
  });
  return { results, findings };
}

function printAxe(outputs, files, results, findings) {
  const version = results[0]?.testEngine?.version || '?';
  console.log(bold(`axe-core ${version}: ${files.length} HTML pages, rules tagged ${WCAG_TAGS.join(', ')}`));
  for (const file of files) {
    const mine = findings.filter((f) => f.file === file);
    const name = path.relative(outputs, file);
    if (mine.length === 0) {
      console.log(`  ${green('ok')}    ${name}`);
      continue;
    }
    console.log(`  ${red('FAIL')}  ${name}: ${mine.length} violated rule(s)`);
    for (const { violation } of mine) {
      const wcag = violation.tags.filter((t) => /^wcag\d{3,}$/.test(t)).map((t) => t.replace(/^wcag(\d)(\d)(\d+)$/, '$1.$2.$3'));
      console.log(`        ${bold(violation.id)} [${violation.impact}] ${violation.help} (WCAG ${wcag.join(', ') || '-'})`);
      console.log(`        ${violation.helpUrl}`);
      for (const node of violation.nodes) {
        console.log(`          at ${node.target.join(' ')}`);
        console.log(`             ${oneLine(node.html)}`);
        for (const line of (node.failureSummary || '').split('\n').slice(1)) {
          if (line.trim()) console.log(`             - ${line.trim()}`);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- DAISY Ace on the EPUBs

function aceRunner() {
  // One browser for every EPUB: Ace launches and closes it around each book otherwise.
  const runner = require('@daisy/ace-axe-runner-puppeteer');
  let launched = false;
  return {
    ...runner,
    launch: async () => {
      if (!launched) {
        await runner.launch();
        launched = true;
      }
    },
    close: async () => {},
    shutdown: async () => {
      if (launched) await runner.close();
    },
  };
}

async function checkEpubs(files, reportDir) {
  // Ace drives Chromium through puppeteer: never its own browser download, always Debian's.
  process.env.PUPPETEER_SKIP_DOWNLOAD = '1';
  process.env.PUPPETEER_EXECUTABLE_PATH ||= path.join(here, 'chromium-headless');
  const ace = require('@daisy/ace-core');
  const logger = require('@daisy/ace-logger');
  logger.initLogger({ verbose: false, silent: true });
  const runner = aceRunner();
  const books = [];
  try {
    for (const file of files) {
      const outdir = path.join(reportDir, 'ace', path.basename(path.dirname(file)));
      const [, report] = await ace(file, { cwd: process.cwd(), outdir, silent: true, jobId: '' }, runner);
      books.push({ file, report, outdir });
    }
  } finally {
    await runner.shutdown();
  }
  return books;
}

function aceFindings(report) {
  const findings = [];
  for (const subject of report.assertions || []) {
    const where = subject['earl:testSubject']?.url || '';
    for (const assertion of subject.assertions || []) {
      if (assertion['earl:result']?.['earl:outcome'] !== 'fail') continue;
      findings.push({ where, assertion });
    }
  }
  return findings;
}

function printAce(outputs, books, version) {
  console.log(bold(`DAISY Ace ${version}: ${books.length} EPUBs`));
  let count = 0;
  for (const { file, report, outdir } of books) {
    const findings = aceFindings(report);
    const name = path.relative(outputs, file);
    const meta = report['a11y-metadata'] || {};
    if (findings.length === 0 && report['earl:result']?.['earl:outcome'] !== 'fail') {
      console.log(`  ${green('ok')}    ${name}`);
      continue;
    }
    count += findings.length;
    console.log(`  ${red('FAIL')}  ${name}: ${findings.length} violation(s); report: ${path.join(outdir, 'report.html')}`);
    for (const { where, assertion } of findings) {
      const test = assertion['earl:test'] || {};
      const result = assertion['earl:result'] || {};
      const id = test['dct:title'] || '?';
      const [first, ...more] = String(result['dct:description'] || test['dct:description'] || '').split('\n');
      console.log(`        ${bold(id)} [${test['earl:impact']}] in ${where}: ${first}`);
      for (const line of more) if (line.trim()) console.log(`             - ${line.trim()}`);
      if (result['earl:pointer']?.css) console.log(`          at ${[].concat(result['earl:pointer'].css).join(' ')}`);
      if (result.html) console.log(`             ${oneLine(result.html)}`);
      if (test.help?.url) console.log(`             ${test.help.url}`);
      const hint = PYTHON_SIDE.find((h) => h.match(id, file));
      if (hint) console.log(`             -> not a template issue: ${hint.where}`);
    }
    const missing = (meta.missing || []).filter((m) => m.startsWith('schema:') || m === 'dcterms:conformsTo');
    if (missing.length > 0) console.log(`        accessibility metadata missing from the package document: ${missing.join(', ')}`);
  }
  return count;
}

// ---------------------------------------------------------------- main

async function main() {
  const outputs = path.resolve(process.argv[2] || 'outputs');
  const chromium = executable(process.env.CHROMIUM || '/usr/bin/chromium', 'Chromium');
  const chromedriver = executable(process.env.CHROMEDRIVER || '/usr/bin/chromedriver', 'ChromeDriver');
  process.env.CHROMIUM = chromium;
  const keep = process.env.A11Y_REPORTS;
  const reportDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-reports-'));
  fs.mkdirSync(reportDir, { recursive: true });
  const { html, epub } = findOutputs(outputs);
  if (epub.length === 0) throw new SetupError(`no EPUB under ${outputs}`);

  const started = Date.now();
  // The two checkers run side by side: axe through chromedriver, Ace through puppeteer.
  const [axe, books] = await Promise.all([
    checkHtml(html, path.join(here, 'chromium-headless'), chromedriver),
    checkEpubs(epub, reportDir),
  ]);
  fs.writeFileSync(path.join(reportDir, 'axe.json'), JSON.stringify(axe.results, null, 2));

  printAxe(outputs, html, axe.results, axe.findings);
  const aceVersion = require('@daisy/ace-core/package.json').version;
  const aceCount = printAce(outputs, books, aceVersion);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const total = axe.findings.length + aceCount;
  if (total > 0) {
    console.log(red(bold(`\n${axe.findings.length} axe rule violation(s) and ${aceCount} Ace violation(s) (${seconds} s); reports in ${reportDir}`)));
    return 1;
  }
  if (!keep) fs.rmSync(reportDir, { recursive: true, force: true });
  console.log(green(bold(`\nNo accessibility violation in ${html.length} HTML pages and ${epub.length} EPUBs (${seconds} s)`)));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(red(error instanceof SetupError ? error.message : error.stack || String(error)));
    process.exit(2);
  },
);
