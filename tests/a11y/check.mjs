#!/usr/bin/env node
// Accessibility checks of the built outputs, offline, in Debian's headless Chromium:
//   axe-core, rules tagged WCAG 2.1 A and AA, on OUTPUTS/index*.html and OUTPUTS/*/*.html
//   (one axe run over every page), and DAISY Ace on OUTPUTS/*/*.epub (one browser for all).
//
// Usage: node tests/a11y/check.mjs [--outputs DIR] [LANG ...]
//   LANG limits the check to those languages' folders (the index is always checked).
// Exit status: 0 no violation, 1 violations (listed), 2 the checks could not run.
// Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default
// /usr/bin/chromedriver), A11Y_REPORTS (a folder to keep axe's JSON and Ace's reports in).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Every browser this script starts gets these (see chromium-headless for Ace's).
const CHROMIUM_FLAGS = [
  'headless', 'no-sandbox', 'disable-gpu', 'disable-quic', 'no-first-run',
  'disable-background-networking', 'disable-component-update', 'disable-sync',
];

// Where the cause of a finding lives, so that the report says whom to ask.
function origin(kind, id) {
  if (kind === 'epub' && (id.startsWith('metadata-') || id.startsWith('epub-') || id.startsWith('pagelist-'))) {
    return 'not a template issue: the EPUB package document (content.opf) comes from pandoc and ' +
      'is post-processed in pipeline/epub.py (write_epub in pipeline/render.py); fix it there';
  }
  if (kind === 'epub' && /contrast|color/.test(id)) {
    return 'EPUB styles come from pipeline/templates/factsheet.css';
  }
  if (kind === 'epub') {
    return 'EPUB markup is written by pandoc (pipeline/render.py, pipeline/pandoc.py), ' +
      'styled by pipeline/templates/factsheet.css';
  }
  return '';
}

const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[22m` : s);
const red = (s) => (tty ? `\x1b[31m${s}\x1b[39m` : s);
const green = (s) => (tty ? `\x1b[32m${s}\x1b[39m` : s);

class SetupError extends Error {}

function oneLine(html) {
  const text = String(html).replace(/\s+/g, ' ').replace(/ xmlns(:\w+)?="[^"]*"/g, '');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function executable(file, what) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new SetupError(`${what} not found at ${file} (apt-get install chromium chromium-driver)`);
  }
  return file;
}

function parseArgs(argv) {
  let outputs = 'outputs';
  const languages = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--outputs') outputs = argv[++i];
    else if (argv[i].startsWith('--outputs=')) outputs = argv[i].slice('--outputs='.length);
    else if (argv[i].startsWith('-')) throw new SetupError(`unknown option ${argv[i]}`);
    else languages.push(argv[i].replace('-', '_'));
  }
  if (!outputs) throw new SetupError('--outputs needs a folder');
  return { outputs: path.resolve(outputs), languages };
}

function findOutputs(outputs, languages) {
  const index = path.join(outputs, 'index.html');
  if (!fs.existsSync(index)) throw new SetupError(`${index} does not exist: build the outputs first`);
  const html = [index];
  const epub = [];
  // The index in every published language: index.<lang>.html beside index.html.
  for (const name of fs.readdirSync(outputs).sort()) {
    const code = /^index\.([A-Za-z_]+)\.html$/.exec(name);
    if (code && (languages.length === 0 || languages.includes(code[1]))) {
      html.push(path.join(outputs, name));
    }
  }
  const folders = fs.readdirSync(outputs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const code of languages) {
    if (!folders.includes(code)) throw new SetupError(`no folder ${code} in ${outputs}`);
  }
  for (const folder of folders) {
    if (languages.length > 0 && !languages.includes(folder)) continue;
    for (const name of fs.readdirSync(path.join(outputs, folder)).sort()) {
      const file = path.join(outputs, folder, name);
      if (name.endsWith('.html')) html.push(file);
      else if (name.endsWith('.epub')) epub.push(file);
    }
  }
  return { html, epub };
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// ---------------------------------------------------------------- axe-core on the HTML pages

async function checkHtml(files, chromium, chromedriver) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-axe-'));
  const urls = files.map((file) => pathToFileURL(file).href);
  const options = [...CHROMIUM_FLAGS, `user-data-dir=${profile}`].join(',');
  const args = [
    ...urls,
    '--tags', WCAG_TAGS.join(','),
    '--stdout',
    '--chromedriver-path', chromedriver,
    '--chrome-path', chromium,
    `--chrome-options=${options}`,
  ];
  try {
    const { code, stdout, stderr } = await run(path.join(here, 'node_modules', '.bin', 'axe'), args);
    let results;
    try {
      results = JSON.parse(stdout);
    } catch {
      throw new SetupError(`axe did not report (exit status ${code}):\n${stderr || stdout}`);
    }
    if (!Array.isArray(results)) results = [results];
    if (results.length !== urls.length) {
      throw new SetupError(`axe reported on ${results.length} of ${urls.length} pages:\n${stderr}`);
    }
    results.forEach((result, i) => {
      // A page that did not load is reported as Chromium's error page: no pass for it.
      if (result.url !== urls[i]) {
        throw new SetupError(`axe could not open ${urls[i]} (it checked ${result.url} instead)`);
      }
    });
    return results;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function printAxe(outputs, files, results) {
  const version = results[0]?.testEngine?.version || '?';
  console.log(bold(`axe-core ${version}: ${files.length} HTML pages, rules tagged ${WCAG_TAGS.join(', ')}`));
  let count = 0;
  results.forEach((result, i) => {
    const name = path.relative(outputs, files[i]);
    if (result.violations.length === 0) {
      console.log(`  ${green('ok')}    ${name}`);
      return;
    }
    count += result.violations.length;
    console.log(`  ${red('FAIL')}  ${name}: ${result.violations.length} rule(s) violated`);
    for (const violation of result.violations) {
      const criteria = violation.tags
        .filter((tag) => /^wcag\d{3,}$/.test(tag))
        .map((tag) => tag.replace(/^wcag(\d)(\d)(\d+)$/, '$1.$2.$3'));
      console.log(`        ${bold(violation.id)} [${violation.impact}] ${violation.help} (WCAG ${criteria.join(', ') || '-'})`);
      console.log(`             ${violation.helpUrl}`);
      for (const node of violation.nodes) {
        console.log(`          at ${node.target.join(' ')}`);
        console.log(`             ${oneLine(node.html)}`);
        for (const line of (node.failureSummary || '').split('\n').slice(1)) {
          if (line.trim()) console.log(`             - ${line.trim()}`);
        }
      }
    }
  });
  return count;
}

// ---------------------------------------------------------------- DAISY Ace on the EPUBs

async function checkEpubs(files, reportDir) {
  // Ace drives Chromium through puppeteer: never a browser of its own, always Debian's.
  process.env.PUPPETEER_SKIP_DOWNLOAD = '1';
  process.env.PUPPETEER_EXECUTABLE_PATH ||= path.join(here, 'chromium-headless');
  const ace = require('@daisy/ace-core');
  const logger = require('@daisy/ace-logger');
  const runner = require('@daisy/ace-axe-runner-puppeteer');
  logger.initLogger({ verbose: false, silent: true });
  runner.concurrency = Math.min(4, Math.max(2, os.cpus().length));
  // Ace launches and closes the browser around each book; one browser serves them all here.
  let launched = false;
  const shared = {
    ...runner,
    launch: async () => {
      if (!launched) {
        await runner.launch();
        launched = true;
      }
    },
    close: async () => {},
  };
  const books = [];
  try {
    for (const file of files) {
      const outdir = path.join(reportDir, 'ace', path.basename(path.dirname(file)));
      const [, report] = await ace(file, { cwd: process.cwd(), outdir, silent: true, jobId: '' }, shared);
      books.push({ file, report, outdir });
    }
  } finally {
    if (launched) {
      await Promise.race([runner.close(), new Promise((resolve) => { setTimeout(resolve, 10000).unref(); })]);
    }
  }
  return books;
}

function printAce(outputs, books) {
  const version = books[0]?.report['earl:assertedBy']?.['doap:release']?.['doap:revision'] || '?';
  console.log(bold(`DAISY Ace ${version}: ${books.length} EPUBs`));
  let count = 0;
  for (const { file, report, outdir } of books) {
    const name = path.relative(outputs, file);
    const findings = [];
    for (const subject of report.assertions || []) {
      for (const assertion of subject.assertions || []) {
        if (assertion['earl:result']?.['earl:outcome'] === 'fail') {
          findings.push({ where: subject['earl:testSubject']?.url || '', assertion });
        }
      }
    }
    if (findings.length === 0 && report['earl:result']?.['earl:outcome'] !== 'fail') {
      console.log(`  ${green('ok')}    ${name}`);
      continue;
    }
    count += Math.max(1, findings.length);
    console.log(`  ${red('FAIL')}  ${name}: ${findings.length} violation(s); report ${path.join(outdir, 'report.html')}`);
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
      const hint = origin('epub', id);
      if (hint) console.log(`             -> ${hint}`);
    }
    const missing = (report['a11y-metadata']?.missing || [])
      .filter((name) => name.startsWith('schema:') || name === 'dcterms:conformsTo');
    if (missing.length > 0) {
      console.log(`        accessibility metadata missing from content.opf: ${missing.join(', ')}`);
      console.log(`             -> ${origin('epub', 'metadata-')}`);
    }
  }
  return count;
}

// ---------------------------------------------------------------- main

async function main() {
  const { outputs, languages } = parseArgs(process.argv.slice(2));
  const chromium = executable(process.env.CHROMIUM || '/usr/bin/chromium', 'Chromium');
  const chromedriver = executable(process.env.CHROMEDRIVER || '/usr/bin/chromedriver', 'ChromeDriver');
  process.env.CHROMIUM = chromium; // for chromium-headless
  const { html, epub } = findOutputs(outputs, languages);
  const keep = process.env.A11Y_REPORTS;
  const reportDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'a11y-reports-'));
  fs.mkdirSync(reportDir, { recursive: true });

  const started = Date.now();
  // Side by side: axe through chromedriver in one browser, Ace through puppeteer in another.
  const [results, books] = await Promise.all([
    checkHtml(html, path.join(here, 'chromium-headless'), chromedriver),
    checkEpubs(epub, reportDir),
  ]);
  fs.writeFileSync(path.join(reportDir, 'axe.json'), JSON.stringify(results, null, 2));
  const seconds = ((Date.now() - started) / 1000).toFixed(0);

  const axeCount = printAxe(outputs, html, results);
  const aceCount = printAce(outputs, books);
  if (axeCount + aceCount > 0) {
    console.log(red(bold(`\n${axeCount} axe rule violation(s), ${aceCount} Ace violation(s) (${seconds} s); reports in ${reportDir}`)));
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
